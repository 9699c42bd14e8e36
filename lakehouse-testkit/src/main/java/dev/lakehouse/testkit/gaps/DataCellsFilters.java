package dev.lakehouse.testkit.gaps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.testkit.proxy.AwsProxy;
import dev.lakehouse.testkit.proxy.ProxiedRequest;
import dev.lakehouse.testkit.proxy.Reply;
import dev.lakehouse.testkit.proxy.Upstream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
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
 * <p>Filters go when moto is reset through the proxy. The Glue calls go straight to the emulator
 * with the caller's access key and region, so they see the caller's account.
 */
public final class DataCellsFilters {

    private static final Pattern SCOPE = Pattern.compile("Credential=([^/,\\s]+)/\\d{8}/([^/]+)/");

    private final URI upstream;
    private final String account;
    private final Map<List<String>, ObjectNode> filters = new LinkedHashMap<>();
    private final Map<List<String>, GlueClient> glue = new ConcurrentHashMap<>();
    private long versions;

    private DataCellsFilters(URI upstream, String account) {
        this.upstream = upstream;
        this.account = account;
    }

    /** Puts the gap filler in front of the proxy's upstream, a moto server. */
    public static DataCellsFilters install(AwsProxy proxy) {
        DataCellsFilters gap = new DataCellsFilters(proxy.target(), LakeFormationJson.MOTO_ACCOUNT);
        proxy.observe(gap::forgetOnReset);
        Map<String, Function<ProxiedRequest, Reply>> operations = Map.of(
                "CreateDataCellsFilter", gap::create,
                "GetDataCellsFilter", gap::get,
                "UpdateDataCellsFilter", gap::update,
                "DeleteDataCellsFilter", gap::delete,
                "ListDataCellsFilter", gap::list);
        proxy.serve(request -> isLakeFormation(request) && operations.containsKey(request.operation()),
                request -> operations.get(request.operation()).apply(request));
        proxy.serve(request -> isLakeFormation(request) && request.operation().equals("GrantPermissions")
                && LakeFormationJson.body(request).path("Resource").has("DataCellsFilter"), gap::grant);
        return gap;
    }

    private static boolean isLakeFormation(ProxiedRequest request) {
        return "lakeformation".equals(request.service());
    }

    private synchronized void forgetOnReset(ProxiedRequest request) {
        if (request.isMotoReset()) {
            filters.clear();
        }
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
            return Reply.jsonError(400, "AlreadyExistsException", "A data cells filter named " + key.get(3)
                    + " already exists on table " + key.get(1) + "." + key.get(2));
        }
        if (!tableExists(request, key)) {
            return Reply.jsonError(400, "EntityNotFoundException", "Table " + key.get(2) + " not found in "
                    + "database " + key.get(1));
        }
        filters.put(key, stored(data, key));
        return Reply.json(200, "{}");
    }

    private synchronized Reply get(ProxiedRequest request) {
        JsonNode body = LakeFormationJson.body(request);
        ObjectNode filter = filters.get(key(body));
        if (filter == null) {
            return notFound(key(body));
        }
        ObjectNode answer = LakeFormationJson.MAPPER.createObjectNode();
        answer.set("DataCellsFilter", filter.deepCopy());
        return Reply.json(200, LakeFormationJson.write(answer));
    }

    private synchronized Reply update(ProxiedRequest request) {
        JsonNode data = LakeFormationJson.body(request).path("TableData");
        Reply invalid = invalid(request, data);
        if (invalid != null) {
            return invalid;
        }
        List<String> key = key(data);
        if (!filters.containsKey(key)) {
            return notFound(key);
        }
        filters.put(key, stored(data, key));
        return Reply.json(200, "{}");
    }

    private synchronized Reply delete(ProxiedRequest request) {
        List<String> key = key(LakeFormationJson.body(request));
        if (filters.remove(key) == null) {
            return notFound(key);
        }
        return Reply.json(200, "{}");
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
        return Reply.json(200, LakeFormationJson.write(answer));
    }

    private Reply grant(ProxiedRequest request, Upstream upstream) {
        JsonNode filter = LakeFormationJson.body(request).path("Resource").path("DataCellsFilter");
        List<String> key = List.of(LakeFormationJson.text(filter, "TableCatalogId", account),
                LakeFormationJson.text(filter, "DatabaseName", ""), LakeFormationJson.text(filter, "TableName", ""),
                LakeFormationJson.text(filter, "Name", ""));
        synchronized (this) {
            if (!filters.containsKey(key)) {
                return notFound(key);
            }
        }
        return upstream.send(request, request.body());
    }

    /** Why the filter in a create or update request is not one Lake Formation takes; null when it is. */
    private Reply invalid(ProxiedRequest request, JsonNode data) {
        if (!data.isObject()) {
            return Reply.jsonError(400, "InvalidInputException", "TableData is required");
        }
        for (String field : List.of("DatabaseName", "TableName", "Name")) {
            if (LakeFormationJson.text(data, field, "").isEmpty()) {
                return Reply.jsonError(400, "InvalidInputException", field + " is required");
            }
        }
        if (data.has("ColumnNames") == data.has("ColumnWildcard")) {
            return Reply.jsonError(400, "InvalidInputException",
                    "Specify either a ColumnNames list or the ColumnWildcard, not both or neither");
        }
        JsonNode rows = data.path("RowFilter");
        if (rows.has("FilterExpression") == rows.has("AllRowsWildcard")) {
            return Reply.jsonError(400, "InvalidInputException",
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

    private boolean tableExists(ProxiedRequest request, List<String> key) {
        Matcher scope = SCOPE.matcher(request.header("Authorization").orElse(""));
        List<String> caller = scope.find() ? List.of(scope.group(1), scope.group(2)) : List.of("testing", "us-east-1");
        GlueClient client = glue.computeIfAbsent(caller, c -> GlueClient.builder()
                .endpointOverride(upstream)
                .region(Region.of(c.get(1)))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(c.get(0), "emulated")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build());
        try {
            client.getTable(b -> b.catalogId(key.get(0)).databaseName(key.get(1)).name(key.get(2)));
            return true;
        } catch (EntityNotFoundException e) {
            return false;
        }
    }

    private static Reply notFound(List<String> key) {
        return Reply.jsonError(400, "EntityNotFoundException", "Data cells filter " + key.get(3) + " not found "
                + "on table " + key.get(1) + "." + key.get(2));
    }
}
