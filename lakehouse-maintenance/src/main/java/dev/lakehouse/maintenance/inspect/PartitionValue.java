package dev.lakehouse.maintenance.inspect;

/**
 * One field of a partition tuple.
 *
 * @param sourceColumn the table column the field is derived from
 * @param transform Iceberg's transform: {@code identity}, {@code day}, {@code bucket[16]}...
 * @param type the field's Iceberg type ({@code string}, {@code date}, {@code long}, {@code timestamptz}...)
 * @param value the value as Iceberg holds it: a String, Integer (int; days for a date), Long
 *     (long; microseconds for a timestamp), Boolean, BigDecimal, or null
 */
public record PartitionValue(String sourceColumn, String transform, String type, Object value) {
  public boolean identity() {
    return "identity".equals(transform);
  }
}
