package dev.lakehouse.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.cli.Output;
import dev.lakehouse.provision.iceberg.SnapshotHistory;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Snapshots and rollbacks as JSON documents on stdout. Snapshot ids are strings: they are
 * 64-bit numbers, more than a JSON reader with doubles (jq before 1.7, JavaScript) keeps exactly.
 */
final class JsonSnapshotView implements SnapshotView {
  static final String FORMAT_VERSION = "1.1";
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /**
   * Always milliseconds, the precision Iceberg keeps: ISO_INSTANT leaves the fraction out when it
   * is zero, and a reader with a fixed pattern would fail on one commit in a thousand.
   */
  static final DateTimeFormatter COMMITTED_AT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Output output;

  JsonSnapshotView(Output output) {
    this.output = output;
  }

  @Override
  public void snapshots(SnapshotHistory history) {
    ObjectNode document = header(history);
    SnapshotHistory.Entry current = history.current();
    document.put("current_snapshot_id", current == null ? null : Long.toString(current.snapshotId()));
    ArrayNode snapshots = document.putArray("snapshots");
    for (SnapshotHistory.Entry entry : history.entries()) {
      ObjectNode node = snapshots.addObject();
      node.put("snapshot_id", Long.toString(entry.snapshotId()));
      node.put("parent_id", entry.parentId() == null ? null : entry.parentId().toString());
      node.put("committed_at", COMMITTED_AT.format(entry.committedAt()));
      node.put("operation", entry.operation());
      node.put("added_data_files", entry.addedDataFiles());
      node.put("deleted_data_files", entry.deletedDataFiles());
      node.put("added_records", entry.addedRecords());
      node.put("deleted_records", entry.deletedRecords());
      node.put("current", entry.current());
      node.put("ancestor_of_current", entry.ancestorOfCurrent());
      node.put("was_current", entry.wasCurrent());
      node.put("can_roll_back_to", entry.canRollBackTo());
      entry.branches().forEach(node.putArray("branches")::add);
      entry.tags().forEach(node.putArray("tags")::add);
    }
    print(document);
  }

  /** Nothing: stdout carries the one document, written when the command ends. */
  @Override
  public void rollbackPreview(SnapshotHistory history, SnapshotHistory.Entry from, SnapshotHistory.Entry to,
      SnapshotHistory.Change change) {}

  @Override
  public void rolledBack(SnapshotHistory history, SnapshotHistory.Entry from, SnapshotHistory.Entry to,
      boolean changed) {
    ObjectNode document = header(history);
    document.put("status", changed ? "rolled_back" : "unchanged");
    document.put("from_snapshot_id", Long.toString(from.snapshotId()));
    document.put("to_snapshot_id", Long.toString(to.snapshotId()));
    print(document);
  }

  private static ObjectNode header(SnapshotHistory history) {
    ObjectNode document = MAPPER.createObjectNode();
    document.put("format_version", FORMAT_VERSION);
    document.put("table", history.name());
    document.put("glue_table", history.qualifiedName());
    return document;
  }

  private void print(ObjectNode document) {
    try {
      output.result(MAPPER.writeValueAsString(document));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
