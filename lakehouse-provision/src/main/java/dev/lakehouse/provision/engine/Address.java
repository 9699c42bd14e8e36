package dev.lakehouse.provision.engine;

import java.util.Comparator;

/**
 * A resource's name in plans and on the command line: {@code TYPE.NAME}, such as
 * {@code s3_bucket.raw}, {@code kms_key.lakehouse} or {@code iceberg_table.processed.customer_events}.
 */
public record Address(String type, String name) implements Comparable<Address> {
  private static final Comparator<Address> ORDER =
      Comparator.comparing(Address::type).thenComparing(Address::name);

  public Address {
    if (type == null || type.isBlank() || type.contains(".")) {
      throw new IllegalArgumentException("An address type must be a word without dots, got: " + type);
    }
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("An address needs a name after the type, got: " + type + ".");
    }
  }

  /** Reads {@code TYPE.NAME}; the name may itself hold dots. */
  public static Address parse(String text) {
    int dot = text == null ? -1 : text.indexOf('.');
    if (dot <= 0 || dot == text.length() - 1) {
      throw new IllegalArgumentException("'" + text + "' is not a resource address; write TYPE.NAME, e.g. s3_bucket.raw");
    }
    return new Address(text.substring(0, dot), text.substring(dot + 1));
  }

  @Override
  public int compareTo(Address other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return type + "." + name;
  }
}
