package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.aws.CallRecorder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code lakehouse} command line the documentation and the scheduling examples show, as a
 * user would copy it, is one the tool takes: its command, options and arguments parse.
 */
class DocumentedCommandsTest {
  private static final Path ROOT = Path.of("..");
  /** Not this project's to check: its commands are the benchmark's. */
  private static final List<String> SKIPPED = List.of("benchmarks.md");
  private static final List<String> SHELL = List.of("", "sh", "bash", "shell");
  private static final Pattern TOKEN = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)");

  @Test
  void everyDocumentedCommandLineParses() throws IOException {
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Path document : documents()) {
      for (String block : shellBlocks(Files.readAllLines(document))) {
        for (List<String> command : commands(block)) {
          checked++;
          String problem = parse(command);
          if (problem != null) {
            problems.add(ROOT.relativize(document) + ": " + String.join(" ", command) + ": " + problem);
          }
        }
      }
    }
    for (String line : scheduledCommands()) {
      for (List<String> command : commands(line)) {
        checked++;
        String problem = parse(command);
        if (problem != null) {
          problems.add("examples/schedule: " + String.join(" ", command) + ": " + problem);
        }
      }
    }
    assertThat(problems).as("documented command lines the tool does not take").isEmpty();
    assertThat(checked).isGreaterThan(35);
  }

  /** The text of each fenced block of shell (```sh, ```bash, ```shell or ``` alone). */
  private static List<String> shellBlocks(List<String> lines) {
    List<String> blocks = new ArrayList<>();
    StringBuilder block = null;
    boolean shell = false;
    for (String line : lines) {
      String trimmed = line.trim();
      if (block == null && trimmed.startsWith("```")) {
        block = new StringBuilder();
        shell = SHELL.contains(trimmed.substring(3));
      } else if (block != null && trimmed.equals("```")) {
        if (shell) {
          blocks.add(block.toString());
        }
        block = null;
      } else if (block != null) {
        block.append(trimmed).append('\n');
      }
    }
    return blocks;
  }

  /** README.md and docs/*.md. */
  private static List<Path> documents() throws IOException {
    List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md") && !SKIPPED.contains(p.getFileName().toString()))
          .sorted().forEach(documents::add);
    }
    return documents;
  }

  /** The command lines of the crontab, the systemd service and the ECS task. */
  private static List<String> scheduledCommands() throws IOException {
    Path schedule = ROOT.resolve("examples").resolve("schedule");
    List<String> lines = new ArrayList<>();
    Files.readAllLines(schedule.resolve("crontab")).stream().filter(l -> l.matches("^[0-9*].*")).forEach(lines::add);
    Files.readAllLines(schedule.resolve("lakehouse-maintain.service")).stream()
        .filter(l -> l.startsWith("ExecStart=")).map(l -> l.substring("ExecStart=".length())).forEach(lines::add);
    String task = Files.readString(schedule.resolve("ecs-task-definition.json"));
    Matcher command = Pattern.compile("\"command\": \\[([^\\]]*)\\]").matcher(task);
    assertThat(command.find()).isTrue();
    lines.add("lakehouse " + command.group(1).replace("\"", "").replace(",", " "));
    assertThat(lines).hasSize(3);
    return lines;
  }

  /**
   * The {@code lakehouse} commands of a shell text: continuation lines joined, comments dropped,
   * pipelines and lists split, each command's words up to a redirection.
   */
  static List<List<String>> commands(String shell) {
    List<List<String>> commands = new ArrayList<>();
    for (String line : shell.replace("\\\n", " ").split("\n")) {
      String code = line.replaceAll("(^|\\s)#.*$", "");
      for (String part : code.split("&&|\\|\\||\\||;|\\$\\(|<\\(|\\)")) {
        List<String> words = new ArrayList<>();
        Matcher token = TOKEN.matcher(part.trim());
        while (token.find()) {
          String word = token.group(1) != null ? token.group(1) : token.group(2) != null ? token.group(2) : token.group(3);
          if (token.group(3) != null && word.matches("\\d*[<>].*")) {
            break;
          }
          // A shell variable stands for a value of the kind its option takes ($endpoint, $e).
          boolean variable = word.matches("\\$\\{?\\w+}?");
          words.add(!variable ? word
              : !words.isEmpty() && words.get(words.size() - 1).equals("--endpoint-url") ? "http://127.0.0.1:4566"
              : "dev");
        }
        int start = words.indexOf("lakehouse") >= 0 ? words.indexOf("lakehouse") : words.indexOf("bin/lakehouse");
        if (start < 0 || words.stream().limit(start).anyMatch(w -> !w.matches("[A-Z_]+=.*|cd|flock|-n|/\\S+|exec"))) {
          continue;
        }
        commands.add(words.subList(start + 1, words.size()));
      }
    }
    return commands;
  }

  /** Why the tool does not take the command line, or null when it does. */
  private static String parse(List<String> args) {
    if (args.isEmpty() || args.stream().anyMatch(a -> a.contains("<command>"))) {
      return null; // "lakehouse <command> --help": a pattern, not a command line
    }
    CommandLine root = CommandLineFactory.create(new Environment(Map.of(), Terminal.NONE, false, new CallRecorder(), false),
        new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    try {
      root.parseArgs(args.toArray(String[]::new));
      return null;
    } catch (CommandLine.ParameterException e) {
      return e.getMessage();
    }
  }
}
