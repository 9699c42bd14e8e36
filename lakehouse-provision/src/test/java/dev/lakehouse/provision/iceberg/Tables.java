package dev.lakehouse.provision.iceberg;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds table specs for tests: columns in order (each follows the one before), partition fields, properties. */
final class Tables {
  static final Map<String, String> OWNED = Map.of("lakehouse:env", "dev", "lakehouse:project", "acme");

  private final List<TableSpec.Column> columns = new ArrayList<>();
  private final List<String> partitionBy = new ArrayList<>();
  private final Map<String, String> properties = new LinkedHashMap<>();
  private Map<String, String> glueParameters = OWNED;
  private String location = "s3://acme-dev-processed-123456789012/events";
  private int formatVersion = 2;
  private int nextFieldId = 1;
  private Set<String> identifierFields = Set.of();
  private Set<String> sortColumns = Set.of();
  private final Map<String, String> partitionFieldSources = new LinkedHashMap<>();

  static Tables table() {
    return new Tables();
  }

  Tables column(String name, String type) {
    return column(name, type, false, null, null);
  }

  Tables required(String name, String type) {
    return column(name, type, true, null, null);
  }

  Tables commented(String name, String type, String comment) {
    return column(name, type, false, comment, null);
  }

  Tables renamed(String name, String type, String renamedFrom) {
    return column(name, type, false, null, renamedFrom);
  }

  private Tables column(String name, String type, boolean required, String comment, String renamedFrom) {
    String after = columns.isEmpty() ? null : columns.get(columns.size() - 1).name();
    columns.add(new TableSpec.Column(name, type, required, comment, after, renamedFrom, nextFieldId++, Map.of()));
    return this;
  }

  Tables partition(String field) {
    partitionBy.add(field);
    return this;
  }

  Tables property(String key, String value) {
    properties.put(key, value);
    return this;
  }

  Tables glueParameters(Map<String, String> parameters) {
    glueParameters = parameters;
    return this;
  }

  Tables location(String location) {
    this.location = location;
    return this;
  }

  Tables formatVersion(int version) {
    formatVersion = version;
    return this;
  }

  /** The columns (by path) the table's schema names as identifier fields. */
  Tables identifierFields(String... paths) {
    identifierFields = Set.of(paths);
    return this;
  }

  /** The columns (by path) the table's sort order sorts by. */
  Tables sortedBy(String... paths) {
    sortColumns = Set.of(paths);
    return this;
  }

  /** A field of the table's partition specs, now or earlier, by its name, and the column it is made from. */
  Tables partitionFieldOf(String name, String source) {
    partitionFieldSources.put(name, source);
    return this;
  }

  TableSpec build() {
    Map<String, String> fieldNames = new LinkedHashMap<>();
    partitionBy.forEach(field -> fieldNames.put(field, field.replaceAll("\\W+", "_")));
    return new TableSpec("acme_dev_processed", "events", location, formatVersion, columns, partitionBy, properties,
        glueParameters, properties.keySet(), fieldNames, false).withEvolutionLimits(identifierFields, sortColumns,
        partitionFieldSources);
  }
}
