package dev.lakehouse.testkit.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AwsProxyTest {

    private final EchoUpstream upstream = new EchoUpstream();
    private final AwsProxy proxy = AwsProxy.start(upstream.endpoint());

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        upstream.close();
    }

    @Test
    void servesSeveralRequestsOnOneKeptAliveConnection() throws IOException {
        try (Socket socket = connect()) {
            for (int i = 0; i < 3; i++) {
                send(socket, "POST /n" + i + " HTTP/1.1\r\nHost: proxy\r\nContent-Length: 2\r\n\r\nn" + i);
                HttpWire.Response response = HttpWire.readResponse(socket.getInputStream(), "POST");

                assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("n" + i);
                assertThat(response.headers().first("Connection")).contains("keep-alive");
            }
        }
        assertThat(proxy.requests()).extracting(RecordedRequest::path).containsExactly("/n0", "/n1", "/n2");
    }

    @Test
    void forwardsAChunkedRequestBodyByteForByteWithItsLength() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "PUT /b/k HTTP/1.1\r\nHost: proxy\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "4\r\nabcd\r\n3\r\nefg\r\n0\r\n\r\n");
            HttpWire.Response response = HttpWire.readResponse(socket.getInputStream(), "PUT");

            assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("abcdefg");
            assertThat(response.headers().first("X-Echo-Content-Length")).contains("7");
            assertThat(response.headers().first("X-Echo-Host")).contains(upstream.endpoint().getAuthority());
        }
    }

    @Test
    void relaysChunkedAndCloseDelimitedResponsesAndHeadLengths() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "GET /chunked HTTP/1.1\r\nHost: proxy\r\n\r\n");
            HttpWire.Response chunked = HttpWire.readResponse(socket.getInputStream(), "GET");
            send(socket, "HEAD /object HTTP/1.1\r\nHost: proxy\r\n\r\n");
            HttpWire.Response head = HttpWire.readResponse(socket.getInputStream(), "HEAD");
            send(socket, "POST /until-close HTTP/1.1\r\nHost: proxy\r\nContent-Length: 3\r\n\r\nxyz");
            HttpWire.Response closeDelimited = HttpWire.readResponse(socket.getInputStream(), "POST");

            assertThat(new String(chunked.body(), StandardCharsets.UTF_8)).isEqualTo("hello chunks");
            assertThat(head.headers().first("Content-Length")).contains("4242");
            assertThat(head.body()).isEmpty();
            assertThat(new String(closeDelimited.body(), StandardCharsets.UTF_8)).isEqualTo("xyz");
        }
    }

    @Test
    void answersExpectContinueSoTheClientSendsItsBody() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "PUT /b/k HTTP/1.1\r\nHost: proxy\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            InputStream in = new BufferedInputStream(socket.getInputStream());
            byte[] interim = in.readNBytes("HTTP/1.1 100 Continue\r\n\r\n".length());
            send(socket, "12345");
            HttpWire.Response response = HttpWire.readResponse(in, "PUT");

            assertThat(new String(interim, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("12345");
        }
    }

    @Test
    void keepsLargeBinaryBodiesIntactUnderManyConcurrentConnections() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                byte[] body = new byte[64 * 1024 + i];
                new Random(i).nextBytes(body);
                Callable<Boolean> call = () -> {
                    HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(proxy.endpoint().resolve("/b/k"))
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
                    return java.util.Arrays.equals(response.body(), body);
                };
                results.add(pool.submit(call));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(proxy.requests()).hasSize(48);
    }

    @Test
    void resetsTheConnectionWithoutCallingTheUpstream() throws IOException {
        proxy.rule().times(1).resetConnection();

        try (Socket socket = connect()) {
            send(socket, "POST /x HTTP/1.1\r\nHost: proxy\r\nContent-Length: 1\r\n\r\nx");

            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketException.class)
                    .hasMessageContaining("Connection reset");
        }
        assertThat(upstream.received()).isEmpty();
        assertThat(proxy.requests()).extracting(RecordedRequest::status).containsExactly(0);
    }

    @Test
    void losesTheUpstreamsAnswerAfterPassingTheRequestOn() throws IOException {
        proxy.rule().times(1).loseResponse();

        try (Socket socket = connect()) {
            send(socket, "POST /x HTTP/1.1\r\nHost: proxy\r\nContent-Length: 1\r\n\r\nx");

            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketException.class)
                    .hasMessageContaining("Connection reset");
        }
        assertThat(upstream.received()).hasSize(1);
        assertThat(proxy.requests()).extracting(RecordedRequest::status).containsExactly(0);
    }

    @Test
    void answersWithTheGivenResponseInsteadOfTheUpstream() throws IOException {
        proxy.rule().when(request -> request.path().equals("/teapot")).respond(418, "text/plain", "short and stout");

        try (Socket socket = connect()) {
            send(socket, "GET /teapot HTTP/1.1\r\nHost: proxy\r\n\r\n");
            HttpWire.Response response = HttpWire.readResponse(socket.getInputStream(), "GET");

            assertThat(response.status()).isEqualTo(418);
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("short and stout");
        }
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void rewritesTheUpstreamResponseBody() throws IOException {
        proxy.rule().rewriteResponse(exchange -> exchange.bodyAsString().toUpperCase().getBytes(StandardCharsets.UTF_8));

        try (Socket socket = connect()) {
            send(socket, "POST /x HTTP/1.1\r\nHost: proxy\r\nContent-Length: 5\r\n\r\nquiet");
            HttpWire.Response response = HttpWire.readResponse(socket.getInputStream(), "POST");

            assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("QUIET");
        }
    }

    @Test
    void replacesHeaderFieldsOfTheUpstreamResponse() throws IOException {
        proxy.rule().rewriteHeaders(exchange -> Map.of("Date", "Thu, 01 Jan 2026 00:00:00 GMT",
                "X-Echo-Method", exchange.request().method().toLowerCase()));

        try (Socket socket = connect()) {
            send(socket, "POST /x HTTP/1.1\r\nHost: proxy\r\nContent-Length: 5\r\n\r\nquiet");
            HttpWire.Response response = HttpWire.readResponse(socket.getInputStream(), "POST");

            assertThat(response.headers().first("Date")).contains("Thu, 01 Jan 2026 00:00:00 GMT");
            assertThat(response.headers().fields()).filteredOn(field -> field.getKey().equalsIgnoreCase("X-Echo-Method"))
                    .extracting(Map.Entry::getValue).containsExactly("post");
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("quiet");
        }
    }

    @Test
    void answersAFailingRuleWithAnErrorThatNamesTheCause() throws IOException {
        proxy.rule().when(request -> {
            throw new IllegalStateException("predicate bug");
        }).throttling();

        try (Socket socket = connect()) {
            send(socket, "GET /x HTTP/1.1\r\nHost: proxy\r\n\r\n");
            HttpWire.Response response = HttpWire.readResponse(socket.getInputStream(), "GET");

            assertThat(response.status()).isEqualTo(500);
            assertThat(response.headers().first("x-amzn-ErrorType")).contains("ProxyFailure");
            assertThat(new String(response.body(), StandardCharsets.UTF_8))
                    .contains("The proxy failed on unknown GET /x: java.lang.IllegalStateException: predicate bug");
        }
    }

    @Test
    void answersBadGatewayWhenTheUpstreamIsGone() throws IOException {
        // A port bound but never listening refuses connections, and stays this test's while it is held
        // (a port merely closed may be taken meanwhile by another server on the machine).
        try (Socket refusing = new Socket()) {
            refusing.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            URI gone = URI.create("http://127.0.0.1:" + refusing.getLocalPort());
            try (AwsProxy toNowhere = AwsProxy.start(gone);
                    Socket socket = new Socket(toNowhere.endpoint().getHost(), toNowhere.endpoint().getPort())) {
                socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
                send(socket, "GET /x HTTP/1.1\r\nHost: proxy\r\n\r\n");
                HttpWire.Response response = HttpWire.readResponse(socket.getInputStream(), "GET");

                assertThat(response.status()).isEqualTo(502);
                assertThat(response.headers().first("x-amzn-ErrorType")).contains("BadGateway");
                assertThat(new String(response.body(), StandardCharsets.UTF_8))
                        .contains("\"message\":\"Cannot reach " + gone);
            }
        }
    }

    @Test
    void forwardsSerializedRequestsOneAtATimePerKey() throws Exception {
        AtomicInteger inUpstream = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        // A GET waits (up to 10 s) until another GET is in the upstream with it: unserialized
        // requests meet there however their threads are scheduled, serialized ones never could.
        CountDownLatch twoGetsIn = new CountDownLatch(2);
        ExecutorService handlers = Executors.newCachedThreadPool();
        HttpServer slow = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        slow.setExecutor(handlers);
        slow.createContext("/", exchange -> {
            mostAtOnce.accumulateAndGet(inUpstream.incrementAndGet(), Math::max);
            try {
                if (exchange.getRequestMethod().equals("GET")) {
                    twoGetsIn.countDown();
                    twoGetsIn.await(10, TimeUnit.SECONDS);
                } else {
                    // Held a while, so that PUTs the proxy failed to serialize would overlap here.
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inUpstream.decrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        slow.start();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (AwsProxy serializing = AwsProxy.start(URI.create("http://127.0.0.1:" + slow.getAddress().getPort()))) {
            serializing.serialize(request -> request.method().equals("PUT"), ProxiedRequest::path);
            List<Future<Integer>> puts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                puts.add(pool.submit(() -> client.send(HttpRequest.newBuilder(serializing.endpoint().resolve("/b/k"))
                        .PUT(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode()));
            }
            for (Future<Integer> put : puts) {
                assertThat(put.get()).isEqualTo(204);
            }
            assertThat(mostAtOnce.get()).isEqualTo(1);

            mostAtOnce.set(0);
            List<Future<Integer>> gets = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                gets.add(pool.submit(() -> client.send(HttpRequest.newBuilder(serializing.endpoint().resolve("/b/k")).GET()
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode()));
            }
            for (Future<Integer> get : gets) {
                assertThat(get.get()).isEqualTo(204);
            }
            assertThat(mostAtOnce.get()).isGreaterThan(1);
        } finally {
            pool.shutdownNow();
            slow.stop(0);
            handlers.shutdownNow();
        }
    }

    @Test
    void refusesATargetThatIsNotHttp() {
        assertThatThrownBy(() -> AwsProxy.start(URI.create("https://s3.amazonaws.com")))
                .hasMessage("Proxy target must be an http://host:port endpoint, cannot be: https://s3.amazonaws.com");
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(proxy.endpoint().getHost(), proxy.endpoint().getPort());
        socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
        return socket;
    }

    private static void send(Socket socket, String raw) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}
