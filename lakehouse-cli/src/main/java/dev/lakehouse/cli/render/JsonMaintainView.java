package dev.lakehouse.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.cli.Output;
import dev.lakehouse.config.model.MaintenancePolicy;
import dev.lakehouse.maintenance.athena.StatementOutcome;
import dev.lakehouse.maintenance.athena.StatementStatus;
import dev.lakehouse.maintenance.decide.Decision;
import dev.lakehouse.maintenance.inspect.TableState;
import dev.lakehouse.maintenance.report.ActionReport;
import dev.lakehouse.maintenance.report.MaintenanceReport;
import dev.lakehouse.maintenance.report.TableReport;
import dev.lakehouse.maintenance.report.TableStatus;
import dev.lakehouse.maintenance.table.GlueOptimizer;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** A maintenance report as the JSON document described in docs/maintain-json.md. */
final class JsonMaintainView implements MaintainView {
  static final String FORMAT_VERSION = "1.1";
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Output output;

  JsonMaintainView(Output output) {
    this.output = output;
  }

  @Override
  public void report(MaintenanceReport report, String workgroup, String only) {
    ObjectNode document = MAPPER.createObjectNode();
    document.put("format_version", FORMAT_VERSION);
    document.put("dry_run", report.dryRun());
    document.put("interrupted", report.interrupted());
    document.put("workgroup", workgroup);
    document.put("only", only);
    ArrayNode tables = document.putArray("tables");
    for (TableReport table : report.tables()) {
      table(tables.addObject(), table);
    }
    ObjectNode summary = document.putObject("summary");
    summary.put("tables", report.tables().size());
    for (TableStatus status : TableStatus.values()) {
      summary.put(status.label(), report.count(status));
    }
    summary.put("actions_succeeded", report.actions(StatementStatus.SUCCEEDED));
    summary.put("actions_failed", report.actionsFailed());
    summary.put("data_scanned_bytes", report.dataScannedBytes());
    summary.put("cost_usd", Figures.dollars(MaintenanceReport.cost(report.dataScannedBytes())));
    summary.put("duration_ms", report.duration().toMillis());
    summary.put("metrics_error", report.metricsError());
    try {
      output.result(MAPPER.writeValueAsString(document));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void table(ObjectNode node, TableReport table) {
    node.put("table", table.plan().table().name());
    node.put("glue_table", table.plan().table().glueName());
    node.put("matched_by", table.plan().table().matchedBy());
    ArrayNode glue = node.putArray("glue_optimizers");
    table.plan().table().glueOptimizers().stream().sorted().map(GlueOptimizer::apiName).forEach(glue::add);
    node.put("status", table.status().label());
    node.put("locked_by", table.lockedBy());
    node.put("error", table.error());
    policy(node.putObject("policy"), table.plan().table().policy());
    state(node, "before", table.plan().before());
    state(node, "after", table.after());
    ArrayNode actions = node.putArray("actions");
    for (ActionReport action : table.actions()) {
      action(actions.addObject(), action);
    }
  }

  private static void policy(ObjectNode node, MaintenancePolicy policy) {
    node.put("snapshot_retention_seconds", policy.snapshotRetention().getSeconds());
    node.put("min_snapshots_to_keep", policy.minSnapshotsToKeep());
    node.put("max_metadata_files_to_keep", policy.maxMetadataFilesToKeep());
    node.put("orphan_file_age_seconds", policy.orphanFileAge().getSeconds());
    node.put("target_file_size_bytes", policy.targetFileSize().bytes());
    node.put("compact_when_small_files_above", policy.compactWhenSmallFilesAbove());
    node.put("compact_when_delete_files_above", policy.compactWhenDeleteFilesAbove());
  }

  private static void state(ObjectNode parent, String field, TableState state) {
    if (state == null) {
      parent.putNull(field);
      return;
    }
    ObjectNode node = parent.putObject(field);
    node.put("metadata_location", state.metadataLocation());
    node.put("snapshots", state.snapshotCount());
    node.put("oldest_snapshot_at", state.oldestSnapshot().map(DateTimeFormatter.ISO_INSTANT::format).orElse(null));
    node.put("metadata_files", state.metadataFiles());
    node.put("data_files", state.dataFiles());
    node.put("data_bytes", state.dataBytes());
    node.put("small_files", state.smallFiles());
    node.put("small_file_threshold_bytes", state.smallFileThresholdBytes());
    node.put("delete_files", state.deleteFiles());
    node.put("average_file_size_bytes", state.averageFileSizeBytes());
    node.put("partitions", state.partitions().size());
    ObjectNode properties = node.putObject("vacuum_properties");
    state.vacuumProperties().forEach(properties::put);
    ObjectNode optimize = node.putObject("optimize_properties");
    state.optimizeProperties().forEach(optimize::put);
  }

  private static void action(ObjectNode node, ActionReport action) {
    Decision decision = action.decision();
    node.put("action", decision.kind().name().toLowerCase(Locale.ROOT));
    node.put("decision", decision.verdict().name().toLowerCase(Locale.ROOT));
    node.put("reason", decision.reason());
    node.put("sql", decision.sql());
    StatementOutcome outcome = action.outcome();
    node.put("status", outcome == null ? null : outcome.status().name().toLowerCase(Locale.ROOT));
    ArrayNode ids = node.putArray("query_ids");
    if (outcome != null) {
      outcome.queryIds().forEach(ids::add);
    }
    node.put("rounds", outcome == null ? 0 : outcome.rounds());
    long scanned = outcome == null ? 0 : outcome.dataScannedBytes();
    node.put("data_scanned_bytes", scanned);
    node.put("cost_usd", Figures.dollars(MaintenanceReport.cost(scanned)));
    node.put("duration_ms", outcome == null ? 0 : outcome.duration().toMillis());
    node.put("error", outcome == null || outcome.status() == StatementStatus.SUCCEEDED ? null : outcome.error());
    node.put("no_effect", action.noEffect());
  }
}
