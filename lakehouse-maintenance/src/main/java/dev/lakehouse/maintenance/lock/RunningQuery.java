package dev.lakehouse.maintenance.lock;

import java.util.Objects;

/**
 * A query execution a lock's holder has running in Athena on the table, named in the lock object so
 * that a run taking over the lock of a run that was killed can stop it.
 *
 * @param id the query execution id
 * @param workgroup the Athena workgroup it runs in, for people reading the lock
 */
public record RunningQuery(String id, String workgroup) {
  public RunningQuery {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(workgroup, "workgroup");
  }
}
