package dev.lakehouse.config;

/** One thing wrong with a config file, at a position, about a field. */
public record ConfigProblem(String file, SourcePosition position, ConfigPath path, String message) {

  /** {@code FILE:LINE:COL: field: message}, the form every config error takes. */
  @Override
  public String toString() {
    String field = path == null || path.isRoot() ? "" : path + ": ";
    return file + ":" + position.line() + ":" + position.column() + ": " + field + message;
  }
}
