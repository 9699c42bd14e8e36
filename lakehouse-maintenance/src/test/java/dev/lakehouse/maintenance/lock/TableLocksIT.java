package dev.lakehouse.maintenance.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.aws.AwsFailure;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import dev.lakehouse.testkit.ManualClock;
import dev.lakehouse.testkit.TestClients;
import dev.lakehouse.testkit.gaps.MotoGaps;
import dev.lakehouse.testkit.proxy.AwsProxy;
import dev.lakehouse.testkit.proxy.FaultRule;
import dev.lakehouse.testkit.proxy.S3Clock;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Table locks in a bucket with the stack's TLS-only policy, through the proxy with moto's gaps
 * filled; the lock objects are read back with a client of their own. S3 keeps the time of the
 * fixture's clock, which the tests move on; a run given another clock has one set apart from S3's.
 */
class TableLocksIT {
  private static final String BUCKET = "acme-dev-maintenance";
  private static final String PREFIX = "maintenance/locks/";
  private static final Duration TTL = Duration.ofMinutes(10);
  private static final Instant NOW = Instant.now();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TLS_ONLY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyInsecureTransport\","
      + "\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::" + BUCKET + "\","
      + "\"arn:aws:s3:::" + BUCKET + "/*\"],\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}";

  private record Fixture(AwsProxy proxy, TestClients tool, TestClients direct, ManualClock clock)
      implements AutoCloseable {
    static Fixture start(Emulator emulator) {
      AwsProxy proxy = MotoGaps.proxy(emulator);
      ManualClock clock = new ManualClock(NOW);
      S3Clock.install(proxy, clock);
      TestClients tool = TestClients.of(proxy.endpoint(), emulator.region(), emulator.credentials());
      tool.s3().createBucket(create -> create.bucket(BUCKET));
      tool.s3().putBucketPolicy(put -> put.bucket(BUCKET).policy(TLS_ONLY));
      return new Fixture(proxy, tool, TestClients.of(emulator), clock);
    }

    TableLocks locks(String owner, Clock clock) {
      return new TableLocks(tool.s3(), BUCKET, PREFIX, TTL, owner, clock);
    }

    JsonNode lockObject(String table) throws IOException {
      return JSON.readTree(direct.s3().getObjectAsBytes(get -> get.bucket(BUCKET).key(PREFIX + "sales/" + table + ".lock"))
          .asByteArray());
    }

    boolean lockExists(String table) {
      try {
        direct.s3().headObject(head -> head.bucket(BUCKET).key(PREFIX + "sales/" + table + ".lock"));
        return true;
      } catch (NoSuchKeyException e) {
        return false;
      }
    }

    @Override
    public void close() {
      direct.close();
      tool.close();
      proxy.close();
    }
  }

  @EmulatorTest
  void refusesASecondRunWhileTheFirstHoldsTheLockAndSaysWhoHoldsIt(Emulator emulator) throws IOException {
    try (Fixture fixture = Fixture.start(emulator)) {
      ManualClock clock = fixture.clock();
      TableLocks first = fixture.locks("cron-a", clock);
      TableLocks second = fixture.locks("cron-b", clock);

      Optional<TableLock> held = first.tryAcquire("sales", "orders");
      clock.advance(Duration.ofMinutes(9));
      Optional<TableLock> refused = second.tryAcquire("sales", "orders");

      assertThat(held).isPresent();
      assertThat(refused).isEmpty();
      assertThat(second.holder("sales", "orders")).get().asString()
          .startsWith("cron-a on ").contains(" since " + NOW + ", until " + NOW.plus(TTL));
      JsonNode body = fixture.lockObject("orders");
      assertThat(body.path("owner").asText()).isEqualTo("cron-a");
      assertThat(body.path("host").asText()).isNotBlank();
      assertThat(body.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
      assertThat(body.path("acquiredAt").asText()).isEqualTo(NOW.toString());
      assertThat(body.path("expiresAt").asText()).isEqualTo(NOW.plus(TTL).toString());
      assertThat(body.path("lease").asText()).isEqualTo("PT10M");
      assertThat(second.tryAcquire("sales", "customers")).isPresent();
    }
  }

  @EmulatorTest
  void holdsTheLockWhenTheAnswerToItsCreateIsLostAndTheRetryFindsItsOwnObject(Emulator emulator) {
    try (Fixture fixture = Fixture.start(emulator)) {
      ManualClock clock = fixture.clock();
      FaultRule lost = fixture.proxy().rule().service("s3").operation("PutObject").times(1).loseResponse();
      TableLocks locks = fixture.locks("cron-a", clock);

      Optional<TableLock> held = locks.tryAcquire("sales", "orders");

      assertThat(lost.fired()).isEqualTo(1);
      assertThat(held).as("its own lock, not another run's").isPresent();
      assertThat(fixture.locks("cron-b", clock).tryAcquire("sales", "orders")).isEmpty();
      held.get().close();
      assertThat(fixture.lockExists("orders")).as("released with the ETag the retry read").isFalse();
    }
  }

  @EmulatorTest
  void releasesTheLockOnClose(Emulator emulator) {
    try (Fixture fixture = Fixture.start(emulator)) {
      TableLocks first = fixture.locks("cron-a", Clock.systemUTC());
      TableLocks second = fixture.locks("cron-b", Clock.systemUTC());

      first.tryAcquire("sales", "orders").orElseThrow().close();

      assertThat(fixture.lockExists("orders")).isFalse();
      assertThat(first.holder("sales", "orders")).isEmpty();
      TableLock taken = second.tryAcquire("sales", "orders").orElseThrow();
      assertThat(first.holder("sales", "orders")).get().asString().startsWith("cron-b on ");
      taken.close();
      taken.close();
      assertThat(fixture.lockExists("orders")).isFalse();
    }
  }

  @EmulatorTest
  void takesOverAnExpiredLockAndTheCrashedRunCannotReleaseIt(Emulator emulator) throws IOException {
    try (Fixture fixture = Fixture.start(emulator)) {
      ManualClock clock = fixture.clock();
      TableLocks crashed = fixture.locks("cron-a", clock);
      TableLocks next = fixture.locks("cron-b", clock);
      TableLock stale = crashed.tryAcquire("sales", "orders").orElseThrow();

      clock.advance(TTL.plusSeconds(1));
      TableLock taken = next.tryAcquire("sales", "orders").orElseThrow();
      stale.close();

      assertThat(fixture.lockObject("orders").path("owner").asText()).isEqualTo("cron-b");
      assertThat(taken.expiresAt()).isEqualTo(NOW.plus(TTL).plusSeconds(1).plus(TTL));
      assertThat(stale.keepAlive()).isFalse();
      assertThat(crashed.tryAcquire("sales", "orders")).isEmpty();
      taken.close();
      assertThat(fixture.lockExists("orders")).isFalse();
    }
  }

  @EmulatorTest
  void namesTheQueryItsRunHasRunningAndTheRunTakingItOverLearnsOfIt(Emulator emulator) throws IOException {
    try (Fixture fixture = Fixture.start(emulator)) {
      ManualClock clock = fixture.clock();
      TableLocks killed = fixture.locks("cron-a", clock);
      TableLock stale = killed.tryAcquire("sales", "orders").orElseThrow();
      clock.advance(Duration.ofMinutes(2));

      assertThat(stale.naming(new RunningQuery("q-1", "acme-dev"))).isTrue();
      JsonNode body = fixture.lockObject("orders");
      assertThat(body.path("query").path("id").asText()).isEqualTo("q-1");
      assertThat(body.path("query").path("workgroup").asText()).isEqualTo("acme-dev");
      assertThat(body.path("expiresAt").asText()).as("a write of the lock keeps it alive")
          .isEqualTo(NOW.plus(Duration.ofMinutes(2)).plus(TTL).toString());
      assertThat(stale.naming(null)).isTrue();
      assertThat(fixture.lockObject("orders").has("query")).isFalse();
      assertThat(stale.naming(new RunningQuery("q-2", "acme-dev"))).isTrue();

      clock.advance(TTL.plusSeconds(1));
      TableLock taken = fixture.locks("cron-b", clock).tryAcquire("sales", "orders").orElseThrow();

      assertThat(taken.tookOverFrom()).hasValueSatisfying(previous -> {
        assertThat(previous.owner()).isEqualTo("cron-a");
        assertThat(previous.query()).isEqualTo(new RunningQuery("q-2", "acme-dev"));
      });
      assertThat(fixture.lockObject("orders").path("owner").asText()).isEqualTo("cron-b");
      assertThat(fixture.lockObject("orders").path("query").path("id").asText())
          .as("named until the run taking over has seen to it").isEqualTo("q-2");
      assertThat(stale.naming(null)).as("no longer cron-a's").isFalse();
      assertThat(fixture.lockObject("orders").path("owner").asText()).isEqualTo("cron-b");
      assertThat(taken.naming(null)).isTrue();
      assertThat(fixture.lockObject("orders").has("query")).isFalse();
      assertThat(killed.tryAcquire("sales", "customers").orElseThrow().tookOverFrom()).isEmpty();
      taken.close();
      assertThat(fixture.lockExists("orders")).isFalse();
    }
  }

  @EmulatorTest
  void keepsALongRunsLockAliveOnceHalfOfItHasPassed(Emulator emulator) throws IOException {
    try (Fixture fixture = Fixture.start(emulator)) {
      ManualClock clock = fixture.clock();
      TableLock lock = fixture.locks("cron-a", clock).tryAcquire("sales", "orders").orElseThrow();

      clock.advance(Duration.ofMinutes(4));
      assertThat(lock.keepAlive()).isTrue();
      assertThat(fixture.lockObject("orders").path("expiresAt").asText()).isEqualTo(NOW.plus(TTL).toString());

      clock.advance(Duration.ofMinutes(2));
      assertThat(lock.keepAlive()).isTrue();
      Instant extended = NOW.plus(Duration.ofMinutes(6)).plus(TTL);
      assertThat(lock.expiresAt()).isEqualTo(extended);
      assertThat(fixture.lockObject("orders").path("expiresAt").asText()).isEqualTo(extended.toString());
      assertThat(fixture.lockObject("orders").path("acquiredAt").asText()).isEqualTo(NOW.toString());

      clock.advance(Duration.ofMinutes(6));
      assertThat(fixture.locks("cron-b", clock).tryAcquire("sales", "orders")).isEmpty();
      lock.close();
      assertThat(fixture.lockExists("orders")).isFalse();
    }
  }

  @EmulatorTest
  void aRunWhoseClockIsAheadDoesNotTakeOverALockItsHolderKeepsAlive(Emulator emulator) {
    try (Fixture fixture = Fixture.start(emulator)) {
      TableLock held = fixture.locks("cron-a", fixture.clock()).tryAcquire("sales", "orders").orElseThrow();
      TableLocks ahead = fixture.locks("cron-b", new ManualClock(NOW.plus(Duration.ofHours(1))));

      assertThat(ahead.tryAcquire("sales", "orders")).as("past the holder's expiresAt on its own clock").isEmpty();
      fixture.clock().advance(Duration.ofMinutes(6));
      assertThat(held.keepAlive()).isTrue();
      fixture.clock().advance(Duration.ofMinutes(6));
      assertThat(ahead.tryAcquire("sales", "orders")).as("12 minutes on, 6 after the last write").isEmpty();
      assertThat(ahead.holder("sales", "orders")).get().asString().startsWith("cron-a on ");

      fixture.clock().advance(TTL.plusSeconds(1));
      assertThat(ahead.tryAcquire("sales", "orders")).as("the lease passed on S3's clock").isPresent();
      assertThat(held.keepAlive()).isFalse();
    }
  }

  @EmulatorTest
  void aRunWhoseClockIsBehindTakesOverOnceTheLeaseHasPassedOnS3sClock(Emulator emulator) throws IOException {
    try (Fixture fixture = Fixture.start(emulator)) {
      fixture.locks("cron-a", fixture.clock()).tryAcquire("sales", "orders").orElseThrow();
      TableLocks behind = fixture.locks("cron-b", new ManualClock(NOW.minus(Duration.ofHours(1))));

      fixture.clock().advance(TTL.minusSeconds(2));
      assertThat(behind.tryAcquire("sales", "orders")).isEmpty();
      fixture.clock().advance(Duration.ofSeconds(3));
      assertThat(behind.tryAcquire("sales", "orders")).isPresent();
      assertThat(fixture.lockObject("orders").path("owner").asText()).isEqualTo("cron-b");
    }
  }

  @EmulatorTest
  void aLockWhoseBodyNamesNoLeaseHoldsThisRunsTimeToLive(Emulator emulator) {
    try (Fixture fixture = Fixture.start(emulator)) {
      fixture.tool().s3().putObject(put -> put.bucket(BUCKET).key(PREFIX + "sales/orders.lock"),
          RequestBody.fromString("{\"owner\":\"cron-z\",\"host\":\"old\",\"pid\":7,\"acquiredAt\":\"" + NOW
              + "\",\"expiresAt\":\"" + NOW.plus(Duration.ofDays(1)) + "\"}"));
      TableLocks locks = fixture.locks("cron-a", fixture.clock());

      assertThat(locks.holder("sales", "orders")).get().asString().startsWith("cron-z on old (pid 7)");
      fixture.clock().advance(TTL.plusSeconds(1));
      assertThat(locks.tryAcquire("sales", "orders")).isPresent();
    }
  }

  @EmulatorTest
  void withoutS3sTimeInTheAnswerTheHoldersExpiryIsJudgedOnThisRunsClock(Emulator emulator) {
    try (Fixture fixture = Fixture.start(emulator)) {
      FaultRule noDate = fixture.proxy().rule().service("s3").operation("GetObject")
          .rewriteHeaders(exchange -> Map.of("Date", "not a date"));
      fixture.locks("cron-a", fixture.clock()).tryAcquire("sales", "orders").orElseThrow();
      fixture.clock().advance(TTL.plusMinutes(5));

      assertThat(fixture.locks("cron-b", new ManualClock(NOW.plus(TTL))).tryAcquire("sales", "orders")).isEmpty();
      assertThat(fixture.locks("cron-b", new ManualClock(NOW.plus(TTL).plusSeconds(1))).tryAcquire("sales", "orders"))
          .isPresent();
      assertThat(noDate.fired()).isEqualTo(2);
    }
  }

  @EmulatorTest
  void letsExactlyOneOfManyRacingRunsTakeTheLock(Emulator emulator) throws Exception {
    try (Fixture fixture = Fixture.start(emulator)) {
      int runs = 6;
      ExecutorService threads = Executors.newFixedThreadPool(runs);
      try {
        for (String table : List.of("orders", "customers", "returns")) {
          CountDownLatch go = new CountDownLatch(1);
          List<Future<Optional<TableLock>>> attempts = new ArrayList<>();
          for (int run = 0; run < runs; run++) {
            TableLocks locks = fixture.locks("cron-" + run, Clock.systemUTC());
            attempts.add(threads.submit(() -> {
              go.await();
              return locks.tryAcquire("sales", table);
            }));
          }
          go.countDown();
          List<TableLock> winners = new ArrayList<>();
          for (Future<Optional<TableLock>> attempt : attempts) {
            attempt.get().ifPresent(winners::add);
          }
          assertThat(winners).as("runs holding the lock of %s", table).hasSize(1);
        }
      } finally {
        threads.shutdownNow();
      }
    }
  }

  @EmulatorTest
  void takesALockObjectItCannotReadToExpireATimeToLiveAfterItWasWritten(Emulator emulator) {
    try (Fixture fixture = Fixture.start(emulator)) {
      S3Client s3 = fixture.tool().s3();
      s3.putObject(put -> put.bucket(BUCKET).key(PREFIX + "sales/orders.lock"), RequestBody.fromString("not a lock"));

      Optional<TableLock> refused = fixture.locks("cron-a", Clock.systemUTC()).tryAcquire("sales", "orders");
      Optional<String> holder = fixture.locks("cron-a", Clock.systemUTC()).holder("sales", "orders");
      fixture.clock().advance(TTL.plusMinutes(1));
      Optional<TableLock> later = fixture.locks("cron-a", Clock.systemUTC()).tryAcquire("sales", "orders");

      assertThat(refused).isEmpty();
      assertThat(holder).get().asString().startsWith("an unknown run (unreadable lock object) on unknown host");
      assertThat(later).isPresent();
    }
  }

  @EmulatorTest
  void saysWhichLockItCannotTakeAndWhatToDoWhenTheBucketIsMissing(Emulator emulator) {
    try (Fixture fixture = Fixture.start(emulator)) {
      TableLocks locks = new TableLocks(fixture.tool().s3(), "no-such-bucket", PREFIX, TTL, "cron-a", Clock.systemUTC());

      assertThatThrownBy(() -> locks.tryAcquire("sales", "orders"))
          .isInstanceOf(AwsFailure.class)
          .hasMessage("Cannot lock table (sales.orders at s3://no-such-bucket/maintenance/locks/sales/orders.lock): "
              + "bucket no-such-bucket, which holds the table locks (the Athena results bucket), does not exist; apply "
              + "the stack (lakehouse apply), or name a bucket that exists in athena.resultsBucket");
      assertThatThrownBy(() -> locks.holder("sales", "orders"))
          .hasMessageStartingWith("Cannot read the lock of table (sales.orders at s3://no-such-bucket/maintenance/"
              + "locks/sales/orders.lock): bucket no-such-bucket, which holds the table locks");
    }
  }
}
