package dev.lakehouse.config;

import java.util.ArrayList;
import java.util.List;

/** Collects config problems with their file positions, so that one run reports them all. */
public final class Problems {
  private final String file;
  private final SourceMap sources;
  private final List<ConfigProblem> problems = new ArrayList<>();

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

  void addAll(List<ConfigProblem> more) {
    more.forEach(this::record);
  }

  private void record(ConfigProblem problem) {
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
