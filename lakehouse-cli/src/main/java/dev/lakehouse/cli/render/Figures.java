package dev.lakehouse.cli.render;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/** Durations and dollar amounts as maintenance reports show them. */
final class Figures {
  private Figures() {}

  /** {@code 0.4s}, {@code 12.3s}, {@code 4m05s}. */
  static String duration(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 60_000) {
      return BigDecimal.valueOf(millis, 3).setScale(1, RoundingMode.HALF_UP).toPlainString() + "s";
    }
    long seconds = duration.getSeconds();
    return seconds / 60 + "m" + String.format("%02d", seconds % 60) + "s";
  }

  /** US dollars to six decimals, trailing zeros dropped: {@code $0}, {@code $0.000047}, {@code $1.25}. */
  static BigDecimal dollars(double amount) {
    BigDecimal rounded = BigDecimal.valueOf(amount).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
    return rounded.signum() == 0 ? BigDecimal.ZERO : rounded;
  }
}
