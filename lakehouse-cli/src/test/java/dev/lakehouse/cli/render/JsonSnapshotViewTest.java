package dev.lakehouse.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The commit times of {@code snapshots --json}: one shape for every instant. */
class JsonSnapshotViewTest {

  @Test
  void commitTimesAlwaysCarryMilliseconds() {
    assertThat(JsonSnapshotView.COMMITTED_AT.format(Instant.parse("2026-11-26T02:00:00Z")))
        .isEqualTo("2026-11-26T02:00:00.000Z");
    assertThat(JsonSnapshotView.COMMITTED_AT.format(Instant.parse("2026-11-26T02:00:05.120Z")))
        .isEqualTo("2026-11-26T02:00:05.120Z");
    assertThat(JsonSnapshotView.COMMITTED_AT.format(Instant.ofEpochMilli(1)))
        .isEqualTo("1970-01-01T00:00:00.001Z");
  }
}
