package dev.lakehouse.maintenance.athena;

import dev.lakehouse.maintenance.lock.TableLocks;
import java.time.Clock;
import java.util.List;
import software.amazon.awssdk.services.athena.AthenaClient;

/** Runs maintenance statements through Athena (seam placeholder). */
public final class MaintenanceRunner {
  public MaintenanceRunner(AthenaClient athena, RunSettings settings, TableLocks locks, Clock clock) {}

  public List<TableOutcome> run(List<TableWork> work, RunListener listener) {
    throw new IllegalStateException("seam placeholder");
  }

  public void stop() {}
}
