package dev.lakehouse.testkit.proxy;

import java.util.Objects;
import java.util.Set;

/**
 * One answer to {@code GetQueryExecution} in an {@link AthenaQueryScript}: the query's state and,
 * for FAILED and CANCELLED, the reason Athena gives.
 *
 * @param state {@code QUEUED}, {@code RUNNING}, {@code SUCCEEDED}, {@code FAILED} or {@code CANCELLED}
 * @param reason the {@code StateChangeReason} (and, for FAILED, {@code AthenaError.ErrorMessage}),
 *     or {@code null}
 */
public record AthenaQueryState(String state, String reason) {

    private static final Set<String> STATES = Set.of("QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED");

    /** Checks the state is one Athena reports. */
    public AthenaQueryState {
        Objects.requireNonNull(state, "state");
        if (!STATES.contains(state)) {
            throw new IllegalArgumentException("Athena query state must be one of " + STATES + ", cannot be: " + state);
        }
    }

    public static AthenaQueryState queued() {
        return new AthenaQueryState("QUEUED", null);
    }

    public static AthenaQueryState running() {
        return new AthenaQueryState("RUNNING", null);
    }

    public static AthenaQueryState succeeded() {
        return new AthenaQueryState("SUCCEEDED", null);
    }

    /**
     * A failed query, e.g. {@code failed("ICEBERG_OPTIMIZE_MORE_RUNS_NEEDED: Optimize needs more runs")},
     * the answer Athena gives when OPTIMIZE has more files to rewrite than one run handles.
     */
    public static AthenaQueryState failed(String reason) {
        return new AthenaQueryState("FAILED", Objects.requireNonNull(reason, "reason"));
    }

    public static AthenaQueryState cancelled(String reason) {
        return new AthenaQueryState("CANCELLED", reason);
    }

    boolean isFinal() {
        return !state.equals("QUEUED") && !state.equals("RUNNING");
    }
}
