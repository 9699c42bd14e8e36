package dev.lakehouse.maintenance.lock;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/** Cross-machine per-table locks (seam placeholder). */
public final class TableLocks {
  public TableLocks(S3Client s3, String bucket, String prefix, Duration ttl, String owner, Clock clock) {}

  public Optional<TableLock> tryAcquire(String database, String table) {
    return Optional.empty();
  }

  public Optional<String> holder(String database, String table) {
    return Optional.empty();
  }
}
