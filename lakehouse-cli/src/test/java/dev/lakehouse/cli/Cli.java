package dev.lakehouse.cli;

import dev.lakehouse.aws.CallRecorder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the command line in-process, as a user would, and keeps what it printed and the AWS calls it made. */
public final class Cli {
  /** The canonical stack, as the contract gives it. */
  public static final Path CANONICAL = Path.of("..", "examples", "lakehouse.yaml");

  static {
    // The SDK's default credential chain reads these first; an emulator takes any value.
    System.setProperty("aws.accessKeyId", "lakehouse-test");
    System.setProperty("aws.secretAccessKey", "lakehouse-test-secret");
  }

  /** What a run left: its exit code, its stdout and stderr, and its AWS calls. */
  public record Result(int exitCode, String stdout, String stderr, CallRecorder calls) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  private Map<String, String> variables = new HashMap<>();
  private Terminal terminal = Terminal.NONE;

  public Cli variable(String name, String value) {
    variables.put(name, value);
    return this;
  }

  public Cli terminal(Terminal terminal) {
    this.terminal = terminal;
    return this;
  }

  public Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CallRecorder recorder = new CallRecorder();
    Environment environment = new Environment(variables, terminal, false, recorder, false);
    int code = CommandLineFactory.forArguments(environment, new PrintWriter(out, true), new PrintWriter(err, true),
        args).execute(args);
    return new Result(code, out.toString(), err.toString(), recorder);
  }

  public static Result exec(String... args) {
    return new Cli().run(args);
  }

  /** A terminal that answers the confirmation prompt. */
  public static Terminal answering(String answer) {
    return Terminal.asking(prompt -> answer);
  }
}
