package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.aws.CallRecorder;
import dev.lakehouse.cli.options.AwsOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line made for a run: only the command it names, or every one when it names none. */
class CommandLineFactoryTest {
  static final Environment ENVIRONMENT = new Environment(Map.of(), Terminal.NONE, false, new CallRecorder(), false);

  @Test
  void aNamedCommandIsTheOnlyOneMade() {
    assertThat(commands("apply", "-f", "lakehouse.yaml")).containsExactly("apply");
    assertThat(commands("version")).containsExactly("version");
  }

  @Test
  void everyCommandIsMadeForHelpATypoNoCommandCompletionOrTheHelpCommand() {
    Set<String> all = LakehouseCommand.COMMANDS.keySet();
    assertThat(commands()).containsExactlyElementsOf(all);
    assertThat(commands("--help")).containsExactlyElementsOf(all);
    assertThat(commands("aply")).containsExactlyElementsOf(all);
    assertThat(commands("completion")).as("its script covers every command").containsExactlyElementsOf(all);
    assertThat(commands("help", "plan")).as("it shows any command").containsExactlyElementsOf(all);
  }

  @Test
  void aTypoOfACommandIsAnsweredWithTheCommandsNames() {
    Cli.Result result = Cli.exec("aply", "-f", "lakehouse.yaml");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).contains("Unmatched arguments from index 0: 'aply'", "Did you mean: lakehouse apply or");
  }

  @Test
  void theCommandsByNameAreTheCommandsOwnNames() {
    LakehouseCommand.COMMANDS.forEach((name, type) ->
        assertThat(type.getAnnotation(CommandLine.Command.class).name()).isEqualTo(name));
  }

  @Test
  void theCommandsThatCallAwsAreThoseThatOpenAStack() {
    // validate takes the AWS options for the region, the others as every command does; none calls AWS.
    Set<String> withAwsOptions = CommandLineFactory.create(ENVIRONMENT, writer(), writer()).getSubcommands()
        .entrySet().stream()
        .filter(e -> e.getValue().getCommandSpec().mixins().values().stream()
            .anyMatch(mixin -> mixin.userObject() instanceof AwsOptions))
        .map(Map.Entry::getKey).filter(name -> !Set.of("validate", "version", "completion", "help").contains(name))
        .collect(Collectors.toSet());
    assertThat(CommandLineFactory.AWS_COMMANDS).isEqualTo(withAwsOptions);
    assertThat(CommandLineFactory.callsAws("plan", "-f", "x")).isTrue();
    assertThat(CommandLineFactory.callsAws("validate", "-f", "x")).isFalse();
    assertThat(CommandLineFactory.callsAws()).isFalse();
  }

  static Set<String> commands(String... args) {
    return CommandLineFactory.forArguments(ENVIRONMENT, writer(), writer(), args).getSubcommands().keySet();
  }

  static PrintWriter writer() {
    return new PrintWriter(new StringWriter());
  }
}
