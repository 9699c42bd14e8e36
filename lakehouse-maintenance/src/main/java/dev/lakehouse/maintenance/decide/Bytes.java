package dev.lakehouse.maintenance.decide;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Byte counts for people, in the config's binary units: {@code 512MB}, {@code 1.5GB}, {@code 300B}. */
public final class Bytes {
  private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB"};

  private Bytes() {}

  public static String format(long bytes) {
    double value = bytes;
    int unit = 0;
    while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString()
        + UNITS[unit];
  }
}
