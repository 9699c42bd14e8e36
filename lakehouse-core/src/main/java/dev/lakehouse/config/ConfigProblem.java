package dev.lakehouse.config;

/**
 * One thing wrong with a config file, at a position, about a field. The message never shows a
 * value that looks like an AWS credential: it says what the value looks like instead.
 *
 * @param position where in the file, or null when the problem is with a value given outside it
 *     (the {@code --region} option, the {@code AWS_REGION} variable), which the message then names
 */
public record ConfigProblem(String file, SourcePosition position, ConfigPath path, String message) {

  public ConfigProblem {
    message = Secrets.redactCredentials(message);
  }

  /** A problem with a value the command was given outside the file; the message starts with where. */
  public static ConfigProblem outsideTheFile(String file, String message) {
    return new ConfigProblem(file, null, null, message);
  }

  /** {@code FILE:LINE:COL: field: message}, the form every config error in the file takes. */
  @Override
  public String toString() {
    if (position == null) {
      return message;
    }
    String field = field() == null ? "" : field() + ": ";
    return file + ":" + position.line() + ":" + position.column() + ": " + field + message;
  }

  /** The field's path as the message names it, or null for the file as a whole. */
  public String field() {
    return path == null || path.isRoot() ? null : Secrets.redactCredentials(path.toString());
  }
}
