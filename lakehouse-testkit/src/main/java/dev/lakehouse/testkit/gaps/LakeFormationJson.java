package dev.lakehouse.testkit.gaps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.lakehouse.testkit.proxy.ProxiedRequest;
import java.io.UncheckedIOException;

/** Lake Formation's JSON bodies, read and written by the gap fillers. */
final class LakeFormationJson {

    static final ObjectMapper MAPPER = new ObjectMapper();
    /** The account moto puts everything in when it is not told otherwise: a catalog id left out means it. */
    static final String MOTO_ACCOUNT = "123456789012";

    private LakeFormationJson() {
    }

    /** The request's body as JSON; an empty object for an empty body. */
    static JsonNode body(ProxiedRequest request) {
        return parse(request.bodyAsString());
    }

    static JsonNode parse(String json) {
        if (json.isBlank()) {
            return MAPPER.createObjectNode();
        }
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A text field, or {@code fallback} when absent. */
    static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.textValue() : fallback;
    }
}
