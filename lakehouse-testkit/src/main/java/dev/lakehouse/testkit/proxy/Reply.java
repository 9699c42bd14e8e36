package dev.lakehouse.testkit.proxy;

import java.nio.charset.StandardCharsets;

/**
 * A response a {@linkplain FaultRule.Builder#respondWith responder} makes, or the emulator's
 * response as an {@link Upstream} returns it.
 */
public final class Reply {

    private final HttpWire.Response response;

    Reply(HttpWire.Response response) {
        this.response = response;
    }

    /** A {@code 200} with a JSON body, as the JSON protocols answer. */
    public static Reply json(ProxiedRequest request, String body) {
        return new Reply(new HttpWire.Response(200, ErrorResponses.reason(200),
                Headers.of("Content-Type", request.header("Content-Type").orElse("application/json")),
                body.getBytes(StandardCharsets.UTF_8)));
    }

    /** An AWS error in the request's protocol, which the SDK reports as {@code code}. */
    public static Reply error(ProxiedRequest request, int status, String code, String message) {
        return new Reply(ErrorResponses.error(request, status, code, message));
    }

    public int status() {
        return response.status();
    }

    public String bodyAsString() {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    HttpWire.Response response() {
        return response;
    }
}
