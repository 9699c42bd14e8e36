package dev.lakehouse.config.model;

import java.util.List;
import java.util.Map;

/**
 * An Apache Iceberg table declared as code, named {@code <zone>.<table>}.
 *
 * @param adopt take the table over when it already exists without the stack's ownership marks
 */
public record TableConfig(
    String name,
    String description,
    List<ColumnConfig> columns,
    List<String> partitionBy,
    Map<String, String> properties,
    Boolean adopt) {

  /**
   * The Iceberg table property in which the stack records which properties it manages, so
   * that it unsets one the config drops and never touches those others set. Not settable.
   */
  public static final String MANAGED_PROPERTIES = "lakehouse.managed-properties";

  public TableConfig {
    columns = Defaults.list(columns);
    partitionBy = Defaults.list(partitionBy);
    properties = Defaults.map(properties);
    adopt = Defaults.or(adopt, false);
  }

  /** The zone part of the name, or null when the name has no dot. */
  public String zone() {
    int dot = name == null ? -1 : name.indexOf('.');
    return dot < 0 ? null : name.substring(0, dot);
  }

  /** The table part of the name. */
  public String tableName() {
    int dot = name == null ? -1 : name.indexOf('.');
    return dot < 0 ? name : name.substring(dot + 1);
  }
}
