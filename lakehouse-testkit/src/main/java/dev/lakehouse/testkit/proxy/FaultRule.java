package dev.lakehouse.testkit.proxy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What {@link AwsProxy} does to matching requests: answer in place of the upstream, reset the
 * connection before or after passing the request on, delay, or rewrite the upstream's response. Built with {@link AwsProxy#rule()}:
 *
 * <pre>{@code
 * FaultRule throttle = proxy.rule().service("glue").operation("CreateTable").times(2).throttling();
 * ...
 * assertThat(throttle.fired()).isEqualTo(2);
 * }</pre>
 *
 * <p>Rules are tried in the order they were added. Latency and rewrite rules add up; the first
 * answering or resetting rule that fires ends the request before it reaches the upstream.
 */
public final class FaultRule {

    /** The effect of a rule on a request it fires for. */
    sealed interface Action permits Answer, Reset, LoseResponse, Delay, Rewrite, RewriteHeaders {
    }

    record Answer(Function<ProxiedRequest, HttpWire.Response> response) implements Action {
    }

    record Reset() implements Action {
    }

    record LoseResponse() implements Action {
    }

    record Delay(Duration latency) implements Action {
    }

    record Rewrite(Function<RecordedExchange, byte[]> rewriter) implements Action {
    }

    record RewriteHeaders(Function<RecordedExchange, Map<String, String>> replacements) implements Action {
    }

    private final String service;
    private final String operation;
    private final Predicate<ProxiedRequest> predicate;
    private final int times;
    private final double probability;
    private final Random random;
    private final Action action;
    private final Consumer<FaultRule> remover;
    private int fired;

    private FaultRule(Builder builder, Action action) {
        this.service = builder.service;
        this.operation = builder.operation;
        this.predicate = builder.predicate;
        this.times = builder.times;
        this.probability = builder.probability;
        this.random = new Random(builder.seed);
        this.action = action;
        this.remover = builder.remover;
    }

    /** How many requests this rule has fired for so far. */
    public synchronized int fired() {
        return fired;
    }

    /** Takes this rule out of its proxy; requests from now on pass it by. */
    public void remove() {
        remover.accept(this);
    }

    Action action() {
        return action;
    }

    /** Whether the rule fires for {@code request}; counts the firing, so call once per request. */
    synchronized boolean fires(ProxiedRequest request) {
        boolean matches = (service == null || service.equals(request.service()))
                && (operation == null || operation.equals(request.operation()))
                && predicate.test(request);
        if (!matches || fired >= times || random.nextDouble() >= probability) {
            return false;
        }
        fired++;
        return true;
    }

    /**
     * Chooses the requests a rule applies to and how often, then adds the rule with one of the
     * terminal methods ({@link #throttling()}, {@link #resetConnection()}, ...). Without limits a
     * rule fires for every matching request.
     */
    public static final class Builder {

        private final Consumer<FaultRule> adder;
        private final Consumer<FaultRule> remover;
        private String service;
        private String operation;
        private Predicate<ProxiedRequest> predicate = request -> true;
        private int times = Integer.MAX_VALUE;
        private double probability = 1.0;
        private long seed;

        Builder(Consumer<FaultRule> adder, Consumer<FaultRule> remover) {
            this.adder = adder;
            this.remover = remover;
        }

        /** Only requests to this service, as {@link ProxiedRequest#service()} names it. */
        public Builder service(String serviceName) {
            this.service = Objects.requireNonNull(serviceName, "service");
            return this;
        }

        /** Only requests for this operation, as {@link ProxiedRequest#operation()} names it. */
        public Builder operation(String operationName) {
            this.operation = Objects.requireNonNull(operationName, "operation");
            return this;
        }

        /** Only requests {@code condition} accepts, in addition to any service and operation. */
        public Builder when(Predicate<ProxiedRequest> condition) {
            this.predicate = Objects.requireNonNull(condition, "condition");
            return this;
        }

        /** Fires for the first {@code count} matching requests only. */
        public Builder times(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("Number of times must be at least 1, cannot be: " + count);
            }
            this.times = count;
            return this;
        }

        /**
         * Fires for each matching request with probability {@code chance}, drawn from a random
         * sequence seeded with {@code seed} so that a test run repeats exactly.
         */
        public Builder probability(double chance, long seed) {
            if (!(chance > 0.0 && chance <= 1.0)) {
                throw new IllegalArgumentException("Probability must be in (0, 1], cannot be: " + chance);
            }
            this.probability = chance;
            this.seed = seed;
            return this;
        }

        /** Answers with {@code status}, a body and its content type, without calling the upstream. */
        public FaultRule respond(int status, String contentType, String body) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            return add(new Answer(request -> new HttpWire.Response(status, ErrorResponses.reason(status),
                    Headers.of("Content-Type", contentType), bytes)));
        }

        /**
         * Answers with an AWS error in the request's protocol: JSON {@code __type}, query
         * {@code ErrorResponse} XML, S3 {@code Error} XML or CBOR, so the SDK reports {@code code}.
         */
        public FaultRule respondError(int status, String code, String message) {
            return add(new Answer(request -> ErrorResponses.error(request, status, code, message)));
        }

        /**
         * Answers with a throttling error the SDK retries: {@code 400 ThrottlingException} (JSON,
         * CBOR), {@code 400 Throttling} (query) or S3's {@code 503 SlowDown}.
         */
        public FaultRule throttling() {
            return add(new Answer(ErrorResponses::throttling));
        }

        /** Answers {@code 500 InternalFailure} (S3: {@code InternalError}), which the SDK retries. */
        public FaultRule internalFailure() {
            return add(new Answer(ErrorResponses::internalFailure));
        }

        /**
         * Reads the request, then closes the connection with a TCP reset instead of answering, so
         * the client sees "Connection reset" while waiting for the response.
         */
        public FaultRule resetConnection() {
            return add(new Reset());
        }

        /**
         * Passes the request on to the upstream, then closes the connection with a TCP reset
         * instead of answering: the change is made, and the client never hears of it (an answer
         * lost on the way back).
         */
        public FaultRule loseResponse() {
            return add(new LoseResponse());
        }

        /** Holds each matching request for {@code delay} before passing it on. */
        public FaultRule latency(Duration delay) {
            if (delay.isNegative() || delay.isZero()) {
                throw new IllegalArgumentException("Latency must be positive, cannot be: " + delay);
            }
            return add(new Delay(delay));
        }

        /**
         * Replaces the body of the upstream's response with what {@code rewriter} returns; status
         * and headers stay, apart from the length.
         */
        public FaultRule rewriteResponse(Function<RecordedExchange, byte[]> rewriter) {
            return add(new Rewrite(Objects.requireNonNull(rewriter, "rewriter")));
        }

        /**
         * Replaces header fields of the upstream's response: each entry of the map
         * {@code replacements} returns (empty for none) takes the place of every field of its name.
         */
        public FaultRule rewriteHeaders(Function<RecordedExchange, Map<String, String>> replacements) {
            return add(new RewriteHeaders(Objects.requireNonNull(replacements, "replacements")));
        }

        private FaultRule add(Action action) {
            FaultRule rule = new FaultRule(this, action);
            adder.accept(rule);
            return rule;
        }
    }
}
