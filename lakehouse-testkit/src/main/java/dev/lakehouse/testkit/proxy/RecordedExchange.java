package dev.lakehouse.testkit.proxy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A request and the response about to go back to the client, as a
 * {@linkplain FaultRule.Builder#rewriteResponse response rewriter} sees them. For CloudWatch the
 * response is already translated to CBOR.
 */
public final class RecordedExchange {

    private final ProxiedRequest request;
    private final HttpWire.Response response;

    RecordedExchange(ProxiedRequest request, HttpWire.Response response) {
        this.request = request;
        this.response = response;
    }

    /** The request the client sent. */
    public ProxiedRequest request() {
        return request;
    }

    /** The response status. */
    public int status() {
        return response.status();
    }

    /** The first value of a response header field, matched case-insensitively. */
    public Optional<String> header(String name) {
        return response.headers().first(name);
    }

    /** The response body. */
    public byte[] body() {
        return response.body().clone();
    }

    /** The response body decoded as UTF-8. */
    public String bodyAsString() {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
