package dev.lakehouse.maintenance.table;

import dev.lakehouse.aws.AwsErrors;
import dev.lakehouse.maintenance.InParallel;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.BatchGetTableOptimizerEntry;
import software.amazon.awssdk.services.glue.model.BatchGetTableOptimizerError;
import software.amazon.awssdk.services.glue.model.BatchGetTableOptimizerResponse;
import software.amazon.awssdk.services.glue.model.BatchTableOptimizer;

/**
 * Which of AWS Glue's table optimizers are enabled on the tables to maintain, read with
 * {@code BatchGetTableOptimizer}: Glue's compaction does what {@code OPTIMIZE} does, and its
 * snapshot retention what {@code VACUUM} does, and two of either on one table would each commit
 * over the other's work and be billed twice. An optimizer that exists but is disabled does not
 * count, and neither does a table with none ({@code EntityNotFoundException} for its entry).
 *
 * <p>When Glue cannot tell (a role without {@code glue:BatchGetTableOptimizer}, an emulator
 * without the API, a failure past the SDK's retries), the tables are maintained as configured, as
 * they were before the optimizers were asked about, and one warning says so and why.
 */
public final class GlueOptimizers {
  /** Entries asked for in one call: ten tables, two optimizers each. */
  static final int ENTRIES_PER_CALL = 20;
  /** Calls made at once after the first. */
  static final int PARALLEL_CALLS = 4;
  private static final Logger LOG = LoggerFactory.getLogger(GlueOptimizers.class);

  private final GlueClient glue;

  public GlueOptimizers(GlueClient glue) {
    this.glue = glue;
  }

  /**
   * The tables, each with the Glue optimizers enabled on it, in the same order. The first call is
   * made alone, so that a role without the permission is told once; the rest, at most
   * {@link #PARALLEL_CALLS} at once.
   */
  public List<MaintainedTable> attach(List<MaintainedTable> tables) {
    if (tables.isEmpty()) {
      return tables;
    }
    List<BatchGetTableOptimizerEntry> entries = new ArrayList<>();
    for (MaintainedTable table : tables) {
      for (GlueOptimizer optimizer : GlueOptimizer.values()) {
        entries.add(BatchGetTableOptimizerEntry.builder().databaseName(table.database()).tableName(table.table())
            .type(optimizer.apiName()).build());
      }
    }
    List<List<BatchGetTableOptimizerEntry>> chunks = new ArrayList<>();
    for (int from = 0; from < entries.size(); from += ENTRIES_PER_CALL) {
      chunks.add(entries.subList(from, Math.min(entries.size(), from + ENTRIES_PER_CALL)));
    }
    List<BatchGetTableOptimizerResponse> responses = new ArrayList<>();
    try {
      responses.add(ask(chunks.get(0)));
      responses.addAll(InParallel.map(chunks.subList(1, chunks.size()), PARALLEL_CALLS,
          "asking Glue for the tables' optimizers", this::ask));
    } catch (SdkException e) {
      LOG.warn("Cannot tell whether AWS Glue's table optimizers compact or expire the tables to maintain: {}; "
          + "maintaining them as configured", AwsErrors.reason(e));
      return tables;
    }
    Map<String, Set<GlueOptimizer>> enabled = new HashMap<>();
    Set<String> unknown = new TreeSet<>();
    for (BatchGetTableOptimizerResponse response : responses) {
      for (BatchTableOptimizer found : response.tableOptimizers()) {
        if (found.tableOptimizer() != null && found.tableOptimizer().configuration() != null
            && Boolean.TRUE.equals(found.tableOptimizer().configuration().enabled())) {
          GlueOptimizer.ofApiName(found.tableOptimizer().typeAsString()).ifPresent(type -> enabled.computeIfAbsent(
              found.databaseName() + "." + found.tableName(), name -> EnumSet.noneOf(GlueOptimizer.class)).add(type));
        }
      }
      for (BatchGetTableOptimizerError failure : response.failures()) {
        String code = failure.error() == null ? null : failure.error().errorCode();
        if (!"EntityNotFoundException".equals(code)) {
          unknown.add(failure.databaseName() + "." + failure.tableName() + " (" + failure.type() + ": " + code
              + (failure.error() == null || failure.error().errorMessage() == null ? ""
                  : ", " + failure.error().errorMessage()) + ")");
        }
      }
    }
    if (!unknown.isEmpty()) {
      LOG.warn("Cannot tell whether AWS Glue's table optimizers work on {}; maintaining them as configured",
          String.join(", ", unknown));
    }
    return tables.stream().map(table -> table.with(enabled.getOrDefault(table.glueName(), Set.of()))).toList();
  }

  private BatchGetTableOptimizerResponse ask(List<BatchGetTableOptimizerEntry> chunk) {
    return glue.batchGetTableOptimizer(request -> request.entries(chunk));
  }
}
