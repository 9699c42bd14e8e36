package dev.lakehouse.testkit.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A request passing through {@link AwsProxy}, with the AWS service and operation it calls, for
 * fault-rule predicates and response rewriters.
 *
 * <p>The {@linkplain #service() service} is the SDK client's service name (the SigV4 signing name,
 * except that CloudWatch's {@code monitoring} is reported as {@code cloudwatch}). The
 * {@linkplain #operation() operation} is the API operation name ({@code CreateTable},
 * {@code PutBucketLifecycleConfiguration}); for a REST request it does not recognise, it is
 * {@code METHOD /path?subresource}.
 */
public final class ProxiedRequest {

    private static final Pattern CREDENTIAL_SCOPE =
            Pattern.compile("Credential=[^/,\\s]+/\\d{8}/[^/]+/([^/]+)/aws4_request");
    private static final Pattern CBOR_PATH = Pattern.compile("^/service/([^/]+)/operation/([^/?]+)$");
    private static final Pattern REST_JSON_OPERATION_PATH = Pattern.compile("^/([A-Z][A-Za-z0-9]+)$");

    private final HttpWire.Request wire;
    private final String service;
    private final Protocol protocol;
    private final String operation;

    private ProxiedRequest(HttpWire.Request wire, String service, Protocol protocol, String operation) {
        this.wire = wire;
        this.service = service;
        this.protocol = protocol;
        this.operation = operation;
    }

    /** Works out service, protocol and operation of a request as the SDK sends it. */
    static ProxiedRequest classify(HttpWire.Request wire) {
        String service = service(wire);
        Optional<String> target = wire.headers().first("X-Amz-Target");
        Matcher cbor = CBOR_PATH.matcher(wire.path());
        if (cbor.matches()) {
            return new ProxiedRequest(wire, service, Protocol.RPC_V2_CBOR, cbor.group(2));
        }
        if (target.isPresent()) {
            String value = target.get();
            return new ProxiedRequest(wire, service, Protocol.JSON, value.substring(value.lastIndexOf('.') + 1));
        }
        Optional<String> action = formParameter(wire.query(), "Action")
                .or(() -> isForm(wire) ? formParameter(new String(wire.body(), StandardCharsets.UTF_8), "Action")
                                       : Optional.empty());
        if (action.isPresent()) {
            return new ProxiedRequest(wire, service, Protocol.QUERY, action.get());
        }
        if (service.equals("s3")) {
            return new ProxiedRequest(wire, service, Protocol.REST_XML, S3Operations.name(wire));
        }
        Matcher restJson = REST_JSON_OPERATION_PATH.matcher(wire.path());
        String operation = restJson.matches() ? restJson.group(1) : describe(wire);
        return new ProxiedRequest(wire, service, Protocol.REST_JSON, operation);
    }

    /** The service, e.g. {@code s3}, {@code glue}, {@code iam}, {@code cloudwatch}; {@code unknown} if unsigned. */
    public String service() {
        return service;
    }

    /** The operation, e.g. {@code GetQueryExecution}; see the class description for REST requests. */
    public String operation() {
        return operation;
    }

    /** Whether this is moto's own {@code POST /moto-api/reset}, which drops the state of every service. */
    public boolean isMotoReset() {
        return wire.path().equals("/moto-api/reset");
    }

    /** Whether this is the request {@code operation} of {@code service}, e.g. {@code is("athena", "GetWorkGroup")}. */
    public boolean is(String service, String operation) {
        return service.equals(this.service) && operation.equals(this.operation);
    }

    /** The HTTP method. */
    public String method() {
        return wire.method();
    }

    /** The request path, without the query string. */
    public String path() {
        return wire.path();
    }

    /** The raw query string, without {@code ?}; empty if there is none. */
    public String query() {
        return wire.query();
    }

    /** The first value of a header field, matched case-insensitively. */
    public Optional<String> header(String name) {
        return wire.headers().first(name);
    }

    /** All header fields, names matched case-insensitively. */
    public Map<String, List<String>> headers() {
        return wire.headers().asMap();
    }

    /** The request body as the client sent it (after any chunked transfer coding is removed). */
    public byte[] body() {
        return wire.body().clone();
    }

    /**
     * The document of a CloudWatch request as awsJson carries it (timestamps as epoch seconds, blobs
     * as base64), whether the client sent it so (boto3) or in Smithy RPC v2 CBOR (the Java SDK): how a
     * gap filler reads such a request. Empty for a request in another protocol (awsQuery).
     */
    public JsonNode cloudWatchDocument() {
        return switch (protocol) {
            case RPC_V2_CBOR -> CloudWatchCbor.document(this);
            case JSON -> CloudWatchCbor.jsonDocument(wire.body());
            default -> CloudWatchCbor.jsonDocument(new byte[0]);
        };
    }

    /** The request body decoded as UTF-8. */
    public String bodyAsString() {
        return new String(wire.body(), StandardCharsets.UTF_8);
    }

    Protocol protocol() {
        return protocol;
    }

    HttpWire.Request wire() {
        return wire;
    }

    /** {@code METHOD /path} plus the subresource names of the query, without their values. */
    static String describe(HttpWire.Request wire) {
        StringBuilder description = new StringBuilder(wire.method()).append(' ').append(wire.path());
        if (!wire.query().isEmpty()) {
            String names = Arrays.stream(wire.query().split("&"))
                    .map(parameter -> parameter.split("=", 2)[0])
                    .filter(name -> !name.toLowerCase(Locale.ROOT).startsWith("x-amz-"))
                    .collect(Collectors.joining("&"));
            if (!names.isEmpty()) {
                description.append('?').append(names);
            }
        }
        return description.toString();
    }

    static Optional<String> formParameter(String form, String name) {
        if (form.isEmpty()) {
            return Optional.empty();
        }
        for (String parameter : form.split("&")) {
            String[] pair = parameter.split("=", 2);
            if (pair.length == 2 && URLDecoder.decode(pair[0], StandardCharsets.UTF_8).equals(name)) {
                return Optional.of(URLDecoder.decode(pair[1], StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static boolean isForm(HttpWire.Request wire) {
        return wire.headers().first("Content-Type")
                .filter(type -> type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded"))
                .isPresent();
    }

    private static String service(HttpWire.Request wire) {
        String credential = wire.headers().first("Authorization")
                .or(() -> formParameter(wire.query(), "X-Amz-Credential").map(value -> "Credential=" + value))
                .orElse("");
        Matcher scope = CREDENTIAL_SCOPE.matcher(credential);
        if (!scope.find()) {
            return "unknown";
        }
        String signingName = scope.group(1);
        return signingName.equals("monitoring") ? "cloudwatch" : signingName;
    }
}
