package dev.lakehouse.config.model;

/**
 * One column of an Iceberg table. {@code renamedFrom} names the column's previous name,
 * so that a rename is carried out as a rename and never as a drop and an add.
 */
public record ColumnConfig(
    String name, String type, Boolean required, String comment, String renamedFrom) {
  public ColumnConfig {
    required = Defaults.or(required, false);
  }
}
