package dev.lakehouse.testkit.proxy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes HTTP/1.1 messages with whole bodies in memory.
 *
 * <p>Bodies come in framed by {@code Content-Length}, {@code Transfer-Encoding: chunked} or, for
 * responses, the end of the connection; they go out framed by {@code Content-Length}. The body bytes
 * themselves pass unchanged, which keeps SigV4 payload hashes and S3's {@code aws-chunked} payloads
 * valid.
 */
final class HttpWire {

    /** A request as it travels: method, request target (path and query), header fields, body. */
    record Request(String method, String target, Headers headers, byte[] body) {

        String path() {
            int query = target.indexOf('?');
            return query < 0 ? target : target.substring(0, query);
        }

        String query() {
            int query = target.indexOf('?');
            return query < 0 ? "" : target.substring(query + 1);
        }
    }

    /** A response as it travels: status, reason phrase, header fields, body. */
    record Response(int status, String reason, Headers headers, byte[] body) {

        Response withBody(byte[] newBody) {
            return new Response(status, reason, headers, newBody);
        }

        Response withHeader(String name, String value) {
            return new Response(status, reason, headers.with(name, value), body);
        }
    }

    /** Fields that describe one hop's connection or framing rather than the message; never forwarded. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "te", "trailer", "transfer-encoding", "upgrade", "content-length", "expect", "host");

    private static final int MAX_LINE = 64 * 1024;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private HttpWire() {
    }

    /**
     * Reads the next request of a connection, or returns {@code null} if the client closed it
     * between requests. Answers {@code Expect: 100-continue} on {@code interim} before reading the
     * body, since the request is not forwarded until its body is complete.
     */
    static Request readRequest(InputStream in, OutputStream interim) throws IOException {
        String requestLine = readLine(in, true);
        if (requestLine == null) {
            return null;
        }
        if (requestLine.isEmpty()) {
            // A stray CRLF between requests is allowed (RFC 9112, section 2.2).
            requestLine = readLine(in, false);
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new ProtocolException("Malformed request line: " + requestLine);
        }
        Headers headers = readHeaders(in);
        if (headers.first("Expect").filter(value -> value.equalsIgnoreCase("100-continue")).isPresent()) {
            interim.write(CONTINUE);
            interim.flush();
        }
        return new Request(parts[0], parts[1], headers, readBody(in, headers, false));
    }

    /** Reads a response to a request made with {@code method}, skipping interim 1xx responses. */
    static Response readResponse(InputStream in, String method) throws IOException {
        while (true) {
            String statusLine = readLine(in, false);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new ProtocolException("Malformed status line: " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            String reason = parts.length == 3 ? parts[2] : "";
            Headers headers = readHeaders(in);
            if (status / 100 == 1) {
                continue;
            }
            boolean bodiless = method.equals("HEAD") || status == 204 || status == 304;
            byte[] body = bodiless ? new byte[0] : readBody(in, headers, true);
            return new Response(status, reason, headers, body);
        }
    }

    /** Writes {@code request} to an upstream server, asking it to close the connection afterwards. */
    static void writeRequest(OutputStream out, Request request, String host) throws IOException {
        StringBuilder head = new StringBuilder()
                .append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n");
        appendFields(head, request.headers().without(HOP_BY_HOP));
        if (request.body().length > 0 || Set.of("POST", "PUT", "PATCH").contains(request.method())) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(request.body());
        out.flush();
    }

    /**
     * Writes {@code response} to a client. A response to HEAD keeps the upstream's
     * {@code Content-Length}, which describes the resource rather than the (absent) body.
     */
    static void writeResponse(OutputStream out, Response response, String requestMethod, boolean keepAlive)
            throws IOException {
        StringBuilder head = new StringBuilder()
                .append("HTTP/1.1 ").append(response.status()).append(' ').append(response.reason()).append("\r\n");
        appendFields(head, response.headers().without(HOP_BY_HOP));
        boolean bodiless = requestMethod.equals("HEAD") || response.status() == 204 || response.status() == 304;
        if (requestMethod.equals("HEAD")) {
            response.headers().first("Content-Length")
                    .ifPresent(length -> head.append("Content-Length: ").append(length).append("\r\n"));
        } else if (!bodiless) {
            head.append("Content-Length: ").append(response.body().length).append("\r\n");
        }
        head.append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!bodiless) {
            out.write(response.body());
        }
        out.flush();
    }

    /** Whether the client wants the connection kept open after this request. */
    static boolean keepAlive(Request request) {
        return request.headers().first("Connection")
                .map(value -> !value.toLowerCase(Locale.ROOT).contains("close"))
                .orElse(true);
    }

    private static void appendFields(StringBuilder head, Headers headers) {
        for (Map.Entry<String, String> field : headers.fields()) {
            head.append(field.getKey()).append(": ").append(field.getValue()).append("\r\n");
        }
    }

    private static Headers readHeaders(InputStream in) throws IOException {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (String line = readLine(in, false); !line.isEmpty(); line = readLine(in, false)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new ProtocolException("Malformed header field: " + line);
            }
            fields.add(Map.entry(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
        }
        return new Headers(fields);
    }

    private static byte[] readBody(InputStream in, Headers headers, boolean untilCloseIfUnframed)
            throws IOException {
        boolean chunked = headers.first("Transfer-Encoding")
                .filter(value -> value.toLowerCase(Locale.ROOT).contains("chunked"))
                .isPresent();
        if (chunked) {
            return readChunked(in);
        }
        Optional<String> length = headers.first("Content-Length");
        if (length.isPresent()) {
            return readExactly(in, Integer.parseInt(length.get()));
        }
        return untilCloseIfUnframed ? in.readAllBytes() : new byte[0];
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in, false);
            int extension = sizeLine.indexOf(';');
            int size = Integer.parseInt((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
            if (size == 0) {
                // Trailer fields, if any, end with an empty line; none of them matter to AWS clients.
                String trailer;
                do {
                    trailer = readLine(in, false);
                } while (!trailer.isEmpty());
                return body.toByteArray();
            }
            body.write(readExactly(in, size));
            if (!readLine(in, false).isEmpty()) {
                throw new ProtocolException("Chunk of " + size + " bytes not followed by CRLF");
            }
        }
    }

    private static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new EOFException("Body ended after " + bytes.length + " of " + length + " bytes");
        }
        return bytes;
    }

    /** Reads a line ending in LF (with or without CR); {@code null} at a clean end of stream if allowed. */
    private static String readLine(InputStream in, boolean endOfStreamAllowed) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b == -1) {
                if (endOfStreamAllowed && line.size() == 0) {
                    return null;
                }
                throw new EOFException("Connection closed in the middle of a line");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE) {
                throw new ProtocolException("Line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
    }
}
