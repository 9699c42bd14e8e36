package dev.lakehouse.cli.options;

import picocli.CommandLine.Option;

/** How to show results: JSON, colour, verbosity. */
public final class OutputOptions {
  @Option(names = "--json", description = "Machine-readable output on stdout (logs stay on stderr).")
  public boolean json;

  @Option(names = "--no-color", description = "No colour in human output (NO_COLOR works too).")
  public boolean noColor;

  @Option(names = {"-v", "--verbose"}, description = "More detail, and stack traces with errors. Repeat for more.")
  public boolean[] verbose = new boolean[0];

  @Option(names = {"-q", "--quiet"}, description = "Only results and errors.")
  public boolean quiet;

  public int verbosity() {
    return quiet ? -1 : verbose.length;
  }
}
