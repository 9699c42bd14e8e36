package dev.lakehouse.testkit.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Scripts the states Athena reports for query executions, which moto always reports as SUCCEEDED at
 * once. Install it on a proxy with {@link AwsProxy#scriptAthena(AthenaQueryScript)}:
 *
 * <pre>{@code
 * AthenaQueryScript script = proxy.scriptAthena(AthenaQueryScript.forQueries(sql -> sql.startsWith("OPTIMIZE"))
 *         .execution(queued(), running(), failed("ICEBERG_OPTIMIZE_MORE_RUNS_NEEDED: ..."))
 *         .execution(running(), succeeded()));
 * }</pre>
 *
 * <p>Each query execution whose query text matches takes the next unused sequence, in the order the
 * executions are started through the proxy (or, if started elsewhere, first polled through it).
 * Each {@code GetQueryExecution} for that execution then answers with the next state of its
 * sequence; the last state repeats. Executions beyond the scripted sequences keep moto's answer.
 * An execution stopped with {@code StopQueryExecution} (which moto then reports as CANCELLED)
 * reports CANCELLED from then on, as Athena does, whatever its sequence says.
 * ({@code BatchGetQueryExecution} is not scripted: moto 5.2.1 does not implement it.)
 */
public final class AthenaQueryScript {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Predicate<String> queries;
    private final List<List<AthenaQueryState>> sequences = new ArrayList<>();
    private final Map<String, Cursor> cursors = new ConcurrentHashMap<>();
    private final List<String> scriptedIds = new ArrayList<>();

    private AthenaQueryScript(Predicate<String> queries) {
        this.queries = queries;
    }

    /** A script for executions of queries whose text {@code queryMatcher} accepts. */
    public static AthenaQueryScript forQueries(Predicate<String> queryMatcher) {
        return new AthenaQueryScript(Objects.requireNonNull(queryMatcher, "queryMatcher"));
    }

    /** A script for executions of any query. */
    public static AthenaQueryScript forAllQueries() {
        return new AthenaQueryScript(query -> true);
    }

    /** Adds the sequence of states the next matching execution goes through. */
    public synchronized AthenaQueryScript execution(AthenaQueryState... states) {
        if (states.length == 0) {
            throw new IllegalArgumentException("An execution needs at least one state, cannot be: none");
        }
        sequences.add(List.of(states));
        return this;
    }

    /** The ids of the executions that took a scripted sequence so far, in the order they took it. */
    public synchronized List<String> scriptedQueryExecutionIds() {
        return List.copyOf(scriptedIds);
    }

    void installOn(AwsProxy proxy) {
        proxy.rule().service("athena").operation("StartQueryExecution").rewriteResponse(exchange -> {
            if (exchange.status() == 200) {
                claim(parse(exchange.body()).path("QueryExecutionId").asText(),
                        parse(exchange.request().body()).path("QueryString").asText());
            }
            return exchange.body();
        });
        proxy.rule().service("athena").operation("GetQueryExecution").rewriteResponse(exchange -> {
            if (exchange.status() != 200) {
                return exchange.body();
            }
            JsonNode response = parse(exchange.body());
            advance((ObjectNode) response.get("QueryExecution"));
            return bytes(response);
        });
    }

    private synchronized Cursor claim(String id, String query) {
        Cursor cursor = cursors.get(id);
        if (cursor == null && scriptedIds.size() < sequences.size() && queries.test(query)) {
            cursor = new Cursor(sequences.get(scriptedIds.size()));
            cursors.put(id, cursor);
            scriptedIds.add(id);
        }
        return cursor;
    }

    private void advance(ObjectNode execution) {
        Cursor cursor = claim(execution.path("QueryExecutionId").asText(), execution.path("Query").asText());
        if (cursor == null) {
            return;
        }
        ObjectNode status = execution.withObjectProperty("Status");
        if (status.path("State").asText().equals("CANCELLED")) {
            return;
        }
        AthenaQueryState state = cursor.next();
        status.put("State", state.state());
        status.remove(List.of("StateChangeReason", "AthenaError"));
        if (!state.isFinal()) {
            status.remove("CompletionDateTime");
        }
        if (state.reason() != null) {
            status.put("StateChangeReason", state.reason());
        }
        if (state.state().equals("FAILED")) {
            ObjectNode error = status.putObject("AthenaError").put("ErrorMessage", state.reason());
            if (state.retryable()) {
                error.put("ErrorCategory", 1).put("Retryable", true);
            }
        }
        if (state.dataScannedBytes() != null) {
            execution.withObjectProperty("Statistics").put("DataScannedInBytes", state.dataScannedBytes());
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read an Athena JSON body", e);
        }
    }

    private static byte[] bytes(JsonNode document) {
        try {
            return JSON.writeValueAsBytes(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where one execution is in its sequence. */
    private static final class Cursor {
        private final List<AthenaQueryState> states;
        private int next;

        Cursor(List<AthenaQueryState> states) {
            this.states = states;
        }

        synchronized AthenaQueryState next() {
            AthenaQueryState state = states.get(Math.min(next, states.size() - 1));
            next++;
            return state;
        }
    }
}
