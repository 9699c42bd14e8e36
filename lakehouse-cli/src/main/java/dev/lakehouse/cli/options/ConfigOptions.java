package dev.lakehouse.cli.options;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which config file and which of its environments. */
public final class ConfigOptions {
  @Option(names = {"-f", "--file"}, paramLabel = "FILE", defaultValue = "lakehouse.yaml",
      description = "The stack config (default: ${DEFAULT-VALUE}).")
  public Path file;

  @Option(names = {"-e", "--env"}, paramLabel = "ENV",
      description = "The environment to work on; required when the config declares environments.")
  public String env;
}
