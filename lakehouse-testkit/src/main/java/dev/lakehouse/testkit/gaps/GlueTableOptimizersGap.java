package dev.lakehouse.testkit.gaps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.testkit.proxy.AwsProxy;
import dev.lakehouse.testkit.proxy.ProxiedRequest;
import dev.lakehouse.testkit.proxy.Reply;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * AWS Glue's table optimizers, which moto 5.2.1 lacks: {@code CreateTableOptimizer},
 * {@code UpdateTableOptimizer}, {@code GetTableOptimizer}, {@code DeleteTableOptimizer} and
 * {@code BatchGetTableOptimizer}, as the Glue API reference documents them. An optimizer is a
 * table's configuration of one type ({@code compaction}, {@code retention},
 * {@code orphan_file_deletion}), kept by the proxy; a missing one is {@code EntityNotFoundException}
 * (in {@code BatchGetTableOptimizer}, a failure of its entry). It does not check that the table
 * exists, and no optimizer runs. Moto's reset through the proxy forgets them all, and so does
 * deleting the table or its database.
 */
public final class GlueTableOptimizersGap {
    /** Each optimizer's configuration, by {@code database/table/type}. */
    private final Map<String, JsonNode> optimizers = new ConcurrentHashMap<>();

    private GlueTableOptimizersGap() {
    }

    /** Puts the gap filler in front of the proxy's upstream. */
    public static void install(AwsProxy proxy) {
        GlueTableOptimizersGap gap = new GlueTableOptimizersGap();
        proxy.observe(gap::forget);
        proxy.serve(request -> request.is("glue", "CreateTableOptimizer"), gap::create);
        proxy.serve(request -> request.is("glue", "UpdateTableOptimizer"), gap::update);
        proxy.serve(request -> request.is("glue", "GetTableOptimizer"), gap::get);
        proxy.serve(request -> request.is("glue", "DeleteTableOptimizer"), gap::delete);
        proxy.serve(request -> request.is("glue", "BatchGetTableOptimizer"), gap::batchGet);
    }

    private void forget(ProxiedRequest request) {
        if (request.isMotoReset()) {
            optimizers.clear();
        } else if (request.is("glue", "DeleteTable")) {
            JsonNode body = LakeFormationJson.body(request);
            String table = LakeFormationJson.text(body, "DatabaseName", "") + "/" + LakeFormationJson.text(body, "Name", "")
                    + "/";
            optimizers.keySet().removeIf(key -> key.startsWith(table));
        } else if (request.is("glue", "DeleteDatabase")) {
            String database = LakeFormationJson.text(LakeFormationJson.body(request), "Name", "") + "/";
            optimizers.keySet().removeIf(key -> key.startsWith(database));
        }
    }

    private static String key(JsonNode body, String database, String table, String type) {
        return LakeFormationJson.text(body, database, "") + "/" + LakeFormationJson.text(body, table, "") + "/"
                + LakeFormationJson.text(body, type, "");
    }

    private Reply create(ProxiedRequest request) {
        JsonNode body = LakeFormationJson.body(request);
        JsonNode configuration = body.path("TableOptimizerConfiguration");
        if (optimizers.putIfAbsent(key(body, "DatabaseName", "TableName", "Type"), configuration) != null) {
            return Reply.jsonError(400, "AlreadyExistsException", "Table optimizer already exists");
        }
        return Reply.json(200, "{}");
    }

    private Reply update(ProxiedRequest request) {
        JsonNode body = LakeFormationJson.body(request);
        if (optimizers.replace(key(body, "DatabaseName", "TableName", "Type"),
                body.path("TableOptimizerConfiguration")) == null) {
            return notFound();
        }
        return Reply.json(200, "{}");
    }

    private Reply get(ProxiedRequest request) {
        JsonNode body = LakeFormationJson.body(request);
        JsonNode configuration = optimizers.get(key(body, "DatabaseName", "TableName", "Type"));
        if (configuration == null) {
            return notFound();
        }
        ObjectNode response = JsonNodeFactory.instance.objectNode()
                .put("CatalogId", LakeFormationJson.text(body, "CatalogId", "123456789012"))
                .put("DatabaseName", LakeFormationJson.text(body, "DatabaseName", ""))
                .put("TableName", LakeFormationJson.text(body, "TableName", ""));
        optimizer(response.putObject("TableOptimizer"), LakeFormationJson.text(body, "Type", ""), configuration);
        return Reply.json(200, LakeFormationJson.write(response));
    }

    private Reply delete(ProxiedRequest request) {
        JsonNode body = LakeFormationJson.body(request);
        return optimizers.remove(key(body, "DatabaseName", "TableName", "Type")) == null ? notFound()
                : Reply.json(200, "{}");
    }

    private Reply batchGet(ProxiedRequest request) {
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        ArrayNode found = response.putArray("TableOptimizers");
        ArrayNode failures = response.putArray("Failures");
        for (JsonNode entry : LakeFormationJson.body(request).path("Entries")) {
            JsonNode configuration = optimizers.get(key(entry, "databaseName", "tableName", "type"));
            ObjectNode item = (configuration == null ? failures : found).addObject()
                    .put("catalogId", LakeFormationJson.text(entry, "catalogId", "123456789012"))
                    .put("databaseName", LakeFormationJson.text(entry, "databaseName", ""))
                    .put("tableName", LakeFormationJson.text(entry, "tableName", ""));
            if (configuration == null) {
                item.put("type", LakeFormationJson.text(entry, "type", ""));
                item.putObject("error").put("ErrorCode", "EntityNotFoundException")
                        .put("ErrorMessage", "Table optimizer not found");
            } else {
                optimizer(item.putObject("tableOptimizer"), LakeFormationJson.text(entry, "type", ""), configuration);
            }
        }
        return Reply.json(200, LakeFormationJson.write(response));
    }

    private static void optimizer(ObjectNode node, String type, JsonNode configuration) {
        node.put("type", type);
        node.set("configuration", configuration.deepCopy());
    }

    private static Reply notFound() {
        return Reply.jsonError(400, "EntityNotFoundException", "Table optimizer not found");
    }
}
