package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
}
