package dev.lakehouse.maintenance.lock;

import dev.lakehouse.aws.AwsErrors;
import dev.lakehouse.aws.AwsFailure;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Cross-machine per-table locks (S3 object created with a conditional write, with an expiry).
 *
 * <p>A table's lock is the object {@code <prefix><database>/<table>.lock} in {@code bucket}, whose
 * body names its {@link LockHolder}. It is taken by creating the object with
 * {@code If-None-Match: *}, which S3 lets exactly one of several racing writers do. A lock that
 * has expired (its run crashed, or was killed; see below) is taken over by overwriting it with
 * {@code If-Match} on the ETag it was read with, so that of several runs finding it expired one
 * wins. It is released by deleting it with {@code If-Match} on our own ETag, which leaves a lock
 * another run has taken over in place. While the holder has a query running on the table, the lock
 * names it ({@link TableLock#naming}), so that the run taking over the lock of a run that was killed
 * can stop it ({@link TableLock#tookOverFrom}).
 *
 * <p>Whether a lock has expired is measured on S3's clock, not on the reader's or the holder's: a
 * lock expires once the time S3 answers the read with ({@code Date}) is more than the holder's
 * {@code lease} past the object's {@code Last-Modified}, its last write. So a host whose clock runs
 * ahead never takes over a lock its holder still keeps alive, and one whose clock runs behind does
 * not wait longer than the lease. A lock whose body names no lease (or cannot be read) holds this
 * run's time-to-live. Only an answer without those two fields is judged by the {@code expiresAt}
 * the holder wrote, on the reader's clock.
 */
public final class TableLocks {
  private static final Logger LOG = LoggerFactory.getLogger(TableLocks.class);
  /** Creates and take-overs tried before giving way to runs contending for the same lock. */
  private static final int ATTEMPTS = 3;

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final Duration ttl;
  private final String owner;
  private final Clock clock;
  private final String host;
  private final long pid;

  /**
   * @param prefix put before {@code <database>/<table>.lock}, e.g. {@code maintenance/locks/}; may be empty
   * @param ttl how long a lock holds unless kept alive; a crashed run's lock blocks no longer than that
   * @param owner names this run in the lock, for whoever finds the table locked
   */
  public TableLocks(S3Client s3, String bucket, String prefix, Duration ttl, String owner, Clock clock) {
    this.s3 = Objects.requireNonNull(s3, "s3");
    this.bucket = Objects.requireNonNull(bucket, "bucket");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.owner = Objects.requireNonNull(owner, "owner");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("Lock time-to-live must be positive, cannot be: " + ttl);
    }
    this.host = localHost();
    this.pid = ProcessHandle.current().pid();
  }

  /** The lock, or empty when another live run holds it ({@link #holder} tells who). */
  public Optional<TableLock> tryAcquire(String database, String table) {
    String key = key(database, table);
    try {
      for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
        LockHolder mine = new LockHolder(owner, host, pid, clock.instant(), ttl);
        Optional<String> created = put(key, mine, null);
        if (created.isPresent()) {
          return Optional.of(new HeldLock(key, mine, created.get(), null));
        }
        Optional<Current> current = read(key);
        if (current.isEmpty()) {
          continue;
        }
        if (current.get().holder().equals(mine)) {
          // Our own create: its answer was lost and the SDK's retry found the object it had made.
          return Optional.of(new HeldLock(key, mine, current.get().etag(), null));
        }
        if (!expired(current.get())) {
          return Optional.empty();
        }
        // Until this run has seen to the query the expired lock names, its lock names it in turn: a
        // run killed meanwhile leaves it to the next.
        LockHolder previous = current.get().holder();
        LockHolder takingOver = mine.running(previous.query());
        Optional<String> takenOver = put(key, takingOver, current.get().etag());
        if (takenOver.isPresent()) {
          LOG.warn("Took over the expired lock of {}.{} held by {}", database, table, previous.describe());
          return Optional.of(new HeldLock(key, takingOver, takenOver.get(), previous));
        }
      }
      return Optional.empty();
    } catch (SdkException e) {
      throw failure("lock", "table", database, table, e);
    }
  }

  /** Who holds the table's lock, described; empty when nobody holds a live one. */
  public Optional<String> holder(String database, String table) {
    return current(database, table).map(LockHolder::describe);
  }

  /** Who holds the table's lock; empty when nobody holds a live one. */
  public Optional<LockHolder> current(String database, String table) {
    return lock(database, table).filter(found -> !found.expired()).map(Found::holder);
  }

  /**
   * The table's lock as it is now, live or expired (its run ended without releasing it); empty when
   * there is none. One read tells both who holds it and what an expired one left behind.
   */
  public Optional<Found> lock(String database, String table) {
    String key = key(database, table);
    try {
      return read(key).map(current -> new Found(current.holder(), expired(current)));
    } catch (SdkException e) {
      throw failure("read", "the lock of table", database, table, e);
    }
  }

  /** A table's lock as read: its holder, and whether it has expired. */
  public record Found(LockHolder holder, boolean expired) {}

  /** The failure to lock or read a table's lock, with what to do when the locks' bucket is missing. */
  private AwsFailure failure(String verb, String thing, String database, String table, SdkException e) {
    String id = database + "." + table + " at s3://" + bucket + "/" + key(database, table);
    if (AwsErrors.hasCode(e, "NoSuchBucket")) {
      return new AwsFailure(verb, thing, id, "bucket " + bucket + ", which holds the table locks (the Athena results "
          + "bucket), does not exist; apply the stack (lakehouse apply), or name a bucket that exists in "
          + "athena.resultsBucket");
    }
    return new AwsFailure(verb, thing, id, e);
  }

  /** Whether {@code current} has expired: on S3's clock where the read's answer tells it. */
  private boolean expired(Current current) {
    Duration lease = current.holder().lease() == null ? ttl : current.holder().lease();
    return current.age()
        .map(age -> age.compareTo(lease) > 0)
        .orElseGet(() -> current.holder().expiredAt(clock.instant()));
  }

  /** The object key of a table's lock. */
  public String key(String database, String table) {
    return prefix + database + "/" + table + ".lock";
  }

  /** The bucket the locks live in. */
  public String bucket() {
    return bucket;
  }

  /** How long a lock holds unless kept alive. */
  public Duration ttl() {
    return ttl;
  }

  /**
   * Writes {@code holder} to {@code key}: a create ({@code If-None-Match: *}) when {@code etag} is
   * null, else an overwrite of that version ({@code If-Match}). The new ETag, or empty when the
   * condition did not hold (or another conditional write to the key was in progress).
   */
  private Optional<String> put(String key, LockHolder holder, String etag) {
    PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key)
        .contentType("application/json");
    if (etag == null) {
      request.ifNoneMatch("*");
    } else {
      request.ifMatch(etag);
    }
    try {
      return Optional.of(s3.putObject(request.build(), RequestBody.fromBytes(holder.toJson())).eTag());
    } catch (S3Exception e) {
      if (lostRace(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The lock object as it is now, or empty when there is none. */
  private Optional<Current> read(String key) {
    ResponseBytes<GetObjectResponse> object;
    try {
      object = s3.getObjectAsBytes(get -> get.bucket(bucket).key(key));
    } catch (S3Exception e) {
      if (isNoSuchKey(e)) {
        return Optional.empty();
      }
      throw e;
    }
    GetObjectResponse response = object.response();
    LockHolder holder;
    try {
      holder = LockHolder.parse(object.asByteArray());
    } catch (IllegalArgumentException e) {
      Instant written = response.lastModified() == null ? clock.instant() : response.lastModified();
      LOG.warn("The lock object s3://{}/{} cannot be read ({}); taking it to expire {} after it was written",
          bucket, key, e.getMessage(), ttl);
      holder = new LockHolder("an unknown run (unreadable lock object)", "unknown host", -1, written, ttl);
    }
    Optional<Duration> age = serverTime(response)
        .filter(now -> response.lastModified() != null)
        .map(now -> Duration.between(response.lastModified(), now));
    return Optional.of(new Current(holder, response.eTag(), age));
  }

  /** The time S3 answered at, from the response's {@code Date}; empty without one. */
  private static Optional<Instant> serverTime(GetObjectResponse response) {
    return response.sdkHttpResponse().firstMatchingHeader("Date").flatMap(date -> {
      try {
        return Optional.of(ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    });
  }

  /**
   * 412: the condition did not hold; 409: another conditional write to the key was in progress;
   * 404 {@code NoSuchKey}: the object an {@code If-Match} named is gone.
   */
  private static boolean lostRace(S3Exception e) {
    return e.statusCode() == 412 || e.statusCode() == 409 || isNoSuchKey(e);
  }

  private static boolean isNoSuchKey(S3Exception e) {
    return e.statusCode() == 404 && "NoSuchKey".equals(AwsErrors.code(e));
  }

  private static String localHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("unknown host");
    }
  }

  /** A lock object as read: its holder, ETag, and age on S3's clock when the answer tells it. */
  private record Current(LockHolder holder, String etag, Optional<Duration> age) {}

  /** A lock this object took, known by the ETag of the version it wrote. */
  private final class HeldLock implements TableLock {
    private final String key;
    private final LockHolder previous;
    private LockHolder holder;
    private String etag;
    private boolean released;

    /** {@code previous}: the holder of the expired lock taken over, or null. */
    HeldLock(String key, LockHolder holder, String etag, LockHolder previous) {
      this.key = key;
      this.holder = holder;
      this.etag = etag;
      this.previous = previous;
    }

    @Override
    public synchronized Instant expiresAt() {
      return holder.expiresAt();
    }

    @Override
    public Optional<LockHolder> tookOverFrom() {
      return Optional.ofNullable(previous);
    }

    @Override
    public synchronized boolean keepAlive() {
      if (released) {
        return false;
      }
      Instant now = clock.instant();
      if (now.isBefore(holder.expiresAt().minus(ttl.dividedBy(2)))) {
        return true;
      }
      return write(holder.renewedAt(now), "extend", now);
    }

    @Override
    public synchronized boolean naming(RunningQuery query) {
      if (released) {
        return false;
      }
      if (Objects.equals(query, holder.query())) {
        return keepAlive();
      }
      Instant now = clock.instant();
      return write(holder.renewedAt(now).running(query), "write", now);
    }

    /**
     * Writes {@code next} over our version of the lock at {@code now}: false when it is no longer ours;
     * when the write fails for an AWS error, whether the lock still holds, keeping what it held.
     */
    private boolean write(LockHolder next, String verb, Instant now) {
      try {
        Optional<String> written = put(key, next, etag);
        if (written.isEmpty()) {
          LOG.warn("Lost the lock s3://{}/{}: it expired and another run took it over", bucket, key);
          released = true;
          return false;
        }
        holder = next;
        etag = written.get();
        return true;
      } catch (SdkException e) {
        LOG.warn("Cannot {} the lock s3://{}/{} (it holds until {}): {}", verb, bucket, key, holder.expiresAt(),
            AwsErrors.reason(e));
        return !now.isAfter(holder.expiresAt());
      }
    }

    @Override
    public synchronized void close() {
      if (released) {
        return;
      }
      released = true;
      try {
        s3.deleteObject(delete -> delete.bucket(bucket).key(key).ifMatch(etag));
      } catch (S3Exception e) {
        if (lostRace(e)) {
          LOG.warn("Left the lock s3://{}/{} in place: another run took it over after it expired", bucket, key);
        } else {
          LOG.warn("Cannot release the lock s3://{}/{}; it expires at {}: {}", bucket, key, holder.expiresAt(),
              AwsErrors.reason(e));
        }
      } catch (SdkException e) {
        LOG.warn("Cannot release the lock s3://{}/{}; it expires at {}: {}", bucket, key, holder.expiresAt(),
            AwsErrors.reason(e));
      }
    }
  }
}
