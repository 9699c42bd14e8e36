package dev.lakehouse.maintenance.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.config.model.MaintenancePolicy;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import dev.lakehouse.testkit.TestClients;
import dev.lakehouse.testkit.gaps.MotoGaps;
import dev.lakehouse.testkit.proxy.AwsProxy;
import dev.lakehouse.testkit.proxy.FaultRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The Glue table optimizers of the tables to maintain, asked of moto through the proxy, whose gap
 * filler serves Glue's table optimizer API; the optimizers are made with a client of their own.
 */
class GlueOptimizersIT {
  private static final String MOTO_ONLY = "moto lacks Glue's table optimizers; the testkit's gap filler serves them";
  private static final String DATABASE = "acme_dev_processed";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROLE = "arn:aws:iam::123456789012:role/glue-optimizer";

  private record Fixture(AwsProxy proxy, TestClients tool) implements AutoCloseable {
    static Fixture start(Emulator emulator) {
      AwsProxy proxy = MotoGaps.proxy(emulator);
      return new Fixture(proxy, TestClients.of(proxy.endpoint(), emulator.region(), emulator.credentials()));
    }

    void optimizer(String table, String type, boolean enabled) {
      tool.glue().createTableOptimizer(create -> create.catalogId("123456789012").databaseName(DATABASE)
          .tableName(table).type(type).tableOptimizerConfiguration(c -> c.roleArn(ROLE).enabled(enabled)));
    }

    /** The tables, with their optimizers as the tool asks Glue for them through the proxy. */
    List<MaintainedTable> attach(List<MaintainedTable> tables) {
      return new GlueOptimizers(tool.glue()).attach(tables);
    }

    long batchCalls() {
      return proxy.requests().stream().filter(request -> request.operation().equals("BatchGetTableOptimizer")).count();
    }

    @Override
    public void close() {
      tool.close();
      proxy.close();
    }
  }

  private static List<MaintainedTable> tables(int count) {
    return IntStream.range(0, count).mapToObj(i -> new MaintainedTable("processed", "t" + i, DATABASE,
        "s3://b/t" + i + "/metadata/00000.metadata.json", MaintenancePolicy.BUILT_IN, "processed.*")).toList();
  }

  @EmulatorTest(motoOnly = true, reason = MOTO_ONLY)
  void asksGlueTenTablesAtATimeAndCountsOnlyTheEnabledOptimizers(Emulator emulator) {
    try (Fixture fixture = Fixture.start(emulator)) {
      fixture.optimizer("t1", "compaction", true);
      fixture.optimizer("t2", "retention", true);
      fixture.optimizer("t2", "compaction", false);
      fixture.optimizer("t3", "orphan_file_deletion", true);
      fixture.optimizer("t11", "compaction", true);
      fixture.optimizer("t11", "retention", true);
      fixture.proxy().clearRecording();

      List<MaintainedTable> attached = fixture.attach(tables(12));

      assertThat(attached).extracting(MaintainedTable::table)
          .containsExactlyElementsOf(tables(12).stream().map(MaintainedTable::table).toList());
      assertThat(attached.get(0).glueOptimizers()).isEmpty();
      assertThat(attached.get(1).glueOptimizers()).containsExactly(GlueOptimizer.COMPACTION);
      assertThat(attached.get(2).glueOptimizers()).as("its compaction is disabled").containsExactly(GlueOptimizer.RETENTION);
      assertThat(attached.get(3).glueOptimizers()).as("orphan file deletion does not overlap").isEmpty();
      assertThat(attached.get(11).glueOptimizers()).containsExactlyInAnyOrder(GlueOptimizer.COMPACTION,
          GlueOptimizer.RETENTION);
      assertThat(attached.get(11).at("s3://b/t11/metadata/00001.metadata.json").glueOptimizers())
          .as("kept across the table's commits").hasSize(2);
      assertThat(fixture.batchCalls()).as("24 entries, 20 a call").isEqualTo(2);
    }
  }

  @EmulatorTest(motoOnly = true, reason = MOTO_ONLY)
  void asksForManyTablesInCallsAtOnceAfterTheFirstAndForNoneWithoutTables(Emulator emulator) {
    try (Fixture fixture = Fixture.start(emulator)) {
      fixture.optimizer("t44", "retention", true);
      fixture.optimizer("t5", "compaction", true);
      fixture.proxy().clearRecording();

      List<MaintainedTable> attached = fixture.attach(tables(45));
      List<MaintainedTable> none = fixture.attach(List.of());

      assertThat(attached).filteredOn(table -> !table.glueOptimizers().isEmpty())
          .extracting(MaintainedTable::table, MaintainedTable::glueOptimizers)
          .containsExactly(tuple("t5", Set.of(GlueOptimizer.COMPACTION)), tuple("t44", Set.of(GlueOptimizer.RETENTION)));
      assertThat(none).isEmpty();
      assertThat(fixture.batchCalls()).as("90 entries, 20 a call").isEqualTo(5);
    }
  }

  @EmulatorTest(motoOnly = true, reason = MOTO_ONLY)
  void maintainsEveryTableAsConfiguredWhenGlueCannotBeAsked(Emulator emulator) {
    try (Fixture fixture = Fixture.start(emulator)) {
      fixture.optimizer("t1", "compaction", true);
      FaultRule denied = fixture.proxy().rule().service("glue").operation("BatchGetTableOptimizer")
          .respondError(400, "AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/lakehouse-maintain/"
              + "cron is not authorized to perform: glue:BatchGetTableOptimizer");

      List<MaintainedTable> attached = fixture.attach(tables(12));

      assertThat(attached).isEqualTo(tables(12));
      assertThat(denied.fired()).as("no second call after the first failed").isEqualTo(1);
    }
  }

  @EmulatorTest(motoOnly = true, reason = MOTO_ONLY)
  void anEntryGlueCouldNotAnswerLeavesItsTableAsConfigured(Emulator emulator) {
    try (Fixture fixture = Fixture.start(emulator)) {
      fixture.optimizer("t0", "compaction", true);
      fixture.optimizer("t1", "compaction", true);
      // Glue answers t0's compaction with a failure other than "there is none".
      fixture.proxy().rule().service("glue").operation("BatchGetTableOptimizer").rewriteResponse(exchange -> {
        try {
          ObjectNode body = (ObjectNode) JSON.readTree(exchange.body());
          ArrayNode found = body.withArray("TableOptimizers");
          for (int i = found.size() - 1; i >= 0; i--) {
            if (found.get(i).path("tableName").asText().equals("t0")) {
              found.remove(i);
            }
          }
          body.withArray("Failures").addObject().put("databaseName", DATABASE).put("tableName", "t0")
              .put("type", "compaction").putObject("error").put("ErrorCode", "InternalServiceException")
              .put("ErrorMessage", "try again");
          return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });

      List<MaintainedTable> attached = fixture.attach(tables(2));

      assertThat(attached.get(0).glueOptimizers()).isEmpty();
      assertThat(attached.get(1).glueOptimizers()).containsExactly(GlueOptimizer.COMPACTION);
    }
  }

  @EmulatorTest(motoOnly = true, reason = MOTO_ONLY)
  void theGapFillerServesGluesOptimizerApiAsDocumented(Emulator emulator) {
    try (Fixture fixture = Fixture.start(emulator)) {
      fixture.optimizer("t0", "compaction", true);
      fixture.tool().glue().updateTableOptimizer(update -> update.catalogId("123456789012").databaseName(DATABASE)
          .tableName("t0").type("compaction").tableOptimizerConfiguration(c -> c.roleArn(ROLE).enabled(false)));
      boolean enabled = fixture.tool().glue().getTableOptimizer(get -> get.catalogId("123456789012")
          .databaseName(DATABASE).tableName("t0").type("compaction")).tableOptimizer().configuration().enabled();
      List<Set<GlueOptimizer>> before = new ArrayList<>();
      fixture.attach(tables(1)).forEach(t -> before.add(t.glueOptimizers()));
      fixture.tool().glue().deleteTableOptimizer(delete -> delete.catalogId("123456789012").databaseName(DATABASE)
          .tableName("t0").type("compaction"));

      assertThat(enabled).isFalse();
      assertThat(before).containsExactly(Set.of());
      assertThat(fixture.tool().glue().batchGetTableOptimizer(batch -> batch.entries(entry -> entry
          .databaseName(DATABASE).tableName("t0").type("compaction"))).failures())
          .extracting(failure -> failure.error().errorCode()).containsExactly("EntityNotFoundException");
    }
  }
}
