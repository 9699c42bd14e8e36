package dev.lakehouse.testkit.proxy;

import static dev.lakehouse.testkit.proxy.AthenaQueryState.failed;
import static dev.lakehouse.testkit.proxy.AthenaQueryState.queued;
import static dev.lakehouse.testkit.proxy.AthenaQueryState.running;
import static dev.lakehouse.testkit.proxy.AthenaQueryState.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.lakehouse.testkit.MotoServer;
import dev.lakehouse.testkit.TestClients;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.QueryExecutionStatus;

class AthenaQueryScriptIT {

    private static final String MORE_RUNS = "ICEBERG_OPTIMIZE_MORE_RUNS_NEEDED: Optimize needs more runs to finish";

    private final MotoServer moto = MotoServer.shared();
    private AwsProxy proxy;
    private TestClients aws;

    @BeforeEach
    void start() {
        moto.reset();
        proxy = AwsProxy.start(moto);
        aws = TestClients.of(proxy.endpoint(), moto.region(), moto.credentials());
    }

    @AfterEach
    void stop() {
        aws.close();
        proxy.close();
    }

    @Test
    void walksEachMatchingExecutionThroughItsScriptedStates() {
        AthenaQueryScript script = proxy.scriptAthena(AthenaQueryScript.forQueries(sql -> sql.startsWith("OPTIMIZE"))
                .execution(queued(), running(), failed(MORE_RUNS))
                .execution(running(), succeeded()));

        String first = start("OPTIMIZE sales.orders REWRITE DATA USING BIN_PACK");
        List<QueryExecutionStatus> firstPolls = poll(first, 4);
        String second = start("OPTIMIZE sales.orders REWRITE DATA USING BIN_PACK");
        List<QueryExecutionStatus> secondPolls = poll(second, 2);
        String unscripted = start("OPTIMIZE sales.customers REWRITE DATA USING BIN_PACK");
        String other = start("SELECT 1");

        assertThat(firstPolls).extracting(QueryExecutionStatus::state, QueryExecutionStatus::stateChangeReason).containsExactly(
                tuple(QueryExecutionState.QUEUED, null),
                tuple(QueryExecutionState.RUNNING, null),
                tuple(QueryExecutionState.FAILED, MORE_RUNS),
                tuple(QueryExecutionState.FAILED, MORE_RUNS));
        assertThat(firstPolls.get(0).completionDateTime()).isNull();
        assertThat(firstPolls.get(2).athenaError().errorMessage()).isEqualTo(MORE_RUNS);
        assertThat(secondPolls).extracting(QueryExecutionStatus::state)
                .containsExactly(QueryExecutionState.RUNNING, QueryExecutionState.SUCCEEDED);
        assertThat(poll(unscripted, 1).get(0).state()).isEqualTo(QueryExecutionState.SUCCEEDED);
        assertThat(poll(other, 1).get(0).state()).isEqualTo(QueryExecutionState.SUCCEEDED);
        assertThat(script.scriptedQueryExecutionIds()).containsExactly(first, second);
    }

    @Test
    void scriptsAnExecutionStartedElsewhereWhenItIsFirstPolled() {
        proxy.scriptAthena(AthenaQueryScript.forAllQueries().execution(running(), failed("boom")));
        String id;
        try (TestClients direct = TestClients.of(moto)) {
            id = direct.athena().startQueryExecution(start -> start.queryString("VACUUM sales.orders")).queryExecutionId();
        }

        List<QueryExecutionStatus> polls = poll(id, 2);

        assertThat(polls).extracting(QueryExecutionStatus::state, QueryExecutionStatus::stateChangeReason)
                .containsExactly(tuple(QueryExecutionState.RUNNING, null), tuple(QueryExecutionState.FAILED, "boom"));
    }

    @Test
    void reportsTheDataScannedAScriptedStateGives() {
        proxy.scriptAthena(AthenaQueryScript.forAllQueries()
                .execution(running().scanned(1_000), succeeded().scanned(5_000_000_000L)));
        String id = start("OPTIMIZE sales.orders REWRITE DATA USING BIN_PACK");

        List<Long> scanned = IntStream.range(0, 2)
                .mapToObj(i -> aws.athena().getQueryExecution(get -> get.queryExecutionId(id)).queryExecution())
                .map(execution -> execution.statistics().dataScannedInBytes())
                .toList();

        assertThat(scanned).containsExactly(1_000L, 5_000_000_000L);
    }

    @Test
    void reportsAStoppedExecutionCancelledWhateverItsScriptSays() {
        proxy.scriptAthena(AthenaQueryScript.forAllQueries().execution(queued(), running()));
        String id = start("VACUUM sales.orders");
        List<QueryExecutionStatus> before = poll(id, 2);

        aws.athena().stopQueryExecution(stop -> stop.queryExecutionId(id));

        assertThat(before).extracting(QueryExecutionStatus::state)
                .containsExactly(QueryExecutionState.QUEUED, QueryExecutionState.RUNNING);
        assertThat(poll(id, 2)).extracting(QueryExecutionStatus::state)
                .containsExactly(QueryExecutionState.CANCELLED, QueryExecutionState.CANCELLED);
    }

    private String start(String sql) {
        return aws.athena().startQueryExecution(start -> start.queryString(sql).workGroup("primary")).queryExecutionId();
    }

    private List<QueryExecutionStatus> poll(String id, int times) {
        AthenaClient athena = aws.athena();
        return IntStream.range(0, times)
                .mapToObj(i -> athena.getQueryExecution(get -> get.queryExecutionId(id)).queryExecution().status())
                .toList();
    }
}
