package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.aws.CallRecorder;
import dev.lakehouse.cli.Output.Color;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Human output is coloured on a terminal, unless --no-color, --json or a non-empty NO_COLOR says otherwise. */
class ColorTest {

  @Test
  void aTerminalGetsColourUnlessAskedOtherwise() {
    assertThat(colored(Map.of(), true)).isTrue();
    assertThat(colored(Map.of(), false)).as("stdout is no terminal").isFalse();
    assertThat(colored(Map.of(), true, "--no-color")).isFalse();
    assertThat(colored(Map.of(), true, "--json")).isFalse();
    assertThat(colored(Map.of("NO_COLOR", "1"), true)).isFalse();
    assertThat(colored(Map.of("NO_COLOR", ""), true)).as("an empty NO_COLOR asks for nothing (no-color.org)").isTrue();
  }

  /** Whether validate, run with these variables and options, would colour what it paints. */
  private static boolean colored(Map<String, String> variables, boolean terminal, String... options) {
    String[] args = new String[options.length + 1];
    args[0] = "validate";
    System.arraycopy(options, 0, args, 1, options.length);
    Environment environment = new Environment(variables, Terminal.NONE, terminal, new CallRecorder(), false);
    CommandLine commandLine = CommandLineFactory.forArguments(environment, new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()), args);
    commandLine.parseArgs(args);
    BaseCommand validate = commandLine.getSubcommands().get("validate").getCommand();
    return !validate.output().paint("x", Color.RED).equals("x");
  }
}
