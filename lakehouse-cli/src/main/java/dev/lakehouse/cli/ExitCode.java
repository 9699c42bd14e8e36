package dev.lakehouse.cli;

/** The exit codes of the command-line contract, in one place. */
public enum ExitCode {
  /** Success. */
  OK(0),
  /** Bad config, AWS failure, refused action, bad usage. */
  ERROR(1),
  /** Changes are present (only with {@code plan --detailed-exitcode}). */
  CHANGES(2),
  /** Interrupted (Ctrl-C). */
  INTERRUPTED(130);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
