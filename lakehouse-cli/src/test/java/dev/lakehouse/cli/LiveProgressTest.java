package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.provision.engine.Action;
import dev.lakehouse.provision.engine.Address;
import dev.lakehouse.provision.engine.Change;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The terminal view: resources in flight redrawn in place at the bottom, finished ones printed once. */
class LiveProgressTest {
  private static final String UP_AND_ERASE = "\u001b[1A\u001b[2K";

  @Test
  void redrawsTheResourcesInFlightInPlace() {
    StringWriter err = new StringWriter();
    Output output = new Output(new PrintWriter(new StringWriter()), new PrintWriter(err), false, false, 0);
    LiveProgress progress = new LiveProgress(output, false);
    Change key = change("kms_key.lakehouse");
    Change bucket = change("s3_bucket.raw");

    progress.started(key);
    progress.started(bucket);
    progress.finished(key, Duration.ofMillis(1500));

    String screen = err.toString();
    assertThat(screen).startsWith("  kms_key.lakehouse: creating... ");
    assertThat(screen).contains("s\n" + UP_AND_ERASE + "  kms_key.lakehouse: creating... ");
    assertThat(screen).contains(UP_AND_ERASE + UP_AND_ERASE + "kms_key.lakehouse: created in 1.5s\n"
        + "  s3_bucket.raw: creating... ");
    assertThat(screen.lines().filter(l -> l.contains("created in"))).hasSize(1);
  }

  @Test
  void inCiEachEventIsOnePlainLine() {
    StringWriter err = new StringWriter();
    Output output = new Output(new PrintWriter(new StringWriter()), new PrintWriter(err), false, false, 0);
    Environment ci = new Environment(java.util.Map.of("CI", "true"), Terminal.NONE, true,
        new dev.lakehouse.aws.CallRecorder(), false);
    ProgressListener progress = ProgressListener.of(output, ci);
    progress.started(change("s3_bucket.raw"));
    progress.finished(change("s3_bucket.raw"), Duration.ofMillis(2300));

    assertThat(progress).isNotInstanceOf(LiveProgress.class);
    assertThat(err.toString()).isEqualTo("s3_bucket.raw: creating...\ns3_bucket.raw: created in 2.3s\n");
  }

  private static Change change(String address) {
    return new Change(Address.parse(address), Action.CREATE, null, null, List.of(), List.of(), List.of());
  }
}
