package dev.lakehouse.cli;

import dev.lakehouse.aws.CallRecorder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Runs the command line in-process, as {@link Main} does but with a test environment: no
 * signal handling, no colour, and a terminal that is absent or answers from a script.
 */
final class Cli {
  /** What a run left: its exit code, its standard output and error, and the prompts it showed. */
  record Result(int exitCode, String stdout, String stderr, List<String> prompts) {}

  private Cli() {}

  static Result run(String... args) {
    return run(Terminal.NONE, new ArrayList<>(), args);
  }

  /** Runs with a terminal that gives these answers, in order, to the prompts. */
  static Result answering(List<String> answers, String... args) {
    Deque<String> left = new ArrayDeque<>(answers);
    List<String> prompts = new ArrayList<>();
    Terminal terminal = new Terminal() {
      @Override
      public boolean isInteractive() {
        return true;
      }

      @Override
      public String readLine(String prompt) {
        prompts.add(prompt);
        return left.poll();
      }
    };
    return run(terminal, prompts, args);
  }

  private static Result run(Terminal terminal, List<String> prompts, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Environment environment = new Environment(Map.of(), terminal, false, new CallRecorder(), false);
    int code = CommandLineFactory.create(environment, new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
    return new Result(code, out.toString(), err.toString(), List.copyOf(prompts));
  }
}
