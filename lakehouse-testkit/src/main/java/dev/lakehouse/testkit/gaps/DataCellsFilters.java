package dev.lakehouse.testkit.gaps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.testkit.proxy.AwsProxy;
import dev.lakehouse.testkit.proxy.ProxiedRequest;
import dev.lakehouse.testkit.proxy.Reply;
import dev.lakehouse.testkit.proxy.Upstream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;

/**
 * Lake Formation's data cells filters, which moto 5.2.1 lacks: it answers
 * {@code ListDataCellsFilter} with an empty list always and the other operations with 500. Installed
 * on an {@link AwsProxy}, this serves {@code CreateDataCellsFilter}, {@code GetDataCellsFilter},
 * {@code UpdateDataCellsFilter}, {@code DeleteDataCellsFilter} and {@code ListDataCellsFilter} from
 * memory, after the Lake Formation API reference:
 *
 * <ul>
 *   <li>a filter is named by its table's catalog (the account's when {@code TableCatalogId} is
 *       absent), database, table and name; its table must exist in the Glue catalog (asked of the
 *       emulator), else {@code EntityNotFoundException};
 *   <li>it lets through either {@code ColumnNames} or a {@code ColumnWildcard} (with
 *       {@code ExcludedColumnNames}), exactly one, and rows by a {@code RowFilter} with either a
 *       {@code FilterExpression} or the {@code AllRowsWildcard}, else {@code InvalidInputException};
 *   <li>creating one that exists is {@code AlreadyExistsException}; getting, updating or deleting
 *       one that does not is {@code EntityNotFoundException}; each write gives it a new
 *       {@code VersionId};
 *   <li>{@code ListDataCellsFilter} lists the filters of a {@code Table}, or all of them, a page of
 *       {@code MaxResults} at a time;
 *   <li>{@code GrantPermissions} on a {@code DataCellsFilter} resource that does not exist is
 *       {@code EntityNotFoundException}; on one that does, it goes to the emulator, which keeps
 *       the grant like any other.
 * </ul>
 *
 * <p>Filters live as long as the object: make one per test, as the proxy.
 */
public final class DataCellsFilters {

    private static final String SERVICE = "lakeformation";

    private final GlueClient glue;
    private final String account;
    private final Map<List<String>, ObjectNode> filters = new LinkedHashMap<>();
    private long versions;

    /**
     * @param glue a Glue client of the emulator, to check that a filter's table exists
     * @param account the emulator's account, the catalog a filter is in when none is named
     */
    public DataCellsFilters(GlueClient glue, String account) {
        this.glue = glue;
        this.account = account;
    }

    /** Serves the data cells filter operations on {@code proxy}; returns this. */
    public DataCellsFilters installOn(AwsProxy proxy) {
        proxy.rule().service(SERVICE).operation("CreateDataCellsFilter").respondWith((r, u) -> create(r));
        proxy.rule().service(SERVICE).operation("GetDataCellsFilter").respondWith((r, u) -> get(r));
        proxy.rule().service(SERVICE).operation("UpdateDataCellsFilter").respondWith((r, u) -> update(r));
        proxy.rule().service(SERVICE).operation("DeleteDataCellsFilter").respondWith((r, u) -> delete(r));
        proxy.rule().service(SERVICE).operation("ListDataCellsFilter").respondWith((r, u) -> list(r));
        proxy.rule().service(SERVICE).operation("GrantPermissions")
                .when(request -> LakeFormationJson.body(request).path("Resource").has("DataCellsFilter"))
                .respondWith(this::grant);
        return this;
    }

    /** How many filters there are now. */
    public synchronized int size() {
        return filters.size();
    }

    private synchronized Reply create(ProxiedRequest request) {
        JsonNode data = LakeFormationJson.body(request).path("TableData");
        Reply invalid = invalid(request, data);
        if (invalid != null) {
            return invalid;
        }
        List<String> key = key(data);
        if (filters.containsKey(key)) {
            return Reply.error(request, 400, "AlreadyExistsException", "A data cells filter named " + key.get(3)
                    + " already exists on table " + key.get(1) + "." + key.get(2));
        }
        if (!tableExists(key)) {
            return Reply.error(request, 400, "EntityNotFoundException", "Table " + key.get(2) + " not found in "
                    + "database " + key.get(1));
        }
        filters.put(key, stored(data, key));
        return Reply.json(request, "{}");
    }

    private synchronized Reply get(ProxiedRequest request) {
        JsonNode body = LakeFormationJson.body(request);
        ObjectNode filter = filters.get(key(body));
        if (filter == null) {
            return notFound(request, key(body));
        }
        ObjectNode answer = LakeFormationJson.MAPPER.createObjectNode();
        answer.set("DataCellsFilter", filter.deepCopy());
        return Reply.json(request, LakeFormationJson.write(answer));
    }

    private synchronized Reply update(ProxiedRequest request) {
        JsonNode data = LakeFormationJson.body(request).path("TableData");
        Reply invalid = invalid(request, data);
        if (invalid != null) {
            return invalid;
        }
        List<String> key = key(data);
        if (!filters.containsKey(key)) {
            return notFound(request, key);
        }
        filters.put(key, stored(data, key));
        return Reply.json(request, "{}");
    }

    private synchronized Reply delete(ProxiedRequest request) {
        List<String> key = key(LakeFormationJson.body(request));
        if (filters.remove(key) == null) {
            return notFound(request, key);
        }
        return Reply.json(request, "{}");
    }

    private synchronized Reply list(ProxiedRequest request) {
        JsonNode body = LakeFormationJson.body(request);
        JsonNode table = body.path("Table");
        List<ObjectNode> matching = new ArrayList<>();
        for (Map.Entry<List<String>, ObjectNode> filter : filters.entrySet()) {
            List<String> key = filter.getKey();
            if (table.isMissingNode() || (key.get(0).equals(LakeFormationJson.text(table, "CatalogId", account))
                    && key.get(1).equals(LakeFormationJson.text(table, "DatabaseName", ""))
                    && key.get(2).equals(LakeFormationJson.text(table, "Name", "")))) {
                matching.add(filter.getValue());
            }
        }
        int from = Integer.parseInt(LakeFormationJson.text(body, "NextToken", "0"));
        int size = body.path("MaxResults").isInt() ? body.get("MaxResults").intValue() : 100;
        int to = Math.min(matching.size(), from + size);
        ObjectNode answer = LakeFormationJson.MAPPER.createObjectNode();
        ArrayNode page = answer.putArray("DataCellsFilters");
        matching.subList(Math.min(from, to), to).forEach(filter -> page.add(filter.deepCopy()));
        if (to < matching.size()) {
            answer.put("NextToken", Integer.toString(to));
        }
        return Reply.json(request, LakeFormationJson.write(answer));
    }

    private Reply grant(ProxiedRequest request, Upstream upstream) {
        JsonNode filter = LakeFormationJson.body(request).path("Resource").path("DataCellsFilter");
        List<String> key = List.of(LakeFormationJson.text(filter, "TableCatalogId", account),
                LakeFormationJson.text(filter, "DatabaseName", ""), LakeFormationJson.text(filter, "TableName", ""),
                LakeFormationJson.text(filter, "Name", ""));
        synchronized (this) {
            if (!filters.containsKey(key)) {
                return notFound(request, key);
            }
        }
        return upstream.send(request, request.body());
    }

    /** Why the filter in a create or update request is not one Lake Formation takes; null when it is. */
    private Reply invalid(ProxiedRequest request, JsonNode data) {
        if (!data.isObject()) {
            return Reply.error(request, 400, "InvalidInputException", "TableData is required");
        }
        for (String field : List.of("DatabaseName", "TableName", "Name")) {
            if (LakeFormationJson.text(data, field, "").isEmpty()) {
                return Reply.error(request, 400, "InvalidInputException", field + " is required");
            }
        }
        if (data.has("ColumnNames") == data.has("ColumnWildcard")) {
            return Reply.error(request, 400, "InvalidInputException",
                    "Specify either a ColumnNames list or the ColumnWildcard, not both or neither");
        }
        JsonNode rows = data.path("RowFilter");
        if (rows.has("FilterExpression") == rows.has("AllRowsWildcard")) {
            return Reply.error(request, 400, "InvalidInputException",
                    "A RowFilter needs either a FilterExpression or the AllRowsWildcard");
        }
        return null;
    }

    private ObjectNode stored(JsonNode data, List<String> key) {
        ObjectNode filter = data.deepCopy();
        filter.put("TableCatalogId", key.get(0));
        filter.put("VersionId", Long.toString(++versions));
        return filter;
    }

    private List<String> key(JsonNode node) {
        return List.of(LakeFormationJson.text(node, "TableCatalogId", account), LakeFormationJson.text(node, "DatabaseName", ""),
                LakeFormationJson.text(node, "TableName", ""), LakeFormationJson.text(node, "Name", ""));
    }

    private boolean tableExists(List<String> key) {
        try {
            glue.getTable(b -> b.catalogId(key.get(0)).databaseName(key.get(1)).name(key.get(2)));
            return true;
        } catch (EntityNotFoundException e) {
            return false;
        }
    }

    private static Reply notFound(ProxiedRequest request, List<String> key) {
        return Reply.error(request, 400, "EntityNotFoundException", "Data cells filter " + key.get(3) + " not found "
                + "on table " + key.get(1) + "." + key.get(2));
    }
}
