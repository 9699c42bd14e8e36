package dev.lakehouse.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects config problems with their file positions, so that one run reports them all. */
public final class Problems {
  private final String file;
  private final SourceMap sources;
  private final List<ConfigProblem> problems = new ArrayList<>();
  private final Map<String, String> hidden = new LinkedHashMap<>();

  public Problems(String file, SourceMap sources) {
    this.file = file;
    this.sources = sources;
  }

  /** A problem with the value at the path; the message says what is wrong with it. */
  public void add(ConfigPath path, String message) {
    String written = sources.writtenAs(path);
    String suffix = written == null ? "" : " (written as '" + written + "')";
    record(new ConfigProblem(file, sources.valuePosition(path), path, message + suffix));
  }

  /** A problem with a key itself (unknown, duplicate, misplaced). */
  public void addAtKey(ConfigPath path, String message) {
    record(new ConfigProblem(file, sources.keyPosition(path), path, message));
  }

  /** A problem with a value given outside the file (an option, an environment variable), which the message names. */
  void addOutsideTheFile(String message) {
    record(ConfigProblem.outsideTheFile(file, message));
  }

  void addAll(List<ConfigProblem> more) {
    more.forEach(this::record);
  }

  /**
   * Messages recorded from now on do not quote the value of this variable, named as a secret
   * (dbPassword), which reaches every field that refers to it: they name the variable instead.
   */
  void hide(String value, String variable) {
    hidden.put(value, variable);
  }

  private void record(ConfigProblem found) {
    String message = found.message();
    for (Map.Entry<String, String> value : hidden.entrySet()) {
      message = Secrets.hide(message, value.getKey(), value.getValue());
    }
    ConfigProblem problem = new ConfigProblem(found.file(), found.position(), found.path(), message);
    if (!problems.contains(problem)) {
      problems.add(problem);
    }
  }

  public boolean isEmpty() {
    return problems.isEmpty();
  }

  public void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }
}
