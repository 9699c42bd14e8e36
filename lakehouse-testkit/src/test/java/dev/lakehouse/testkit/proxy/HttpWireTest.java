package dev.lakehouse.testkit.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpWireTest {

    @Test
    void readsAChunkedRequestBodyAndIgnoresExtensionsAndTrailers() throws IOException {
        String raw = "PUT /bucket/key HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32: abc\r\n\r\n";

        HttpWire.Request request = HttpWire.readRequest(input(raw), new ByteArrayOutputStream());

        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.path()).isEqualTo("/bucket/key");
        assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("hello world");
    }

    @Test
    void answersExpectContinueBeforeReadingTheBody() throws IOException {
        String raw = "PUT /b/k HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc";
        ByteArrayOutputStream interim = new ByteArrayOutputStream();

        HttpWire.Request request = HttpWire.readRequest(input(raw), interim);

        assertThat(interim.toString(StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
        assertThat(request.body()).containsExactly('a', 'b', 'c');
    }

    @Test
    void returnsNullWhenTheClientClosesBetweenRequests() throws IOException {
        assertThat(HttpWire.readRequest(input(""), new ByteArrayOutputStream())).isNull();
    }

    @Test
    void failsOnABodyShorterThanItsContentLength() {
        String raw = "POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc";

        assertThatThrownBy(() -> HttpWire.readRequest(input(raw), new ByteArrayOutputStream()))
                .isInstanceOf(EOFException.class)
                .hasMessage("Body ended after 3 of 10 bytes");
    }

    @Test
    void readsResponsesFramedByChunksByLengthAndByClose() throws IOException {
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
        String sized = "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok";
        String closeDelimited = "HTTP/1.1 200 OK\r\n\r\nuntil the end";

        assertThat(body(HttpWire.readResponse(input(chunked), "GET"))).isEqualTo("abc");
        assertThat(body(HttpWire.readResponse(input(sized), "GET"))).isEqualTo("ok");
        assertThat(body(HttpWire.readResponse(input(closeDelimited), "GET"))).isEqualTo("until the end");
    }

    @Test
    void skipsInterimResponsesAndReadsNoBodyForHead() throws IOException {
        String raw = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 12345\r\n\r\n";

        HttpWire.Response response = HttpWire.readResponse(input(raw), "HEAD");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().first("Content-Length")).contains("12345");
    }

    @Test
    void writesResponsesWithContentLengthAndKeepsTheResourceLengthForHead() throws IOException {
        HttpWire.Response response = new HttpWire.Response(200, "OK",
                Headers.of("Content-Length", "12345", "Transfer-Encoding", "chunked", "ETag", "\"e\""), new byte[0]);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        ByteArrayOutputStream get = new ByteArrayOutputStream();

        HttpWire.writeResponse(head, response, "HEAD", true);
        HttpWire.writeResponse(get, response.withBody("abc".getBytes(StandardCharsets.UTF_8)), "GET", false);

        assertThat(head.toString(StandardCharsets.ISO_8859_1)).isEqualTo(
                "HTTP/1.1 200 OK\r\nETag: \"e\"\r\nContent-Length: 12345\r\nConnection: keep-alive\r\n\r\n");
        assertThat(get.toString(StandardCharsets.ISO_8859_1)).isEqualTo(
                "HTTP/1.1 200 OK\r\nETag: \"e\"\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc");
    }

    @Test
    void writesUpstreamRequestsWithTheUpstreamHostAndWithoutHopByHopFields() throws IOException {
        HttpWire.Request request = new HttpWire.Request("PUT", "/b/k?x-id=PutObject", Headers.of(
                "Host", "127.0.0.1:1111", "Transfer-Encoding", "chunked", "Expect", "100-continue",
                "Connection", "keep-alive", "Content-Encoding", "aws-chunked"),
                "abc".getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        HttpWire.writeRequest(out, request, "127.0.0.1:2222");

        assertThat(out.toString(StandardCharsets.ISO_8859_1)).isEqualTo(
                "PUT /b/k?x-id=PutObject HTTP/1.1\r\nHost: 127.0.0.1:2222\r\nContent-Encoding: aws-chunked\r\n"
                        + "Content-Length: 3\r\nConnection: close\r\n\r\nabc");
    }

    private static ByteArrayInputStream input(String raw) {
        return new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String body(HttpWire.Response response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
