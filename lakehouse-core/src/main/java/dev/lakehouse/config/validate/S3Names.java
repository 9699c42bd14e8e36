package dev.lakehouse.config.validate;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The S3 general purpose bucket naming rules. */
public final class S3Names {
  private static final Pattern CHARACTERS = Pattern.compile("[a-z0-9.-]+");
  private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final List<String> RESERVED_PREFIXES = List.of("xn--", "sthree-", "amzn-s3-demo-");
  private static final List<String> RESERVED_SUFFIXES =
      List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3");

  private S3Names() {}

  /** Why the name is not a valid bucket name, or empty when it is. */
  public static Optional<String> whyInvalid(String name) {
    return whyInvalid(name, false);
  }

  /**
   * The same, for a name that holds the stack's account id, written {@code ${account}} in the
   * config, when its length counts the id's twelve digits: the message says so, as it shows the
   * name as written.
   */
  public static Optional<String> whyInvalid(String name, boolean holdsAccount) {
    if (name.length() < 3 || name.length() > 63) {
      return Optional.of("must be 3 to 63 characters long (it has " + name.length()
          + (holdsAccount ? ", with the 12 digits of the account id" : "") + ")");
    }
    if (!CHARACTERS.matcher(name).matches()) {
      return Optional.of("may contain only lowercase letters, digits, dots and hyphens");
    }
    if (!Character.isLetterOrDigit(name.charAt(0)) || !Character.isLetterOrDigit(name.charAt(name.length() - 1))) {
      return Optional.of("must begin and end with a letter or digit");
    }
    if (name.contains("..")) {
      return Optional.of("must not contain two adjacent dots");
    }
    if (IP_ADDRESS.matcher(name).matches()) {
      return Optional.of("must not be formatted as an IP address");
    }
    for (String prefix : RESERVED_PREFIXES) {
      if (name.startsWith(prefix)) {
        return Optional.of("must not start with the reserved prefix '" + prefix + "'");
      }
    }
    for (String suffix : RESERVED_SUFFIXES) {
      if (name.endsWith(suffix)) {
        return Optional.of("must not end with the reserved suffix '" + suffix + "'");
      }
    }
    return Optional.empty();
  }
}
