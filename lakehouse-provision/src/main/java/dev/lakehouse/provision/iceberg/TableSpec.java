package dev.lakehouse.provision.iceberg;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the stack manages on one Iceberg table, normalised so that the config's wish
 * and what the table's metadata holds compare equal when they mean the same.
 *
 * @param database the zone's Glue database
 * @param table the table's name in it
 * @param location the table's base location, {@code s3://<zone bucket>/<table>}, without a trailing slash
 * @param formatVersion the Iceberg table format version
 * @param columns the top-level columns in table order; types in the config's canonical spelling
 * @param partitionBy the partition spec's fields, canonical ({@code bucket(16, customer_id)}); the
 *     fields a table shares with the config in the config's order, in the places the table's order gives
 *     them, the others in their places
 * @param properties the table properties the stack manages: those the config declares (the
 *     table's description is its {@code comment}) and, read from a table, those it declared
 *     before; properties engines and writers set are not part of it
 * @param glueParameters the Glue table parameters the stack manages: its ownership marks
 * @param glueColumns read from a table: the columns its Glue entry lists ({@code name type}), where
 *     they are not those its Iceberg metadata gives ({@link GlueTables#columnDrift}); null when they
 *     are, and in a desired spec, so that the config's specs and their marks are as they were
 * @param glueEntry read from a table: its Glue entry's {@code tableType}, {@code location} and {@code
 *     description}, those of them that are not what Iceberg's Glue catalog writes ({@link
 *     GlueTables#entryDrift}); null when all are, and in a desired spec, as {@code glueColumns}
 * @param managedProperties the property names the config manages; read from a table, those it
 *     recorded at its last change ({@value TableConverters#MANAGED_PROPERTIES})
 * @param partitionFieldNames read from a table: Iceberg's name of each partition field, by its
 *     canonical form; empty in a desired spec
 * @param createdEmpty read from a table: it holds no snapshot and carries the stack's record of
 *     managed properties, as a create of an earlier version left it before it marked the Glue table
 * @param identifierFields read from a table: the columns (by path, {@code address.city}) its schema names as
 *     identifier fields, which Iceberg keeps required and will not drop; empty in a desired spec
 * @param sortColumns read from a table: the columns (by path) its current sort order sorts by, which Iceberg
 *     will not drop; empty in a desired spec
 * @param partitionFieldSources read from a table: the name of each field of its partition specs, the earlier
 *     ones too, whose source column the table still has, and that column (by path); Iceberg refuses a column
 *     named like such a field but for the field's own source column. Empty in a desired spec
 */
public record TableSpec(
    String database,
    String table,
    String location,
    int formatVersion,
    List<Column> columns,
    List<String> partitionBy,
    Map<String, String> properties,
    Map<String, String> glueParameters,
    List<String> glueColumns,
    Map<String, String> glueEntry,
    @JsonIgnore Set<String> managedProperties,
    @JsonIgnore Map<String, String> partitionFieldNames,
    @JsonIgnore boolean createdEmpty,
    @JsonIgnore Set<String> identifierFields,
    @JsonIgnore Set<String> sortColumns,
    @JsonIgnore Map<String, String> partitionFieldSources) {

  public TableSpec {
    columns = List.copyOf(columns);
    partitionBy = List.copyOf(partitionBy);
    properties = Map.copyOf(properties);
    glueParameters = Map.copyOf(glueParameters);
    glueColumns = glueColumns == null ? null : List.copyOf(glueColumns);
    glueEntry = glueEntry == null ? null : Map.copyOf(glueEntry);
    managedProperties = Set.copyOf(managedProperties);
    partitionFieldNames = Map.copyOf(partitionFieldNames);
    identifierFields = Set.copyOf(identifierFields);
    sortColumns = Set.copyOf(sortColumns);
    partitionFieldSources = Map.copyOf(partitionFieldSources);
  }

  /** A spec whose Glue entry is what Iceberg's catalog writes for its metadata, as every desired spec. */
  public TableSpec(String database, String table, String location, int formatVersion, List<Column> columns,
      List<String> partitionBy, Map<String, String> properties, Map<String, String> glueParameters,
      Set<String> managedProperties, Map<String, String> partitionFieldNames, boolean createdEmpty) {
    this(database, table, location, formatVersion, columns, partitionBy, properties, glueParameters, null, null,
        managedProperties, partitionFieldNames, createdEmpty, Set.of(), Set.of(), Map.of());
  }

  /** The same spec with these Glue parameters. */
  public TableSpec withGlueParameters(Map<String, String> parameters) {
    return new TableSpec(database, table, location, formatVersion, columns, partitionBy, properties, parameters,
        glueColumns, glueEntry, managedProperties, partitionFieldNames, createdEmpty, identifierFields, sortColumns,
        partitionFieldSources);
  }

  /** The same spec with these Glue columns ({@link #glueColumns}). */
  public TableSpec withGlueColumns(List<String> drifted) {
    return new TableSpec(database, table, location, formatVersion, columns, partitionBy, properties, glueParameters,
        drifted, glueEntry, managedProperties, partitionFieldNames, createdEmpty, identifierFields, sortColumns,
        partitionFieldSources);
  }

  /** The same spec with this Glue table type, location and description ({@link #glueEntry}). */
  public TableSpec withGlueEntry(Map<String, String> drifted) {
    return new TableSpec(database, table, location, formatVersion, columns, partitionBy, properties, glueParameters,
        glueColumns, drifted, managedProperties, partitionFieldNames, createdEmpty, identifierFields, sortColumns,
        partitionFieldSources);
  }

  /**
   * The same spec with what of the table limits its evolution: its identifier fields, the columns
   * its sort order sorts by, and its partition fields' source columns ({@link #identifierFields},
   * {@link #sortColumns}, {@link #partitionFieldSources}).
   */
  public TableSpec withEvolutionLimits(Set<String> identifiers, Set<String> sortedBy,
      Map<String, String> partitionSources) {
    return new TableSpec(database, table, location, formatVersion, columns, partitionBy, properties, glueParameters,
        glueColumns, glueEntry, managedProperties, partitionFieldNames, createdEmpty, identifiers, sortedBy,
        partitionSources);
  }

  /** The table as Glue and Athena name it: {@code <database>.<table>}. */
  @JsonIgnore
  public String qualifiedName() {
    return database + "." + table;
  }

  /** The column of that name, or null. */
  public Column column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
  }

  /**
   * One top-level column.
   *
   * @param type the type in canonical spelling, such as {@code map<string,string>}
   * @param comment null for none
   * @param after the column it follows; null for the first
   * @param renamedFrom in a desired spec, the name the column may still have in the table
   * @param fieldId read from a table, the column's Iceberg field id
   * @param written in a desired spec, where the column's fields are written in the config, by key
   *     ({@code type}, {@code required}), as config errors name them ({@code FILE:LINE:COL: path});
   *     empty when read from a table
   */
  public record Column(
      String name,
      String type,
      boolean required,
      String comment,
      String after,
      @JsonIgnore String renamedFrom,
      @JsonIgnore Integer fieldId,
      @JsonIgnore Map<String, String> written) {

    public Column {
      written = Map.copyOf(written);
    }

    /** Where the column's field is written in the config, as a prefix for a message about it; empty when not known. */
    public String at(String key) {
      String where = written.get(key);
      return where == null ? "" : where + ": ";
    }
  }
}
