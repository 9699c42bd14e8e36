package dev.lakehouse.provision.iceberg;

import dev.lakehouse.aws.AwsFailure;
import dev.lakehouse.config.Stack;
import dev.lakehouse.config.Suggestions;
import dev.lakehouse.config.model.ZoneConfig;
import dev.lakehouse.errors.Refused;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NoSuchIcebergTableException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * The snapshots of an Iceberg table in one of the stack's zones, and rolling the table back
 * to one of them: what {@code lakehouse snapshots} and {@code lakehouse rollback} do. Any
 * table of a zone's database can be read and rolled back, whether the config declares it or not.
 */
public final class SnapshotHistory {

  /**
   * One snapshot: its id, its parent's (null for the first), when it was committed, the
   * operation, and the summary's file and record counts (0 where the summary has none).
   *
   * @param current whether it is the table's current snapshot
   * @param ancestorOfCurrent whether it is the current snapshot or one of its ancestors; a
   *     snapshot after a rollback's target is not
   * @param wasCurrent whether it was the table's current snapshot at some time (it is in the
   *     table's snapshot log): a snapshot a rollback went back past was, one only ever on
   *     another branch was not
   * @param branches the branches other than {@code main} whose head it is
   * @param tags the tags on it
   */
  public record Entry(
      long snapshotId,
      Long parentId,
      Instant committedAt,
      String operation,
      long addedDataFiles,
      long deletedDataFiles,
      long addedRecords,
      long deletedRecords,
      boolean current,
      boolean ancestorOfCurrent,
      boolean wasCurrent,
      List<String> branches,
      List<String> tags) {

    public Entry {
      branches = List.copyOf(branches);
      tags = List.copyOf(tags);
    }

    /**
     * Whether the table can be rolled back to it: a snapshot of the current one's history, or one
     * that was current before a rollback went back past it (rolling back to it undoes that).
     */
    public boolean canRollBackTo() {
      return ancestorOfCurrent || wasCurrent;
    }
  }

  private final String name;
  private final TableIdentifier identifier;
  private final Table table;

  private SnapshotHistory(String name, TableIdentifier identifier, Table table) {
    this.name = name;
    this.identifier = identifier;
    this.table = table;
  }

  /**
   * The table named {@code <zone>.<table>}, in that zone's database.
   *
   * @param verb what the command does to it, for messages: "list the snapshots of", "roll back"
   * @throws Refused when the name is not of a zone's table or there is no such table
   */
  public static SnapshotHistory load(Catalog catalog, Stack stack, String name, String verb) {
    TableIdentifier identifier = identifier(stack, name, verb);
    String cannot = "Cannot " + verb + " " + name + " (" + identifier + "): ";
    try {
      return new SnapshotHistory(name, identifier, catalog.loadTable(identifier));
    } catch (NoSuchIcebergTableException e) {
      throw new Refused(cannot + "it is a Glue table, but not an Iceberg one (its table_type parameter is not "
          + "ICEBERG); only Iceberg tables have snapshots");
    } catch (NoSuchTableException e) {
      throw new Refused(cannot + "there is no such Iceberg table" + missing(catalog, stack, name, identifier));
    } catch (RuntimeException e) {
      for (Throwable cause = e; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
        if (cause instanceof NotFoundException missing) {
          // The entry's metadata_location names a file that is gone: say which, not only S3's NoSuchKey.
          throw new Refused(cannot + "the metadata file its Glue entry's metadata_location names cannot be read ("
              + missing.getMessage() + ")");
        }
      }
      throw IcebergErrors.failure("read", identifier.toString(), e);
    }
  }

  /**
   * What to do about a table that is not there: apply it, when the config declares it; else the
   * name of the zone's Iceberg table closest to the one given, if one is close.
   */
  private static String missing(Catalog catalog, Stack stack, String name, TableIdentifier identifier) {
    String zone = name.substring(0, name.indexOf('.'));
    boolean declared = stack.config().tables().stream()
        .anyMatch(table -> zone.equals(table.zone()) && identifier.name().equalsIgnoreCase(table.tableName()));
    if (declared) {
      return ": the config declares it, but no apply has made it yet (lakehouse plan shows it)";
    }
    List<String> tables;
    try {
      tables = catalog.listTables(identifier.namespace()).stream().map(table -> zone + "." + table.name()).toList();
    } catch (RuntimeException e) {
      // The zone's database not made yet, or no glue:GetTables: the refusal stands without a hint.
      return "";
    }
    return Suggestions.didYouMean(name, tables);
  }

  /** The Glue identifier of a table named {@code <zone>.<table>}. */
  static TableIdentifier identifier(Stack stack, String name, String verb) {
    int dot = name.indexOf('.');
    if (dot <= 0 || dot == name.length() - 1) {
      throw new Refused("Cannot " + verb + " " + name + ": name the table <zone>.<table>, e.g. processed.customer_events");
    }
    String zoneName = name.substring(0, dot);
    Map<String, ZoneConfig> zones = stack.config().zones();
    ZoneConfig zone = zones.get(zoneName);
    if (zone == null) {
      throw new Refused("Cannot " + verb + " " + name + ": the config has no zone '" + zoneName + "'"
          + Suggestions.didYouMean(zoneName, zones.keySet()) + " (zones: " + String.join(", ", zones.keySet()) + ")");
    }
    if (zone.database() == null) {
      throw new Refused("Cannot " + verb + " " + name + ": zone '" + zoneName + "' has no database");
    }
    // Glue keeps names in lower case, and Athena reads them in any case: so does the command, and
    // the table's maintenance lock is the one maintain takes whatever case it was named in.
    return TableIdentifier.of(zone.database().name(), name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /** The table as the command line names it: {@code processed.customer_events}. */
  public String name() {
    return name;
  }

  /** The table as Glue and Athena name it: {@code acme_dev_processed.customer_events}. */
  public String qualifiedName() {
    return identifier.toString();
  }

  /** The table's Glue database: {@code acme_dev_processed}. */
  public String databaseName() {
    return identifier.namespace().level(0);
  }

  /** The table's name in its Glue database: {@code customer_events}. */
  public String tableName() {
    return identifier.name();
  }

  /** Every snapshot the table's metadata holds, oldest first. */
  public List<Entry> entries() {
    Snapshot current = table.currentSnapshot();
    Set<Long> ancestors = new TreeSet<>();
    if (current != null) {
      SnapshotUtil.ancestorIds(current, table::snapshot).forEach(ancestors::add);
    }
    Set<Long> wereCurrent = new TreeSet<>();
    table.history().forEach(logged -> wereCurrent.add(logged.snapshotId()));
    Map<Long, List<String>> branches = new TreeMap<>();
    Map<Long, List<String>> tags = new TreeMap<>();
    new TreeMap<>(table.refs()).forEach((refName, ref) -> {
      if (!refName.equals(SnapshotRef.MAIN_BRANCH)) {
        (ref.isBranch() ? branches : tags).computeIfAbsent(ref.snapshotId(), id -> new ArrayList<>()).add(refName);
      }
    });
    List<Entry> entries = new ArrayList<>();
    for (Snapshot snapshot : table.snapshots()) {
      Map<String, String> summary = snapshot.summary() == null ? Map.of() : snapshot.summary();
      entries.add(new Entry(snapshot.snapshotId(), snapshot.parentId(), Instant.ofEpochMilli(snapshot.timestampMillis()),
          snapshot.operation(),
          count(summary, SnapshotSummary.ADDED_FILES_PROP), count(summary, SnapshotSummary.DELETED_FILES_PROP),
          count(summary, SnapshotSummary.ADDED_RECORDS_PROP), count(summary, SnapshotSummary.DELETED_RECORDS_PROP),
          current != null && current.snapshotId() == snapshot.snapshotId(), ancestors.contains(snapshot.snapshotId()),
          wereCurrent.contains(snapshot.snapshotId()), branches.getOrDefault(snapshot.snapshotId(), List.of()),
          tags.getOrDefault(snapshot.snapshotId(), List.of())));
    }
    entries.sort(Comparator.comparing(Entry::committedAt).thenComparing(Entry::snapshotId));
    return entries;
  }

  private static long count(Map<String, String> summary, String key) {
    String value = summary.get(key);
    return value == null ? 0 : Long.parseLong(value);
  }

  /** The current snapshot, or null when the table has none yet. */
  public Entry current() {
    return entries().stream().filter(Entry::current).findFirst().orElse(null);
  }

  /** The snapshot of that id, or null. */
  public Entry entry(long snapshotId) {
    return entries().stream().filter(e -> e.snapshotId() == snapshotId).findFirst().orElse(null);
  }

  /**
   * What rolling back to the snapshot changes for readers: the snapshots that leave the current
   * snapshot's history ({@code leaving}) and those that come back into it ({@code returning}, when
   * it undoes an earlier rollback), each newest first.
   */
  public record Change(List<Entry> leaving, List<Entry> returning) {
    public Change {
      leaving = List.copyOf(leaving);
      returning = List.copyOf(returning);
    }
  }

  /** What rolling back to {@code snapshotId} changes for readers. */
  public Change change(long snapshotId) {
    List<Entry> entries = entries();
    Entry current = entries.stream().filter(Entry::current).findFirst().orElse(null);
    List<Entry> now = lineage(entries, current == null ? null : current.snapshotId());
    List<Entry> then = lineage(entries, snapshotId);
    return new Change(now.stream().filter(entry -> !then.contains(entry)).toList(),
        then.stream().filter(entry -> !now.contains(entry)).toList());
  }

  /** The snapshot and its ancestors still in the metadata, newest first. */
  private static List<Entry> lineage(List<Entry> entries, Long snapshotId) {
    Map<Long, Entry> byId = new TreeMap<>();
    entries.forEach(entry -> byId.put(entry.snapshotId(), entry));
    List<Entry> lineage = new ArrayList<>();
    for (Entry entry = snapshotId == null ? null : byId.get(snapshotId); entry != null && !lineage.contains(entry);
        entry = entry.parentId() == null ? null : byId.get(entry.parentId())) {
      lineage.add(entry);
    }
    return lineage;
  }

  /**
   * Checks that the table can be rolled back to the snapshot, and returns it: it must be one
   * of the table's snapshots, and an ancestor of the current one or a snapshot that was current
   * before a rollback went back past it (so a rollback can be undone); never a snapshot that was
   * only ever on another branch.
   *
   * @throws Refused naming the table and the snapshot when it cannot
   */
  public Entry target(long snapshotId) {
    String cannot = "Cannot roll back " + name + " (" + qualifiedName() + ") to snapshot " + snapshotId + ": ";
    Entry current = current();
    if (current == null) {
      throw new Refused(cannot + "the table has no snapshots");
    }
    Entry target = entry(snapshotId);
    if (target == null) {
      throw new Refused(cannot + "the table has no such snapshot (an expired one is gone from its metadata); list "
          + "them with: lakehouse snapshots " + name);
    }
    if (!target.canRollBackTo()) {
      throw new Refused(cannot + "it was never the table's current snapshot"
          + (target.branches().isEmpty() ? "" : " (it is the head of branch " + String.join(", ", target.branches())
              + ")")
          + "; only snapshots in the current one's history, or that were current before a rollback, can be chosen");
    }
    return target;
  }

  /**
   * Makes the snapshot the table's current one (Iceberg's {@code rollbackTo}, or
   * {@code setCurrentSnapshot} to undo a rollback): one metadata commit; later snapshots stay in
   * the metadata until they expire. The commit is made on the
   * metadata this history was read from, and only if the table's catalog entry still points at
   * it: a snapshot another writer commits meanwhile (after the user saw the history and
   * confirmed) is never rolled back unseen. Iceberg's own {@code rollbackTo} would retry on the
   * newer metadata, and roll that snapshot back too.
   *
   * @throws Refused when the snapshot cannot be rolled back to, or the table changed since it was read
   * @throws AwsFailure when the commit failed, or its outcome cannot be known (the message says so)
   */
  public void rollbackTo(long snapshotId) {
    Entry target = target(snapshotId);
    TableOperations operations = ((HasTableOperations) table).operations();
    TableMetadata base = operations.current();
    TableMetadata rolledBack = TableMetadata.buildFrom(base)
        .setBranchSnapshot(target.snapshotId(), SnapshotRef.MAIN_BRANCH)
        .build();
    try {
      operations.commit(base, rolledBack);
    } catch (CommitFailedException e) {
      throw changedMeanwhile(snapshotId);
    } catch (CommitStateUnknownException e) {
      // Glue's answer to the commit was lost, and so was the read that would have told whether it
      // was made: saying the rollback failed would be wrong as often as right.
      AwsFailure failure = new AwsFailure("roll back", name, qualifiedName(), "the commit to snapshot " + snapshotId
          + " was sent, but whether Glue made it is unknown (" + IcebergErrors.reason(e) + "). Check with: lakehouse "
          + "snapshots " + name + " (the rollback was made where " + snapshotId + " is current); running the rollback "
          + "again is safe: it changes nothing once the table is at that snapshot");
      failure.initCause(e);
      throw failure;
    } catch (RuntimeException e) {
      throw IcebergErrors.failure("roll back", qualifiedName(), e);
    }
  }

  /** The refusal when another commit came first, naming the table's current snapshot now if it can be read. */
  private Refused changedMeanwhile(long snapshotId) {
    Entry shown = current();
    String now;
    try {
      table.refresh();
      Snapshot latest = table.currentSnapshot();
      now = latest == null ? "" : " (its current snapshot is now " + latest.snapshotId() + ", not " + shown.snapshotId()
          + ")";
    } catch (RuntimeException e) {
      now = "";
    }
    return new Refused("Cannot roll back " + name + " (" + qualifiedName() + ") to snapshot " + snapshotId
        + ": another commit changed the table since it was read" + now + "; nothing was changed. Check the "
        + "snapshots with: lakehouse snapshots " + name + ", and run the rollback again");
  }
}
