package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.provision.engine.Action;
import dev.lakehouse.provision.engine.Address;
import dev.lakehouse.provision.engine.Change;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How long a change took, as the progress lines print it. */
class ProgressListenerTest {

  @ParameterizedTest
  @CsvSource({"0, 0.0s", "49, 0.0s", "50, 0.1s", "149, 0.1s", "1250, 1.3s", "9949, 9.9s", "9950, 10.0s",
      "61234, 61.2s"})
  void printsSecondsToOneDecimalRoundedHalfUp(long millis, String printed) {
    assertThat(ProgressListener.seconds(Duration.ofMillis(millis))).isEqualTo(printed);
  }

  @Test
  void aKeysDeletionIsScheduledWhereABucketIsDeleted() {
    Change key = new Change(Address.parse("kms_key.lakehouse"), Action.DELETE, null, null, List.of(), List.of(),
        List.of());
    Change bucket = new Change(Address.parse("s3_bucket.raw"), Action.DELETE, null, null, List.of(), List.of(),
        List.of());

    assertThat(ProgressListener.startedLine(key)).isEqualTo("kms_key.lakehouse: scheduling deletion...");
    assertThat(ProgressListener.finishedLine(key, Duration.ofMillis(300))).isEqualTo("kms_key.lakehouse: scheduled "
        + "for deletion in 0.3s (not deleted yet: KMS deletes it after its waiting period; aws kms cancel-key-deletion "
        + "brings it back until then)");
    assertThat(ProgressListener.startedLine(bucket)).isEqualTo("s3_bucket.raw: deleting...");
    assertThat(ProgressListener.finishedLine(bucket, Duration.ofMillis(300)))
        .isEqualTo("s3_bucket.raw: deleted in 0.3s");
  }
}
