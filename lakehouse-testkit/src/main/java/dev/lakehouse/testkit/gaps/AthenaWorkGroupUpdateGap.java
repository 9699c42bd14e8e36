package dev.lakehouse.testkit.gaps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.testkit.proxy.AwsProxy;
import dev.lakehouse.testkit.proxy.ProxiedRequest;
import dev.lakehouse.testkit.proxy.RecordedExchange;
import dev.lakehouse.testkit.proxy.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Athena's {@code UpdateWorkGroup}, which moto 5.2.1 lacks, as Athena documents it: it changes only
 * what the request names, and a setting is taken away only by its {@code Remove...} flag
 * ({@code RemoveBytesScannedCutoffPerQuery}, {@code RemoveOutputLocation},
 * {@code RemoveExpectedBucketOwner}, {@code RemoveEncryptionConfiguration},
 * {@code RemoveAclConfiguration}); an empty {@code Description} leaves the workgroup without one.
 * The proxy answers the update itself and keeps it, and lays the updates kept for a workgroup over
 * what moto's {@code GetWorkGroup} returns for it. Updates go when the workgroup is deleted or made
 * anew, and when moto is reset through the proxy. Not emulated: the refusal of an update to a
 * workgroup that does not exist, and the state and description {@code ListWorkGroups} reports.
 */
public final class AthenaWorkGroupUpdateGap {
    /** The version Athena runs a workgroup on whose selected version is {@code AUTO}. */
    static final String AUTO_EFFECTIVE = "Athena engine version 3";

    /** Each workgroup's updates, oldest first. */
    private final Map<String, List<JsonNode>> updates = new ConcurrentHashMap<>();

    private AthenaWorkGroupUpdateGap() {
    }

    /** Puts the gap filler in front of the proxy's upstream. */
    public static void install(AwsProxy proxy) {
        AthenaWorkGroupUpdateGap gap = new AthenaWorkGroupUpdateGap();
        proxy.observe(gap::forget);
        proxy.serve(request -> request.is("athena", "UpdateWorkGroup"), gap::update);
        proxy.rule().service("athena").operation("GetWorkGroup").rewriteResponse(gap::read);
    }


    private void forget(ProxiedRequest request) {
        if (request.isMotoReset()) {
            updates.clear();
        } else if (request.is("athena", "DeleteWorkGroup")) {
            updates.remove(LakeFormationJson.text(LakeFormationJson.body(request), "WorkGroup", ""));
        } else if (request.is("athena", "CreateWorkGroup")) {
            updates.remove(LakeFormationJson.text(LakeFormationJson.body(request), "Name", ""));
        }
    }

    private Reply update(ProxiedRequest request) {
        JsonNode body = LakeFormationJson.body(request);
        String name = LakeFormationJson.text(body, "WorkGroup", null);
        if (name == null) {
            return Reply.jsonError(400, "InvalidRequestException", "WorkGroup is required");
        }
        updates.computeIfAbsent(name, n -> Collections.synchronizedList(new ArrayList<>())).add(body);
        return Reply.json(200, "{}");
    }

    private byte[] read(RecordedExchange exchange) {
        if (exchange.status() != 200) {
            return exchange.body();
        }
        JsonNode response = LakeFormationJson.parse(exchange.bodyAsString());
        JsonNode workgroup = response.path("WorkGroup");
        List<JsonNode> kept = workgroup.isObject() ? updates.get(LakeFormationJson.text(workgroup, "Name", "")) : null;
        if (kept == null) {
            return exchange.body();
        }
        synchronized (kept) {
            kept.forEach(update -> apply((ObjectNode) workgroup, update));
        }
        return LakeFormationJson.write(response).getBytes(StandardCharsets.UTF_8);
    }

    /** Lays one UpdateWorkGroup request over the workgroup as GetWorkGroup returns it. */
    static void apply(ObjectNode workgroup, JsonNode update) {
        if (update.has("Description")) {
            workgroup.put("Description", update.get("Description").asText());
        }
        if (update.has("State")) {
            workgroup.put("State", update.get("State").asText());
        }
        JsonNode changes = update.path("ConfigurationUpdates");
        if (!changes.isObject()) {
            return;
        }
        ObjectNode configuration = object(workgroup, "Configuration");
        for (String field : List.of("EnforceWorkGroupConfiguration", "PublishCloudWatchMetricsEnabled",
                "RequesterPaysEnabled", "BytesScannedCutoffPerQuery")) {
            if (changes.has(field)) {
                configuration.set(field, changes.get(field));
            }
        }
        if (changes.path("RemoveBytesScannedCutoffPerQuery").asBoolean(false)) {
            configuration.remove("BytesScannedCutoffPerQuery");
        }
        if (changes.has("EngineVersion")) {
            String selected = changes.path("EngineVersion").path("SelectedEngineVersion").asText("AUTO");
            configuration.putObject("EngineVersion").put("SelectedEngineVersion", selected)
                .put("EffectiveEngineVersion", selected.equals("AUTO") ? AUTO_EFFECTIVE : selected);
        }
        JsonNode results = changes.path("ResultConfigurationUpdates");
        if (results.isObject()) {
            ObjectNode resultConfiguration = object(configuration, "ResultConfiguration");
            for (String field : List.of("OutputLocation", "ExpectedBucketOwner", "EncryptionConfiguration",
                    "AclConfiguration")) {
                if (results.has(field)) {
                    resultConfiguration.set(field, results.get(field));
                }
                if (results.path("Remove" + field).asBoolean(false)) {
                    resultConfiguration.remove(field);
                }
            }
        }
    }

    /** The object under {@code field}, made when there is none. */
    private static ObjectNode object(ObjectNode parent, String field) {
        JsonNode existing = parent.get(field);
        return existing instanceof ObjectNode object ? object : parent.putObject(field);
    }
}
