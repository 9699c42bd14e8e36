package dev.lakehouse.testkit.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** AWS error responses in the shape each protocol's SDK unmarshaller expects. */
final class ErrorResponses {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CBORMapper CBOR = new CBORMapper();

    private ErrorResponses() {
    }

    /**
     * A throttling error: S3's {@code 503 SlowDown}, the query protocol's {@code 400 Throttling} (the
     * code IAM, STS and SNS use) and {@code 400 ThrottlingException} for the JSON and CBOR protocols.
     */
    static HttpWire.Response throttling(ProxiedRequest request) {
        return switch (request.protocol()) {
            case REST_XML -> error(request, 503, "SlowDown", "Please reduce your request rate.");
            case QUERY -> error(request, 400, "Throttling", "Rate exceeded");
            default -> error(request, 400, "ThrottlingException", "Rate exceeded");
        };
    }

    /** A server-side failure: {@code 500 InternalFailure}, or S3's {@code 500 InternalError}. */
    static HttpWire.Response internalFailure(ProxiedRequest request) {
        return request.protocol() == Protocol.REST_XML
                ? error(request, 500, "InternalError", "We encountered an internal error. Please try again.")
                : error(request, 500, "InternalFailure", "The request processing has failed because of an unknown error.");
    }

    static HttpWire.Response error(ProxiedRequest request, int status, String code, String message) {
        String requestId = UUID.randomUUID().toString();
        return switch (request.protocol()) {
            case REST_XML -> xml(status, requestId, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
                    + escape(code) + "</Code><Message>" + escape(message) + "</Message><RequestId>" + requestId
                    + "</RequestId></Error>");
            case QUERY -> xml(status, requestId, "<ErrorResponse><Error><Type>" + (status >= 500 ? "Receiver" : "Sender")
                    + "</Type><Code>" + escape(code) + "</Code><Message>" + escape(message)
                    + "</Message></Error><RequestId>" + requestId + "</RequestId></ErrorResponse>");
            case RPC_V2_CBOR -> new HttpWire.Response(status, reason(status), Headers.of(
                    "Content-Type", "application/cbor",
                    "smithy-protocol", "rpc-v2-cbor",
                    "x-amzn-RequestId", requestId), encode(CBOR, code, message));
            case JSON, REST_JSON -> new HttpWire.Response(status, reason(status), Headers.of(
                    "Content-Type", request.header("Content-Type").orElse("application/x-amz-json-1.1"),
                    "x-amzn-ErrorType", code,
                    "x-amzn-RequestId", requestId), encode(JSON, code, message));
        };
    }

    /** The body of a JSON-protocol error. */
    static byte[] json(String code, String message) {
        return encode(JSON, code, message);
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "Status " + status;
        };
    }

    private static HttpWire.Response xml(int status, String requestId, String body) {
        return new HttpWire.Response(status, reason(status),
                Headers.of("Content-Type", "text/xml", "x-amzn-RequestId", requestId),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] encode(ObjectMapper mapper, String code, String message) {
        ObjectNode error = mapper.createObjectNode().put("__type", code).put("message", message);
        try {
            return mapper.writeValueAsBytes(error);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
