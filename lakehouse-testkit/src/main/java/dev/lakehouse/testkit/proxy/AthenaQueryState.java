package dev.lakehouse.testkit.proxy;

import java.util.Objects;
import java.util.Set;

/**
 * One answer to {@code GetQueryExecution} in an {@link AthenaQueryScript}: the query's state, for
 * FAILED and CANCELLED the reason Athena gives, and optionally the data it scanned so far.
 *
 * @param state {@code QUEUED}, {@code RUNNING}, {@code SUCCEEDED}, {@code FAILED} or {@code CANCELLED}
 * @param reason the {@code StateChangeReason} (and, for FAILED, {@code AthenaError.ErrorMessage}),
 *     or {@code null}
 * @param dataScannedBytes the {@code Statistics.DataScannedInBytes} to report, or {@code null} for
 *     moto's (always 0)
 * @param retryable for FAILED, whether {@code AthenaError.Retryable} says it might succeed if run again
 */
public record AthenaQueryState(String state, String reason, Long dataScannedBytes, boolean retryable) {

    private static final Set<String> STATES = Set.of("QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED");

    /** Checks the state is one Athena reports and the data scanned is not negative. */
    public AthenaQueryState {
        Objects.requireNonNull(state, "state");
        if (!STATES.contains(state)) {
            throw new IllegalArgumentException("Athena query state must be one of " + STATES + ", cannot be: " + state);
        }
        if (dataScannedBytes != null && dataScannedBytes < 0) {
            throw new IllegalArgumentException("Data scanned must not be negative, cannot be: " + dataScannedBytes);
        }
    }

    /** A state reporting moto's statistics. */
    public AthenaQueryState(String state, String reason) {
        this(state, reason, null, false);
    }

    /** This state reporting {@code bytes} in {@code Statistics.DataScannedInBytes}, e.g. {@code succeeded().scanned(5_000_000)}. */
    public AthenaQueryState scanned(long bytes) {
        return new AthenaQueryState(state, reason, bytes, retryable);
    }

    /**
     * This failure marked retryable, as Athena marks an internal error or an Iceberg commit that met
     * another writer's: {@code failed("ICEBERG_COMMIT_ERROR: ...").markedRetryable()}.
     */
    public AthenaQueryState markedRetryable() {
        if (!state.equals("FAILED")) {
            throw new IllegalStateException("Only a failure is marked retryable, cannot be: " + state);
        }
        return new AthenaQueryState(state, reason, dataScannedBytes, true);
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
