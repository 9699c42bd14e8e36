package dev.lakehouse.config.units;

import java.math.BigInteger;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the config writes them: a whole number and one of s, m, h, d ({@code 7d}, {@code 12h}). */
public final class Durations {
  private static final Pattern SYNTAX = Pattern.compile("(\\d+)\\s*([smhd])");
  /**
   * The longest duration: as many seconds as a long counts in milliseconds, so that whoever uses
   * it (an instant that far back, a duration in milliseconds) does not overflow.
   */
  private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000;

  private Durations() {}

  public static Duration parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    Matcher m = SYNTAX.matcher(trimmed);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration; write a whole number and a unit: s, m, h or d (e.g. 7d, 12h)");
    }
    long secondsPerUnit = switch (m.group(2)) {
      case "s" -> 1;
      case "m" -> 60;
      case "h" -> 3_600;
      default -> 86_400;
    };
    long most = MAX_SECONDS / secondsPerUnit;
    BigInteger amount = new BigInteger(m.group(1));
    if (amount.compareTo(BigInteger.valueOf(most)) > 0) {
      throw new TooLarge("'" + text + "' is too large: at most " + most + m.group(2));
    }
    return Duration.ofSeconds(amount.longValueExact() * secondsPerUnit);
  }

  /** A duration written right but longer than any this tool takes: a caller with a smaller limit names its own. */
  public static final class TooLarge extends IllegalArgumentException {
    TooLarge(String message) {
      super(message);
    }
  }

  /** The largest whole unit: {@code 7d}, {@code 36h}, {@code 90m}, {@code 45s}. */
  public static String format(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds != 0 && seconds % 86_400 == 0) {
      return seconds / 86_400 + "d";
    }
    if (seconds != 0 && seconds % 3_600 == 0) {
      return seconds / 3_600 + "h";
    }
    if (seconds != 0 && seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }
}
