package dev.lakehouse.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Collects config problems with their file positions, so that one run reports them all. */
public final class Problems {
  private final String file;
  private final SourceMap sources;
  private final List<ConfigProblem> problems = new ArrayList<>();
  private final Map<String, String> hidden = new LinkedHashMap<>();
  private final Map<Pattern, String> standIns = new LinkedHashMap<>();

  public Problems(String file, SourceMap sources) {
    this.file = file;
    this.sources = sources;
  }

  /** A problem with the value at the path; the message says what is wrong with it. */
  public void add(ConfigPath path, String message) {
    String written = sources.writtenAs(path);
    String suffix = written == null || standIn(message).contains("'" + written + "'") ? ""
        : " (written as '" + written + "')";
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

  /**
   * Messages recorded from now on show {@code reference} where they would quote the number
   * {@code digits} (apart from other digits): the placeholder account a config is checked with
   * before the account is known shows as the {@code ${account}} the file wrote, not as an account
   * id nobody has.
   */
  void showAs(String digits, String reference) {
    standIns.put(Pattern.compile("(?<![0-9])" + Pattern.quote(digits) + "(?![0-9])"), Matcher.quoteReplacement(reference));
  }

  private String standIn(String message) {
    for (Map.Entry<Pattern, String> standIn : standIns.entrySet()) {
      message = standIn.getKey().matcher(message).replaceAll(standIn.getValue());
    }
    return message;
  }

  private void record(ConfigProblem found) {
    String message = found.message();
    for (Map.Entry<String, String> value : hidden.entrySet()) {
      message = Secrets.hide(message, value.getKey(), value.getValue());
    }
    message = standIn(message);
    ConfigProblem problem = new ConfigProblem(found.file(), found.position(), found.path(), message);
    if (!problems.contains(problem)) {
      problems.add(problem);
    }
  }

  /** How many problems are recorded: a caller that must stop at its own can tell whether it found any. */
  int count() {
    return problems.size();
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
