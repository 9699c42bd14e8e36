package dev.lakehouse.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells values that must never be printed: text that looks like an AWS access key id or secret
 * access key, and variables whose name says they hold a secret. A config error echoes the value
 * it is about, and error output ends up in terminals, CI logs and tickets; a key pasted into the
 * wrong field must not travel there with it.
 */
public final class Secrets {
  private static final String ACCESS_KEY_ID = "an AWS access key id";
  private static final String SECRET_ACCESS_KEY = "an AWS secret access key";
  private static final Pattern ACCESS_KEY_ID_SYNTAX = Pattern.compile("(?:AKIA|ASIA)[A-Z0-9]{16}");
  /** Forty characters of base64; a git SHA (lower-case hex) is not one, as it has no upper case. */
  private static final Pattern SECRET_ACCESS_KEY_SYNTAX =
      Pattern.compile("(?=.*[A-Z])(?=.*[a-z])(?=.*[0-9])[A-Za-z0-9/+]{40}");
  /**
   * Seven letters of one case in a row: words, as in a name written in camel case
   * ({@code CustomerAnalyticsPlatformMigration2024Q1}). A random key has such a run rarely (about
   * one in seven); one without {@code /} or {@code +} that has one is taken for a name.
   */
  private static final Pattern WORDLIKE_RUN = Pattern.compile("[a-z]{7}|[A-Z]{7}");
  /** Either kind as a word of a message: not part of a longer run of the characters keys hold. */
  private static final Pattern IN_TEXT = Pattern.compile(
      "(')?(?<![A-Za-z0-9/+])([A-Za-z0-9/+]{20}|[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])(')?");
  private static final Pattern SECRET_NAME =
      Pattern.compile("password|passwd|secret|token|credential|api_?key", Pattern.CASE_INSENSITIVE);

  private Secrets() {}

  /** What AWS credential the value looks like ("an AWS access key id"), or empty when none. */
  public static Optional<String> credentialKind(String value) {
    if (value == null) {
      return Optional.empty();
    }
    if (ACCESS_KEY_ID_SYNTAX.matcher(value).matches()) {
      return Optional.of(ACCESS_KEY_ID);
    }
    boolean secretKey = SECRET_ACCESS_KEY_SYNTAX.matcher(value).matches()
        && (value.indexOf('/') >= 0 || value.indexOf('+') >= 0 || !WORDLIKE_RUN.matcher(value).find());
    return secretKey ? Optional.of(SECRET_ACCESS_KEY) : Optional.empty();
  }

  /** Whether a variable of this name holds a secret: its name says password, token, API key... */
  public static boolean isSecretName(String name) {
    return SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).find();
  }

  /**
   * The message with every word that looks like an AWS credential replaced by what it looks like:
   * {@code got 'AKIA...'} becomes {@code got a value that looks like an AWS access key id (not shown)}.
   */
  static String redactCredentials(String message) {
    Matcher m = IN_TEXT.matcher(message);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Optional<String> kind = credentialKind(m.group(2));
      String replacement = kind.isEmpty() ? m.group()
          : quoted(m) + "a value that looks like " + kind.get() + " (not shown)" + unquoted(m);
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * The message with every quoted value ({@code 'x'}, the way messages echo what the config holds)
   * that is, or holds, the value of the variable replaced by what it is: {@code the value of
   * var.dbPassword (not shown)}, or {@code a value made with var.dbPassword (not shown)} for one
   * the variable is part of. The message's own words are left alone, whatever the value.
   */
  static String hide(String message, String value, String variable) {
    if (value.isEmpty()) {
      return message;
    }
    Matcher quoted = QUOTED.matcher(message);
    StringBuilder out = new StringBuilder();
    while (quoted.find()) {
      String text = quoted.group(1);
      String replacement = text.equals(value) ? "the value of var." + variable + " (not shown)"
          : text.contains(value) ? "a value made with var." + variable + " (not shown)" : quoted.group();
      quoted.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    quoted.appendTail(out);
    return out.toString();
  }

  private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

  /** The opening quote when only it matched (the key sits inside a longer quoted text), else nothing. */
  private static String quoted(Matcher m) {
    return m.group(1) != null && m.group(3) == null ? "'" : "";
  }

  private static String unquoted(Matcher m) {
    return m.group(3) != null && m.group(1) == null ? "'" : "";
  }
}
