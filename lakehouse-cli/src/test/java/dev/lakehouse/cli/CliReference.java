package dev.lakehouse.cli;

import dev.lakehouse.aws.CallRecorder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * Writes docs/cli.md from the picocli model: one section per command with its usage as
 * {@code --help} prints it, so the reference says exactly what the tool does.
 */
final class CliReference {
  /** The width the usage text is wrapped at, whatever the terminal running the build. */
  static final int WIDTH = 100;

  private CliReference() {}

  static String render() {
    CommandLine root = CommandLineFactory.create(
        new Environment(Map.of(), Terminal.NONE, false, new CallRecorder(), false),
        new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    List<CommandLine> commands = new ArrayList<>();
    collect(root, commands);

    StringBuilder md = new StringBuilder();
    md.append("# Command-line reference\n\n")
        .append("<!-- Generated from the picocli model by lakehouse-cli's CliReferenceTest; do not edit by hand.\n")
        .append("     Regenerate: ").append(CliReferenceTest.REGENERATE).append(" -->\n\n")
        .append("Every command prints the same text with `--help`. Exit codes: 0 success, 1 error (bad config,\n")
        .append("AWS failure, refused action), 2 changes present (only with `plan --detailed-exitcode`),\n")
        .append("130 interrupted. To start, see [getting-started.md](getting-started.md).\n\n")
        .append("`apply`, `destroy` and `rollback` ask for confirmation where standard input is a terminal, also\n")
        .append("when their output is piped (`lakehouse apply | tee apply.log`: the question goes to the terminal,\n")
        .append("not down the pipe); where it is not (a CI job, a cron job, `< /dev/null`), they refuse without\n")
        .append("`--auto-approve`.\n\n")
        .append("| command | what it does |\n| --- | --- |\n");
    for (CommandLine command : commands) {
      md.append("| [`").append(command.getCommandSpec().qualifiedName()).append("`](#")
          .append(anchor(command)).append(") | ").append(summary(command)).append(" |\n");
    }
    for (CommandLine command : commands) {
      command.setUsageHelpWidth(WIDTH);
      md.append("\n## ").append(command.getCommandSpec().qualifiedName()).append("\n\n```text\n")
          .append(stripTrailingSpaces(command.getUsageMessage(Ansi.OFF))).append("```\n");
    }
    return md.toString();
  }

  private static void collect(CommandLine command, List<CommandLine> into) {
    into.add(command);
    for (CommandLine sub : command.getSubcommands().values()) {
      if (!into.contains(sub) && !sub.getCommandSpec().usageMessage().hidden()) {
        collect(sub, into);
      }
    }
  }

  private static String anchor(CommandLine command) {
    return command.getCommandSpec().qualifiedName().replace(' ', '-');
  }

  private static String summary(CommandLine command) {
    String[] description = command.getCommandSpec().usageMessage().description();
    String first = description.length == 0 ? "" : description[0];
    int end = first.indexOf(". ");
    return (end < 0 ? first : first.substring(0, end + 1)).replace("|", "\\|");
  }

  private static String stripTrailingSpaces(String text) {
    return text.replaceAll("(?m)[ \\t]+$", "");
  }
}
