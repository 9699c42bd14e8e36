package dev.lakehouse.cli;

import java.io.PrintWriter;

/**
 * The one owner of stdout and stderr. Results (plans, reports, JSON documents) go to
 * stdout; progress, notes and errors to stderr, so that {@code --json} output can be piped.
 */
public final class Output {
  /** ANSI colours used in human output. */
  public enum Color {
    GREEN("32"), YELLOW("33"), RED("31"), MAGENTA("35"), CYAN("36"), BOLD("1"), DIM("2");

    private final String code;

    Color(String code) {
      this.code = code;
    }
  }

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;
  private final boolean color;
  private final int verbosity;

  /**
   * @param verbosity -1 quiet, 0 normal, 1 and more verbose
   */
  public Output(PrintWriter out, PrintWriter err, boolean json, boolean color, int verbosity) {
    this.out = out;
    this.err = err;
    this.json = json;
    this.color = color;
    this.verbosity = verbosity;
  }

  public boolean json() {
    return json;
  }

  /** -1 quiet, 0 normal, 1 and more verbose. */
  public int verbosity() {
    return verbosity;
  }

  public boolean verbose() {
    return verbosity > 0;
  }

  /** A line of the command's result, on stdout. */
  public void result(String line) {
    out.println(line);
    out.flush();
  }

  /** A line of progress or a note, on stderr; not shown with -q. */
  public void info(String line) {
    if (verbosity >= 0) {
      err.println(line);
      err.flush();
    }
  }

  /** A detail shown only with -v. */
  public void detail(String line) {
    if (verbosity > 0) {
      err.println(line);
      err.flush();
    }
  }

  /** An error, always shown, on stderr. */
  public void error(String line) {
    err.println(line);
    err.flush();
  }

  public PrintWriter err() {
    return err;
  }

  /** The text in that colour when colour is on, else as is. */
  public String paint(String text, Color c) {
    return color ? "\u001b[" + c.code + "m" + text + "\u001b[0m" : text;
  }
}
