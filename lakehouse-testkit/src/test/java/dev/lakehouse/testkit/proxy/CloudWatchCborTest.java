package dev.lakehouse.testkit.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloudWatchCborTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CBORMapper CBOR = new CBORMapper();

    private final CloudWatchCbor translator = new CloudWatchCbor();

    @Test
    void turnsACborRequestIntoTheJsonRequestMotoServes() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CBORGenerator generator = new CBORFactory().createGenerator(body)) {
            generator.writeStartObject();
            generator.writeStringField("Namespace", "lakehouse");
            generator.writeFieldName("StartTime");
            generator.writeTag(1);
            generator.writeNumber(1_700_000_000.5);
            generator.writeFieldName("Payload");
            generator.writeBinary(new byte[] {1, 2, 3});
            generator.writeEndObject();
        }

        HttpWire.Request json = translator.toJson(cbor("GetMetricData", body.toByteArray()));

        assertThat(json.method()).isEqualTo("POST");
        assertThat(json.target()).isEqualTo("/");
        assertThat(json.headers().first("X-Amz-Target")).contains("GraniteServiceVersion20100801.GetMetricData");
        assertThat(json.headers().first("Content-Type")).contains("application/x-amz-json-1.0");
        assertThat(json.headers().contains("smithy-protocol")).isFalse();
        assertThat(json.headers().first("Authorization")).isPresent();
        assertThat(JSON.readTree(json.body())).isEqualTo(JSON.readTree(
                "{\"Namespace\":\"lakehouse\",\"StartTime\":1700000000.5,\"Payload\":\"AQID\"}"));
    }

    @Test
    void sendsAnEmptyJsonObjectForAnEmptyCborBody() {
        HttpWire.Request json = translator.toJson(cbor("ListDashboards", new byte[0]));

        assertThat(new String(json.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void typesTheJsonResponseByTheSdkModel() throws IOException {
        String moto = "{\"MetricAlarms\":[{\"AlarmName\":\"a\",\"Threshold\":1.5,\"Period\":60,"
                + "\"AlarmConfigurationUpdatedTimestamp\":1795646148.208,\"StateUpdatedTimestamp\":1795646148,"
                + "\"Dimensions\":[{\"Name\":\"d\",\"Value\":\"v\"}],\"Unknown\":null}],\"CompositeAlarms\":[]}";

        HttpWire.Response response = translator.toCbor(cbor("DescribeAlarms", new byte[0]), json(200, moto));

        assertThat(response.headers().first("Content-Type")).contains("application/cbor");
        assertThat(response.headers().first("smithy-protocol")).contains("rpc-v2-cbor");
        assertThat(taggedValues(response.body())).containsExactly(1795646148.208, 1795646148.0);
        JsonNode alarm = CBOR.readTree(response.body()).path("MetricAlarms").path(0);
        assertThat(alarm.path("Threshold").isDouble()).isTrue();
        assertThat(alarm.path("Period").isIntegralNumber()).isTrue();
        assertThat(alarm.path("Dimensions").path(0).path("Value").asText()).isEqualTo("v");
        assertThat(alarm.has("Unknown")).isFalse();
    }

    @Test
    void namesErrorsByTheirShapeAndKeepsTheQueryErrorCode() throws IOException {
        HttpWire.Response moto = new HttpWire.Response(404, "NOT FOUND", Headers.of(
                "X-Amzn-Errortype", "GraniteServiceVersion20100801#ResourceNotFound",
                "x-amzn-query-error", "ResourceNotFound;Sender",
                "Content-Type", "text"),
                "{\"__type\":\"GraniteServiceVersion20100801#ResourceNotFound\",\"message\":\"Dashboard does not exist\"}"
                        .getBytes(StandardCharsets.UTF_8));

        HttpWire.Response dashboard = translator.toCbor(cbor("GetDashboard", new byte[0]), moto);
        HttpWire.Response alarm = translator.toCbor(cbor("SetAlarmState", new byte[0]), moto);

        assertThat(dashboard.status()).isEqualTo(404);
        assertThat(dashboard.headers().contains("X-Amzn-Errortype")).isFalse();
        assertThat(dashboard.headers().first("x-amzn-query-error")).contains("ResourceNotFound;Sender");
        assertThat(CBOR.readTree(dashboard.body()).path("__type").asText())
                .isEqualTo("com.amazonaws.cloudwatch#DashboardNotFoundError");
        assertThat(CBOR.readTree(dashboard.body()).path("message").asText()).isEqualTo("Dashboard does not exist");
        assertThat(CBOR.readTree(alarm.body()).path("__type").asText())
                .isEqualTo("com.amazonaws.cloudwatch#ResourceNotFound");
    }

    @Test
    void reportsABodyThatIsNotJsonAsAnInternalFailure() throws IOException {
        HttpWire.Response moto = new HttpWire.Response(500, "INTERNAL SERVER ERROR", Headers.of("Content-Type", "text/html"),
                "<html>Traceback</html>".getBytes(StandardCharsets.UTF_8));

        HttpWire.Response response = translator.toCbor(cbor("PutCompositeAlarm", new byte[0]), moto);

        assertThat(response.status()).isEqualTo(500);
        JsonNode error = CBOR.readTree(response.body());
        assertThat(error.path("__type").asText()).isEqualTo("InternalFailure");
        assertThat(error.path("message").asText())
                .isEqualTo("The emulator answered PutCompositeAlarm with HTTP 500 and a body that is not JSON: <html>Traceback</html>");
    }

    private static ProxiedRequest cbor(String operation, byte[] body) {
        return ProxiedRequest.classify(new HttpWire.Request("POST",
                "/service/GraniteServiceVersion20100801/operation/" + operation, Headers.of(
                        "Authorization", "AWS4-HMAC-SHA256 Credential=k/20260101/us-east-1/monitoring/aws4_request, Signature=s",
                        "smithy-protocol", "rpc-v2-cbor",
                        "Content-Type", "application/cbor",
                        "Accept", "application/cbor"), body));
    }

    private static HttpWire.Response json(int status, String body) {
        return new HttpWire.Response(status, "OK", Headers.of("Content-Type", "text"), body.getBytes(StandardCharsets.UTF_8));
    }

    /** The values that follow CBOR tag 1 (epoch-seconds timestamps), in document order. */
    private static List<Double> taggedValues(byte[] cbor) throws IOException {
        List<Double> values = new ArrayList<>();
        try (CBORParser parser = new CBORFactory().createParser(cbor)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token.isNumeric() && parser.getCurrentTag() == 1) {
                    values.add(parser.getDoubleValue());
                }
            }
        }
        return values;
    }
}
