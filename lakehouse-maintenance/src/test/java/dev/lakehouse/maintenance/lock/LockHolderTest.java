package dev.lakehouse.maintenance.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LockHolderTest {
  private static final Instant ACQUIRED = Instant.parse("2026-11-26T02:00:00Z");
  private static final Instant EXPIRES = Instant.parse("2026-11-26T08:00:00Z");
  private static final Duration LEASE = Duration.ofHours(6);

  @Test
  void writesItselfAsTheLockObjectsBodyAndReadsItBack() {
    LockHolder holder = new LockHolder("nightly", "cron-1", 4242, ACQUIRED, LEASE);

    String json = new String(holder.toJson(), StandardCharsets.UTF_8);

    assertThat(json).isEqualTo("{\"owner\":\"nightly\",\"host\":\"cron-1\",\"pid\":4242,"
        + "\"acquiredAt\":\"2026-11-26T02:00:00Z\",\"expiresAt\":\"2026-11-26T08:00:00Z\",\"lease\":\"PT6H\"}");
    assertThat(LockHolder.parse(holder.toJson())).isEqualTo(holder);
  }

  @Test
  void writesTheQueryItsHolderHasRunningAndReadsItBack() {
    LockHolder holder = new LockHolder("nightly", "cron-1", 4242, ACQUIRED, LEASE)
        .running(new RunningQuery("5c1b1f0e-3d4a-4f7e-9a51-2b1e8c0f6d3a", "acme-dev"));

    String json = new String(holder.toJson(), StandardCharsets.UTF_8);

    assertThat(json).isEqualTo("{\"owner\":\"nightly\",\"host\":\"cron-1\",\"pid\":4242,"
        + "\"acquiredAt\":\"2026-11-26T02:00:00Z\",\"expiresAt\":\"2026-11-26T08:00:00Z\",\"lease\":\"PT6H\","
        + "\"query\":{\"id\":\"5c1b1f0e-3d4a-4f7e-9a51-2b1e8c0f6d3a\",\"workgroup\":\"acme-dev\"}}");
    assertThat(LockHolder.parse(holder.toJson())).isEqualTo(holder);
    assertThat(LockHolder.parse(holder.running(null).toJson()).query()).isNull();
  }

  @Test
  void readsABodyWithoutAQueryAsNamingNone() {
    LockHolder holder = LockHolder.parse(("{\"owner\":\"x\",\"host\":\"h\",\"pid\":1,"
        + "\"acquiredAt\":\"2026-11-26T02:00:00Z\",\"expiresAt\":\"2026-11-26T08:00:00Z\",\"lease\":\"PT6H\"}")
        .getBytes(StandardCharsets.UTF_8));

    assertThat(holder.query()).isNull();
    assertThat(holder).isEqualTo(new LockHolder("x", "h", 1, ACQUIRED, EXPIRES, LEASE));
  }

  @Test
  void aRenewedLockKeepsTheQueryItNames() {
    RunningQuery query = new RunningQuery("q-1", "acme-dev");

    assertThat(new LockHolder("nightly", "cron-1", 4242, ACQUIRED, LEASE).running(query)
        .renewedAt(ACQUIRED.plus(Duration.ofHours(4))).query()).isEqualTo(query);
  }

  @Test
  void aRenewedLockHoldsItsLeaseFromTheRenewalOn() {
    LockHolder renewed = new LockHolder("nightly", "cron-1", 4242, ACQUIRED, LEASE)
        .renewedAt(ACQUIRED.plus(Duration.ofHours(4)));

    assertThat(renewed).isEqualTo(new LockHolder("nightly", "cron-1", 4242, ACQUIRED,
        Instant.parse("2026-11-26T12:00:00Z"), LEASE));
  }

  @Test
  void readsABodyWithoutALeaseAsHavingNone() {
    LockHolder holder = LockHolder.parse(("{\"owner\":\"x\",\"host\":\"h\",\"pid\":1,"
        + "\"acquiredAt\":\"2026-11-26T02:00:00Z\",\"expiresAt\":\"2026-11-26T08:00:00Z\"}")
        .getBytes(StandardCharsets.UTF_8));

    assertThat(holder).isEqualTo(new LockHolder("x", "h", 1, ACQUIRED, EXPIRES, null));
  }

  @Test
  void saysWhoHoldsTheLockAndUntilWhen() {
    assertThat(new LockHolder("nightly", "cron-1", 4242, ACQUIRED, LEASE).describe())
        .isEqualTo("nightly on cron-1 (pid 4242) since 2026-11-26T02:00:00Z, until 2026-11-26T08:00:00Z");
  }

  @Test
  void expiresOnlyAfterItsExpiry() {
    LockHolder holder = new LockHolder("nightly", "cron-1", 4242, ACQUIRED, LEASE);

    assertThat(holder.expiredAt(EXPIRES)).isFalse();
    assertThat(holder.expiredAt(EXPIRES.plusMillis(1))).isTrue();
  }

  @Test
  void refusesABodyThatIsNotALock() {
    assertThatThrownBy(() -> LockHolder.parse("nope".getBytes(StandardCharsets.UTF_8)))
        .hasMessageStartingWith("not JSON: ");
    assertThatThrownBy(() -> LockHolder.parse("[1]".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("not a JSON object");
    assertThatThrownBy(() -> LockHolder.parse("{\"owner\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("no host");
    assertThatThrownBy(() -> LockHolder.parse(("{\"owner\":\"x\",\"host\":\"h\",\"pid\":1,\"acquiredAt\":\"yesterday\","
        + "\"expiresAt\":\"2026-11-26T08:00:00Z\"}").getBytes(StandardCharsets.UTF_8)))
        .hasMessage("acquiredAt is not an ISO-8601 instant: yesterday");
    assertThatThrownBy(() -> LockHolder.parse(("{\"owner\":\"x\",\"host\":\"h\",\"pid\":1,\"acquiredAt\":"
        + "\"2026-11-26T02:00:00Z\",\"expiresAt\":\"2026-11-26T08:00:00Z\",\"lease\":\"an hour\"}")
        .getBytes(StandardCharsets.UTF_8)))
        .hasMessage("lease is not an ISO-8601 duration: an hour");
    assertThatThrownBy(() -> LockHolder.parse(("{\"owner\":\"x\",\"host\":\"h\",\"pid\":1,\"acquiredAt\":"
        + "\"2026-11-26T02:00:00Z\",\"expiresAt\":\"2026-11-26T08:00:00Z\",\"lease\":\"PT0S\"}")
        .getBytes(StandardCharsets.UTF_8)))
        .hasMessage("lease is not positive: PT0S");
    assertThatThrownBy(() -> LockHolder.parse(("{\"owner\":\"x\",\"host\":\"h\",\"pid\":1,\"acquiredAt\":"
        + "\"2026-11-26T02:00:00Z\",\"expiresAt\":\"2026-11-26T08:00:00Z\",\"query\":\"q-1\"}")
        .getBytes(StandardCharsets.UTF_8)))
        .hasMessage("query is not a JSON object: \"q-1\"");
    assertThatThrownBy(() -> LockHolder.parse(("{\"owner\":\"x\",\"host\":\"h\",\"pid\":1,\"acquiredAt\":"
        + "\"2026-11-26T02:00:00Z\",\"expiresAt\":\"2026-11-26T08:00:00Z\",\"query\":{\"workgroup\":\"wg\"}}")
        .getBytes(StandardCharsets.UTF_8)))
        .hasMessage("no query.id");
  }
}
