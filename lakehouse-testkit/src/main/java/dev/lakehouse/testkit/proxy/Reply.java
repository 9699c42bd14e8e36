package dev.lakehouse.testkit.proxy;

import java.nio.charset.StandardCharsets;

/** A response the proxy makes up instead of asking the upstream: status, content type (null for none), body. */
public record Reply(int status, String contentType, byte[] body) {

    public static Reply xml(int status, String body) {
        return new Reply(status, "application/xml", body.getBytes(StandardCharsets.UTF_8));
    }

    public static Reply json(int status, String body) {
        return new Reply(status, "application/x-amz-json-1.1", body.getBytes(StandardCharsets.UTF_8));
    }

    public static Reply empty(int status) {
        return new Reply(status, null, new byte[0]);
    }

    /**
     * An AWS error as the JSON protocols (awsJson and restJson) answer it, which the SDK reports as
     * {@code code}: a {@code 4xx} or {@code 5xx} with {@code __type} and {@code message}.
     */
    public static Reply jsonError(int status, String code, String message) {
        return new Reply(status, "application/x-amz-json-1.1", ErrorResponses.json(code, message));
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    HttpWire.Response toWire() {
        return new HttpWire.Response(status, ErrorResponses.reason(status),
                contentType == null ? Headers.of() : Headers.of("Content-Type", contentType), body);
    }

    static Reply fromWire(HttpWire.Response response) {
        return new Reply(response.status(), response.headers().first("Content-Type").orElse(null), response.body());
    }
}
