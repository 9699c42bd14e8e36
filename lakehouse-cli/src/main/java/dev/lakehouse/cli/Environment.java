package dev.lakehouse.cli;

import dev.lakehouse.aws.CallRecorder;
import java.util.Map;

/**
 * What the command line takes from the process around it: environment variables, the
 * terminal, signals, and the recorder that counts its AWS calls. Tests give their own.
 */
public record Environment(
    Map<String, String> variables, Terminal terminal, boolean stdoutIsTerminal, CallRecorder recorder,
    boolean handlesSignals) {
  public Environment {
    variables = Map.copyOf(variables);
  }

  /** The real process: its environment, its console, its signals. */
  public static Environment system() {
    return new Environment(System.getenv(), Terminal.system(), System.console() != null, new CallRecorder(), true);
  }

  public String variable(String name) {
    return variables.get(name);
  }
}
