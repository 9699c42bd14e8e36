package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.aws.CallRecorder;
import dev.lakehouse.provision.resource.DataRisk;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/** Every command's --help shows examples of how to run it, and the options every command takes. */
class HelpTest {

  @TestFactory
  Stream<DynamicTest> everyCommandsHelpHasExamples() {
    return commands().stream().map(name -> DynamicTest.dynamicTest("lakehouse " + name, () -> {
      String[] args = name.isEmpty() ? new String[] {"--help"} : new String[] {name, "--help"};
      Cli.Result result = Cli.exec(args);
      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.stdout()).as(result.toString()).contains("Usage: lakehouse", "Examples:");
      String after = result.stdout().substring(result.stdout().indexOf("Examples:"));
      assertThat(after).as("an example runs the command: " + result).contains("lakehouse " + name);
      List<String> block = after.lines().skip(1).takeWhile(line -> !line.isBlank()).toList();
      assertThat(block).as("examples fit the 80 columns help is wrapped at: a wrapped one starts in column 0")
          .isNotEmpty().allMatch(line -> line.startsWith("  "));
    }));
  }

  @Test
  void theKindsOfDataLossAreThoseTheEngineKnowsInHelpAndInShellCompletion() {
    String kinds = String.join(", ", DataRisk.KINDS);
    for (String command : List.of("plan", "apply", "destroy")) {
      assertThat(Cli.exec(command, "--help").stdout().replaceAll("\\s+", " ")).as(command).contains(kinds);
    }
    assertThat(Cli.exec("completion", "bash").stdout())
        .contains("KIND_option_args=(\"" + String.join("\" \"", DataRisk.KINDS) + "\")");
  }

  @TestFactory
  Stream<DynamicTest> everySubcommandTakesTheOutputOptions() {
    return commands().stream().filter(name -> !name.isEmpty()).map(name -> DynamicTest.dynamicTest(name,
        () -> assertThat(Cli.exec(name, "--help").stdout())
            .contains("--json", "--no-color", "-v, --verbose", "-q, --quiet", "-h, --help")));
  }

  @TestFactory
  Stream<DynamicTest> everySubcommandTakesTheConfigAndAwsOptions() {
    return commands().stream().filter(name -> !name.isEmpty())
        .map(name -> DynamicTest.dynamicTest(name, () -> assertThat(Cli.exec(name, "--help").stdout())
            .contains("-f, --file=FILE", "-e, --env=ENV", "--profile=NAME", "--region=REGION", "--endpoint-url=URL")));
  }

  @TestFactory
  Stream<DynamicTest> aUsageErrorPointsToTheHelp() {
    return commands().stream().filter(name -> !name.isEmpty()).map(name -> DynamicTest.dynamicTest(name, () -> {
      Cli.Result result = Cli.exec(name, "--no-such-option");
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.stdout()).isEmpty();
      assertThat(result.stderr()).startsWith("Error: ")
          .endsWith("Try 'lakehouse " + name + " --help' for the options and examples.\n");
    }));
  }

  @TestFactory
  Stream<DynamicTest> helpNamingACommandPrintsWhatItsHelpOptionPrints() {
    return commands().stream().map(name -> DynamicTest.dynamicTest("lakehouse help " + name, () -> {
      Cli.Result help = name.isEmpty() ? Cli.exec("help") : Cli.exec("help", name);
      Cli.Result option = name.isEmpty() ? Cli.exec("--help") : Cli.exec(name, "--help");
      assertThat(help.exitCode()).as(help.toString()).isZero();
      assertThat(help.stdout()).isEqualTo(option.stdout()).startsWith("Usage: lakehouse");
      assertThat(help.stderr()).isEmpty();
    }));
  }

  @Test
  void helpNamingNoCommandSaysWhichThereAre() {
    Cli.Result result = Cli.exec("help", "aply");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stdout()).isEmpty();
    assertThat(result.stderr()).isEqualTo("Error: 'aply' is not a lakehouse command; the commands are validate, plan, "
        + "apply, destroy, maintain, snapshots, rollback, completion, version, help\n"
        + "Try 'lakehouse help --help' for the options and examples.\n");
  }

  /** The top-level command (as "") and every subcommand, as the model declares them. */
  private static List<String> commands() {
    CommandLine root = CommandLineFactory.create(new Environment(Map.of(), Terminal.NONE, false, new CallRecorder(), false),
        new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    List<String> names = new ArrayList<>(List.of(""));
    names.addAll(root.getSubcommands().keySet());
    return names;
  }
}
