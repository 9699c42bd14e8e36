package dev.lakehouse.testkit.proxy;

import dev.lakehouse.testkit.Emulator;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/1.1 reverse proxy on a free loopback port in front of an emulator, for tests that need
 * to see or disturb the tool's AWS calls: it records every request with its service and operation,
 * applies {@link FaultRule}s (errors, throttling, connection resets, latency, rewritten responses),
 * and translates CloudWatch's CBOR protocol so the SDK's CloudWatch client works against moto.
 *
 * <pre>{@code
 * try (AwsProxy proxy = AwsProxy.start(emulator)) {
 *     proxy.rule().service("glue").operation("CreateTable").times(2).throttling();
 *     runTheToolAgainst(proxy.endpoint());
 *     assertThat(proxy.mutatingCount()).isZero();
 * }
 * }</pre>
 *
 * <p>The proxy passes every protocol the SDK speaks (query, awsJson 1.0/1.1, restJson, restXml with
 * S3's streaming {@code aws-chunked} uploads) byte for byte, apart from the {@code Host} field,
 * which names the upstream (moto does not check signatures). Clients may keep connections alive
 * and send chunked bodies; each request goes upstream on a new connection, framed by
 * {@code Content-Length}. Each client connection has its own thread.
 *
 * <p><b>CloudWatch.</b> The SDK (2.57) speaks Smithy RPC v2 CBOR to CloudWatch; moto 5.2.1 serves
 * CloudWatch only as awsJson 1.0 and awsQuery, and answers CBOR requests with 404. Unless turned
 * off with {@link Builder#translateCloudWatchCbor(boolean)}, the proxy turns each CBOR request into
 * the awsJson 1.0 request moto serves and the answer back into CBOR, typed by the SDK's own model,
 * with errors named by their shapes (a missing dashboard surfaces as
 * {@code DashboardNotFoundErrorException}). What moto does not implement stays unimplemented: of
 * the CloudWatch operations, moto 5.2.1 lacks among others the anomaly detector, insight rule,
 * metric stream, alarm mute rule and metric widget image operations; the proxy answers those with
 * moto's error. Response rewriters see CloudWatch responses as CBOR.
 */
public final class AwsProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AwsProxy.class);

    private final URI target;
    private final String upstreamHost;
    private final int upstreamPort;
    private final CloudWatchCbor cloudWatch;
    private final ServerSocket server;
    private final ExecutorService connections;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final List<FaultRule> rules = new CopyOnWriteArrayList<>();
    private final List<RecordedRequest> recording = new CopyOnWriteArrayList<>();
    private final List<Server> servers = new CopyOnWriteArrayList<>();
    private final List<Server> cloudWatchServers = new CopyOnWriteArrayList<>();
    private final List<Consumer<ProxiedRequest>> observers = new CopyOnWriteArrayList<>();
    private final List<Serializer> serializers = new CopyOnWriteArrayList<>();
    private final Map<Object, Object> serialKeys = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private AwsProxy(URI target, boolean translateCloudWatchCbor) throws IOException {
        this.target = target;
        this.upstreamHost = target.getHost();
        this.upstreamPort = target.getPort() > 0 ? target.getPort() : 80;
        this.cloudWatch = translateCloudWatchCbor ? new CloudWatchCbor() : null;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        AtomicInteger count = new AtomicInteger();
        this.connections = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "aws-proxy-" + server.getLocalPort() + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        Thread acceptor = new Thread(this::accept, "aws-proxy-" + server.getLocalPort() + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a proxy in front of {@code target}, an {@code http} endpoint, translating CloudWatch CBOR. */
    public static AwsProxy start(URI target) {
        return builder(target).start();
    }

    /** Starts a proxy in front of {@code emulator}'s endpoint, translating CloudWatch CBOR. */
    public static AwsProxy start(Emulator emulator) {
        return start(emulator.endpoint());
    }

    /** Configures a proxy in front of {@code target}, an {@code http} endpoint. */
    public static Builder builder(URI target) {
        return new Builder(target);
    }

    /** Where clients send requests: {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** The endpoint requests are forwarded to. */
    public URI target() {
        return target;
    }

    /** Starts a rule; it takes effect when a terminal method of the builder adds it. */
    public FaultRule.Builder rule() {
        return new FaultRule.Builder(rules::add, rules::remove);
    }

    /**
     * Serves the requests {@code when} selects with what {@code responder} makes of them, without
     * calling the upstream: how gap fillers emulate APIs the emulator lacks. Fault rules still apply
     * first, and {@link #clearRules()} leaves these in place.
     */
    public void serve(Predicate<ProxiedRequest> when, Function<ProxiedRequest, Reply> responder) {
        servers.add(new Server(when, responder));
    }

    /**
     * As {@link #serve(Predicate, Function)}, for a gap filler that answers from what the emulator
     * holds: {@code responder} may ask the emulator itself through the {@link Upstream} it is given.
     */
    public void serve(Predicate<ProxiedRequest> when, BiFunction<ProxiedRequest, Upstream, Reply> responder) {
        serve(when, request -> responder.apply(request, this::sendUpstream));
    }

    /**
     * As {@link #serve(Predicate, Function)}, for CloudWatch requests in CBOR (the Java SDK) or awsJson
     * (boto3): {@code responder} reads the request with {@link ProxiedRequest#cloudWatchDocument()} and
     * answers in awsJson, as moto would ({@link Reply#json}, {@link Reply#jsonError}); the proxy turns
     * the answer to a CBOR request into the CBOR the SDK expects. Without CBOR translation, CBOR
     * requests are not served so.
     */
    public void serveCloudWatch(Predicate<ProxiedRequest> when, Function<ProxiedRequest, Reply> responder) {
        cloudWatchServers.add(new Server(when, responder));
    }

    /** Shows every request to {@code observer} before it is handled; gap fillers keep their state in step with it. */
    public void observe(Consumer<ProxiedRequest> observer) {
        observers.add(observer);
    }

    /**
     * Forwards the requests {@code when} selects one at a time per {@code key}: of two such requests
     * with equal keys, the second reaches the upstream only once the first has been answered. How a
     * gap filler makes atomic what the emulator checks and then does in two steps (moto's
     * conditional S3 writes). Requests served by the proxy itself are not held.
     */
    public void serialize(Predicate<ProxiedRequest> when, Function<ProxiedRequest, ?> key) {
        serializers.add(new Serializer(when, key));
    }

    /** A gap filler's part of the proxy. */
    private record Server(Predicate<ProxiedRequest> when, Function<ProxiedRequest, Reply> responder) {
    }

    /** Requests forwarded one at a time per key. */
    private record Serializer(Predicate<ProxiedRequest> when, Function<ProxiedRequest, ?> key) {
    }

    /** Removes every rule, including those of installed Athena scripts. */
    public void clearRules() {
        rules.clear();
    }

    /** Installs {@code script} as response rewriters on this proxy and returns it. */
    public AthenaQueryScript scriptAthena(AthenaQueryScript script) {
        script.installOn(this);
        return script;
    }

    /** Every request received since the start or the last {@link #clearRecording()}, oldest first. */
    public List<RecordedRequest> requests() {
        return List.copyOf(recording);
    }

    /** Forgets the recorded requests. */
    public void clearRecording() {
        recording.clear();
    }

    /** How many recorded requests may have changed state; see {@link RecordedRequest#isMutating()}. */
    public long mutatingCount() {
        return recording.stream().filter(RecordedRequest::isMutating).count();
    }

    /** Stops accepting, closes every client connection and waits for nothing else. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close the proxy's server socket", e);
        } finally {
            clients.forEach(AwsProxy::closeQuietly);
            connections.shutdownNow();
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                clients.add(client);
                connections.execute(() -> serve(client));
            } catch (IOException e) {
                if (!closed) {
                    throw new UncheckedIOException("The proxy stopped accepting connections", e);
                }
            }
        }
    }

    private void serve(Socket client) {
        try {
            client.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = new BufferedOutputStream(client.getOutputStream());
            while (!closed) {
                HttpWire.Request wire = HttpWire.readRequest(in, out);
                if (wire == null) {
                    return;
                }
                Instant received = Instant.now();
                ProxiedRequest request = ProxiedRequest.classify(wire);
                HttpWire.Response response;
                try {
                    response = exchange(request);
                } catch (RuntimeException e) {
                    response = failed(request, e);
                }
                if (response == null) {
                    record(request, 0, received);
                    client.setSoLinger(true, 0);
                    return;
                }
                record(request, response.status(), received);
                boolean keepAlive = HttpWire.keepAlive(wire);
                HttpWire.writeResponse(out, response, wire.method(), keepAlive);
                if (!keepAlive) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // The client went away or sent something that is not HTTP: there is no one to answer.
        } finally {
            clients.remove(client);
            closeQuietly(client);
        }
    }

    /** The response to send back, or {@code null} to reset the connection instead. */
    private HttpWire.Response exchange(ProxiedRequest request) {
        observers.forEach(observer -> observer.accept(request));
        List<FaultRule.Action> rewrites = new ArrayList<>();
        boolean lose = false;
        for (FaultRule rule : rules) {
            if (!rule.fires(request)) {
                continue;
            }
            FaultRule.Action action = rule.action();
            if (action instanceof FaultRule.Delay delay) {
                sleep(delay);
            } else if (action instanceof FaultRule.Answer answer) {
                return answer.response().apply(request);

            } else if (action instanceof FaultRule.Reset) {
                return null;
            } else if (action instanceof FaultRule.LoseResponse) {
                lose = true;
            } else if (action instanceof FaultRule.Rewrite || action instanceof FaultRule.RewriteHeaders) {
                rewrites.add(action);
            }
        }
        for (Server server : servers) {
            if (server.when().test(request)) {
                HttpWire.Response served = rewritten(request, server.responder().apply(request).toWire(), rewrites);
                return lose ? null : served;
            }
        }
        boolean translate = cloudWatch != null && CloudWatchCbor.handles(request);
        boolean cloudWatchJson = request.service().equals("cloudwatch") && request.protocol() == Protocol.JSON;
        if (translate || cloudWatchJson) {
            for (Server server : cloudWatchServers) {
                if (server.when().test(request)) {
                    HttpWire.Response reply = server.responder().apply(request).toWire();
                    HttpWire.Response served = rewritten(request, translate ? cloudWatch.toCbor(request, reply) : reply,
                            rewrites);
                    return lose ? null : served;
                }
            }
        }
        HttpWire.Response response;
        try {
            response = forwardInTurn(request, translate ? cloudWatch.toJson(request) : request.wire());
        } catch (IOException e) {
            return ErrorResponses.error(request, 502, "BadGateway", "Cannot reach " + target + ": " + e);
        }
        if (translate) {
            response = cloudWatch.toCbor(request, response);
        }
        response = rewritten(request, response, rewrites);
        return lose ? null : response;
    }

    /** {@code response} as the rules' rewriters leave it, in the rules' order. */
    private static HttpWire.Response rewritten(ProxiedRequest request, HttpWire.Response response,
            List<FaultRule.Action> rewrites) {
        HttpWire.Response result = response;
        for (FaultRule.Action action : rewrites) {
            RecordedExchange exchange = new RecordedExchange(request, result);
            if (action instanceof FaultRule.Rewrite rewrite) {
                result = result.withBody(rewrite.rewriter().apply(exchange));
            } else if (action instanceof FaultRule.RewriteHeaders headers) {
                for (Map.Entry<String, String> field : headers.replacements().apply(exchange).entrySet()) {
                    result = result.withHeader(field.getKey(), field.getValue());
                }
            }
        }
        return result;
    }

    /**
     * Answers a request the proxy could not handle, mostly because a test's rule (predicate,
     * rewriter, Athena script) threw: a 500 the SDK reports with the cause, rather than a dropped
     * connection the test cannot explain. The stack trace goes to the log.
     */
    private static HttpWire.Response failed(ProxiedRequest request, RuntimeException failure) {
        LOG.warn("The proxy failed on {} {}", request.service(), request.operation(), failure);
        return ErrorResponses.error(request, 500, "ProxyFailure",
                "The proxy failed on " + request.service() + " " + request.operation() + ": " + failure);
    }

    /** An {@link Upstream} call: the request with another body, straight to the emulator. */
    private Reply sendUpstream(ProxiedRequest request, byte[] body) {
        HttpWire.Request wire = request.wire();
        try {
            return Reply.fromWire(forward(new HttpWire.Request(wire.method(), wire.target(), wire.headers(), body)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot reach " + target, e);
        }
    }

    /** Forwards {@code wire}, after any request of the same serialized key as {@code request} has been answered. */
    private HttpWire.Response forwardInTurn(ProxiedRequest request, HttpWire.Request wire) throws IOException {
        for (Serializer serializer : serializers) {
            if (serializer.when().test(request)) {
                Object turn = serialKeys.computeIfAbsent(List.of(serializer, serializer.key().apply(request)),
                        key -> new Object());
                synchronized (turn) {
                    return forward(wire);
                }
            }
        }
        return forward(wire);
    }

    private HttpWire.Response forward(HttpWire.Request request) throws IOException {
        try (Socket upstream = new Socket()) {
            upstream.connect(new InetSocketAddress(upstreamHost, upstreamPort), 5_000);
            upstream.setSoTimeout(120_000);
            upstream.setTcpNoDelay(true);
            HttpWire.writeRequest(new BufferedOutputStream(upstream.getOutputStream()), request,
                    upstreamHost + ":" + upstreamPort);
            return HttpWire.readResponse(new BufferedInputStream(upstream.getInputStream()), request.method());
        }
    }

    private void record(ProxiedRequest request, int status, Instant received) {
        recording.add(new RecordedRequest(request.service(), request.operation(), request.method(), request.path(),
                status, received));
    }

    private static void sleep(FaultRule.Delay delay) {
        try {
            Thread.sleep(delay.latency().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is best effort: the peer may have reset the connection already.
        }
    }

    /** Options of a proxy before it starts. */
    public static final class Builder {

        private final URI target;
        private boolean translateCloudWatchCbor = true;

        private Builder(URI target) {
            if (!"http".equals(target.getScheme()) || target.getHost() == null) {
                throw new IllegalArgumentException("Proxy target must be an http://host:port endpoint, cannot be: " + target);
            }
            this.target = target;
        }

        /**
         * Whether to translate CloudWatch's RPC v2 CBOR to awsJson 1.0 and back (default: yes). Turn
         * it off in front of an emulator that serves CBOR itself.
         */
        public Builder translateCloudWatchCbor(boolean translate) {
            this.translateCloudWatchCbor = translate;
            return this;
        }

        /** Binds a free loopback port and starts accepting connections. */
        public AwsProxy start() {
            try {
                return new AwsProxy(target, translateCloudWatchCbor);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start a proxy for " + target, e);
            }
        }
    }
}
