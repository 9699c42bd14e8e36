package dev.lakehouse.config.units;

import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number of bytes, written in the config with a binary unit as the seed article counts
 * them: {@code 512MB} is 512 &times; 2<sup>20</sup> bytes, {@code 1TB} is 2<sup>40</sup>.
 * The KiB/MiB/GiB/TiB spellings mean the same; a bare number is bytes.
 */
public record Size(long bytes) implements Comparable<Size> {

  private static final Pattern SYNTAX =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGTP]?I?B)?", Pattern.CASE_INSENSITIVE);
  private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB"};
  /** The largest whole number of petabytes a long counts in bytes: a limit that reads as a size. */
  private static final long MAX_BYTES = (Long.MAX_VALUE >> 50) << 50;

  public Size {
    if (bytes < 0) {
      throw new IllegalArgumentException("a size cannot be negative, got " + bytes);
    }
  }

  public static Size ofBytes(long bytes) {
    return new Size(bytes);
  }

  public static Size ofMegabytes(long megabytes) {
    return new Size(megabytes << 20);
  }

  /** Parses {@code 100GB}, {@code 1.5TiB}, {@code 512 MB} or a bare byte count. */
  public static Size parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    Matcher m = SYNTAX.matcher(trimmed);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a size; write a number and a unit such as 512MB, 100GB or 1TB");
    }
    String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT).replace("I", "");
    int power = switch (unit) {
      case "B" -> 0;
      case "KB" -> 10;
      case "MB" -> 20;
      case "GB" -> 30;
      case "TB" -> 40;
      default -> 50;
    };
    BigDecimal value = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(2).pow(power));
    if (value.compareTo(BigDecimal.valueOf(MAX_BYTES)) > 0) {
      throw new IllegalArgumentException("'" + text + "' is too large: at most " + ofBytes(MAX_BYTES));
    }
    if (value.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException("'" + text + "' is not a whole number of bytes");
    }
    return new Size(value.longValueExact());
  }

  /** The shortest exact spelling: {@code 100GB}, {@code 1536MB}, {@code 10485761B}. */
  @JsonValue
  @Override
  public String toString() {
    long value = bytes;
    int unit = 0;
    while (unit < UNITS.length - 1 && value != 0 && value % 1024 == 0) {
      value /= 1024;
      unit++;
    }
    return value + UNITS[unit];
  }

  @Override
  public int compareTo(Size other) {
    return Long.compare(bytes, other.bytes);
  }
}
