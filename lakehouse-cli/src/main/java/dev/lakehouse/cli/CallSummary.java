package dev.lakehouse.cli;

import dev.lakehouse.aws.CallRecorder;

/** With -v: how many AWS calls the command made, and how many of them changed something. */
final class CallSummary {
  private CallSummary() {}

  static void show(Output output, CallRecorder recorder) {
    output.detail("AWS calls: " + recorder.calls().size() + " (" + recorder.mutatingCalls().size()
        + " that change something)");
  }
}
