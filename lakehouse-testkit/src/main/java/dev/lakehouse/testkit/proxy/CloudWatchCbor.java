package dev.lakehouse.testkit.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;

/**
 * Translates CloudWatch between the Smithy RPC v2 CBOR protocol the SDK client speaks and the
 * awsJson 1.0 protocol moto serves.
 *
 * <p>Requests: {@code POST /service/GraniteServiceVersion20100801/operation/<Op>} with a CBOR body
 * becomes {@code POST /} with {@code X-Amz-Target: GraniteServiceVersion20100801.<Op>} and the same
 * document as JSON. That direction needs no model: CBOR timestamps (tag 1, epoch seconds) become
 * JSON epoch-seconds numbers and byte strings become base64 strings, which is how awsJson encodes
 * them.
 *
 * <p>Responses need the model, because a JSON number may be a timestamp and a JSON string may be a
 * blob. The SDK's own shapes ({@code <Op>Response} and the {@link SdkField}s under it) say which
 * members are timestamps (written as tag 1), blobs, integers or doubles. Members the SDK does not
 * know are copied as they are.
 *
 * <p>Errors: moto reports CloudWatch's awsQuery-compatible codes ({@code ResourceNotFound}); the
 * SDK chooses its exception class by the error shape name ({@code DashboardNotFoundError}). The
 * translated error carries the shape name in {@code __type} and keeps moto's
 * {@code x-amzn-query-error} header, from which the SDK takes {@code awsErrorDetails().errorCode()}.
 */
final class CloudWatchCbor {

    static final String SERVICE_SHAPE = "GraniteServiceVersion20100801";

    private static final String MODEL_PACKAGE = "software.amazon.awssdk.services.cloudwatch.model.";
    private static final String SHAPE_NAMESPACE = "com.amazonaws.cloudwatch#";

    /**
     * CloudWatch error shapes by their awsQueryError code where the two differ, from the service
     * model (botocore's {@code cloudwatch/2010-08-01/service-2.json}, the SDK's exception metadata).
     */
    private static final Map<String, String> SHAPE_BY_QUERY_CODE = Map.of(
            "InvalidParameterInput", "DashboardInvalidInputError",
            "InternalServiceError", "InternalServiceFault",
            "InvalidFormat", "InvalidFormatFault",
            "InvalidParameterCombination", "InvalidParameterCombinationException",
            "InvalidParameterValue", "InvalidParameterValueException",
            "LimitExceeded", "LimitExceededFault",
            "MissingParameter", "MissingRequiredParameterException");

    /**
     * Two shapes share the code {@code ResourceNotFound}: {@code DashboardNotFoundError} (what
     * GetDashboard declares) and {@code ResourceNotFound} (DeleteAlarms, SetAlarmState).
     */
    private static final Set<String> DASHBOARD_OPERATIONS = Set.of("GetDashboard");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CBORMapper CBOR = new CBORMapper();
    private static final CBORFactory CBOR_FACTORY = new CBORFactory();
    private static final Set<String> PROTOCOL_HEADERS =
            Set.of("content-type", "content-encoding", "smithy-protocol", "accept", "x-amz-target", "x-amzn-errortype");

    private final Map<String, List<SdkField<?>>> responseFields = new ConcurrentHashMap<>();

    /** Whether {@code request} is a CloudWatch RPC v2 CBOR call this class translates. */
    static boolean handles(ProxiedRequest request) {
        return request.protocol() == Protocol.RPC_V2_CBOR
                && request.path().startsWith("/service/" + SERVICE_SHAPE + "/operation/");
    }

    /** The awsJson 1.0 request that asks moto for what {@code request} asks in CBOR. */
    HttpWire.Request toJson(ProxiedRequest request) {
        byte[] json;
        try {
            byte[] cbor = decompressed(request);
            json = cbor.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(CBOR.readTree(cbor));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the CBOR body of CloudWatch " + request.operation(), e);
        }
        Headers headers = request.wire().headers().without(PROTOCOL_HEADERS)
                .with("Content-Type", "application/x-amz-json-1.0")
                .with("X-Amz-Target", SERVICE_SHAPE + "." + request.operation());
        return new HttpWire.Request("POST", "/", headers, json);
    }

    /** The document of {@code request} as awsJson carries it: what {@link #toJson} sends moto. */
    static JsonNode document(ProxiedRequest request) {
        try {
            byte[] cbor = decompressed(request);
            return cbor.length == 0 ? JSON.createObjectNode() : JSON.readTree(JSON.writeValueAsBytes(CBOR.readTree(cbor)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the CBOR body of CloudWatch " + request.operation(), e);
        }
    }

    /** An awsJson request body as a document; an empty body is an empty document. */
    static JsonNode jsonDocument(byte[] body) {
        try {
            return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the JSON body of a CloudWatch request", e);
        }
    }

    /** The request body, unzipped if the SDK compressed it (it gzips PutMetricData bodies over 10 KiB). */
    private static byte[] decompressed(ProxiedRequest request) throws IOException {
        boolean gzip = request.header("Content-Encoding").filter(encoding -> encoding.equalsIgnoreCase("gzip")).isPresent();
        if (!gzip) {
            return request.wire().body();
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(request.wire().body()))) {
            return in.readAllBytes();
        }
    }

    /** The CBOR response the SDK expects for moto's awsJson 1.0 {@code response} to {@code request}. */
    HttpWire.Response toCbor(ProxiedRequest request, HttpWire.Response response) {
        JsonNode document;
        try {
            document = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            return ErrorResponses.error(request, response.status() >= 400 ? response.status() : 502, "InternalFailure",
                    "The emulator answered " + request.operation() + " with HTTP " + response.status()
                            + " and a body that is not JSON: " + snippet(response.body()));
        }
        byte[] body = response.status() >= 300
                ? error(request.operation(), document)
                : encode(document, fieldsOf(request.operation()));
        Headers headers = response.headers().without(PROTOCOL_HEADERS)
                .with("Content-Type", "application/cbor")
                .with("smithy-protocol", "rpc-v2-cbor");
        return new HttpWire.Response(response.status(), response.reason(), headers, body);
    }

    private static byte[] error(String operation, JsonNode document) {
        String type = document.path("__type").asText("InternalFailure");
        String code = type.substring(type.lastIndexOf('#') + 1);
        String shape = code.equals("ResourceNotFound") && DASHBOARD_OPERATIONS.contains(operation)
                ? "DashboardNotFoundError"
                : SHAPE_BY_QUERY_CODE.getOrDefault(code, code);
        String message = document.path("message").asText(document.path("Message").asText(""));
        try {
            return CBOR.writeValueAsBytes(CBOR.createObjectNode()
                    .put("__type", SHAPE_NAMESPACE + shape)
                    .put("message", message));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<SdkField<?>> fieldsOf(String operation) {
        return responseFields.computeIfAbsent(operation, name -> {
            try {
                Object builder = Class.forName(MODEL_PACKAGE + name + "Response").getMethod("builder").invoke(null);
                return ((SdkPojo) builder).sdkFields();
            } catch (ReflectiveOperationException e) {
                // An operation newer than this SDK: copy the document without type information.
                return List.of();
            }
        });
    }

    private static byte[] encode(JsonNode document, List<SdkField<?>> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator generator = CBOR_FACTORY.createGenerator(out)) {
            writeStructure(generator, document, fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeStructure(CBORGenerator generator, JsonNode node, List<SdkField<?>> fields)
            throws IOException {
        if (!node.isObject()) {
            writeUntyped(generator, node);
            return;
        }
        generator.writeStartObject();
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            if (member.getValue().isNull()) {
                continue;
            }
            generator.writeFieldName(member.getKey());
            writeValue(generator, member.getValue(), field(fields, member.getKey()));
        }
        generator.writeEndObject();
    }

    private static void writeValue(CBORGenerator generator, JsonNode node, SdkField<?> field) throws IOException {
        MarshallingType<?> type = field == null ? null : field.marshallingType();
        if (node.isNull() || type == null) {
            writeUntyped(generator, node);
        } else if (type == MarshallingType.INSTANT) {
            generator.writeTag(1);
            writeEpochSeconds(generator, node);
        } else if (type == MarshallingType.SDK_BYTES) {
            generator.writeBinary(Base64.getDecoder().decode(node.asText()));
        } else if (type == MarshallingType.SDK_POJO) {
            writeStructure(generator, node, field.constructor().get().sdkFields());
        } else if (type == MarshallingType.LIST && node.isArray()) {
            SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
            generator.writeStartArray();
            for (JsonNode element : node) {
                writeValue(generator, element, member);
            }
            generator.writeEndArray();
        } else if (type == MarshallingType.MAP && node.isObject()) {
            SdkField<?> value = field.getTrait(MapTrait.class).valueFieldInfo();
            generator.writeStartObject();
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                generator.writeFieldName(entry.getKey());
                writeValue(generator, entry.getValue(), value);
            }
            generator.writeEndObject();
        } else if (type == MarshallingType.INTEGER || type == MarshallingType.LONG
                || type == MarshallingType.SHORT || type == MarshallingType.BYTE) {
            generator.writeNumber(node.asLong());
        } else if (type == MarshallingType.DOUBLE) {
            generator.writeNumber(node.asDouble());
        } else if (type == MarshallingType.FLOAT) {
            generator.writeNumber((float) node.asDouble());
        } else if (type == MarshallingType.BOOLEAN) {
            generator.writeBoolean(node.asBoolean());
        } else if (type == MarshallingType.STRING) {
            generator.writeString(node.asText());
        } else {
            writeUntyped(generator, node);
        }
    }

    private static void writeEpochSeconds(CBORGenerator generator, JsonNode node) throws IOException {
        double seconds = node.isTextual()
                ? Instant.parse(node.asText()).toEpochMilli() / 1000.0
                : node.asDouble();
        if (seconds == Math.rint(seconds)) {
            generator.writeNumber((long) seconds);
        } else {
            generator.writeNumber(seconds);
        }
    }

    private static void writeUntyped(CBORGenerator generator, JsonNode node) throws IOException {
        CBOR.writeTree(generator, node);
    }

    private static SdkField<?> field(List<SdkField<?>> fields, String name) {
        for (SdkField<?> field : fields) {
            if (name.equals(field.locationName())) {
                return field;
            }
        }
        return null;
    }

    private static String snippet(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
