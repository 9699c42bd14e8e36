package dev.lakehouse.testkit.gaps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.testkit.proxy.AwsProxy;
import dev.lakehouse.testkit.proxy.ProxiedRequest;
import dev.lakehouse.testkit.proxy.Reply;
import dev.lakehouse.testkit.proxy.Upstream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * {@code ListPermissions} asked about a table or a data cells filter, which moto 5.2.1 gets wrong:
 * asked about a {@code Table} it leaves out the {@code TableWithColumns} entries (and answers 500
 * when the database holds a table-wildcard grant), and asked about a {@code DataCellsFilter} it
 * answers {@code InvalidInputException}. Lake Formation's API reference says that asked about a
 * table, {@code ListPermissions} "returns the table and the table w columns" (it does not take a
 * {@code TableWithColumns} resource), and, with {@code IncludeRelated}, the table's data cells
 * filters too.
 *
 * <p>Installed on an {@link AwsProxy}, this answers such a request from the emulator's unfiltered
 * listing: the entries of the principal, when one is named, on the table (named, or the table
 * wildcard), on its columns (and, with {@code IncludeRelated}, on its filters), or on the filter
 * asked about. Catalog ids compare with an absent one read as moto's account. The answer is one
 * page. Requests about databases, locations or the whole catalog go to the emulator unchanged.
 */
public final class TablePermissionListing {

    private final String account;

    private TablePermissionListing(String account) {
        this.account = account;
    }

    /** Puts the gap filler in front of the proxy's upstream, a moto server. */
    public static TablePermissionListing install(AwsProxy proxy) {
        TablePermissionListing gap = new TablePermissionListing(LakeFormationJson.MOTO_ACCOUNT);
        proxy.serve(request -> {
            if (!"lakeformation".equals(request.service()) || !request.operation().equals("ListPermissions")) {
                return false;
            }
            JsonNode resource = LakeFormationJson.body(request).path("Resource");
            return resource.has("Table") || resource.has("DataCellsFilter");
        }, gap::list);
        return gap;
    }

    private Reply list(ProxiedRequest request, Upstream upstream) {
        JsonNode body = LakeFormationJson.body(request);
        ObjectNode everything = LakeFormationJson.MAPPER.createObjectNode();
        if (body.has("CatalogId")) {
            everything.set("CatalogId", body.get("CatalogId"));
        }
        Reply all = upstream.send(request, LakeFormationJson.write(everything).getBytes(StandardCharsets.UTF_8));
        if (all.status() != 200) {
            return all;
        }
        String principal = body.path("Principal").path("DataLakePrincipalIdentifier").asText(null);
        JsonNode asked = body.path("Resource");
        boolean related = "TRUE".equalsIgnoreCase(LakeFormationJson.text(body, "IncludeRelated", "FALSE"));
        ObjectNode answer = LakeFormationJson.MAPPER.createObjectNode();
        ArrayNode entries = answer.putArray("PrincipalResourcePermissions");
        for (JsonNode entry : LakeFormationJson.parse(all.bodyAsString()).path("PrincipalResourcePermissions")) {
            boolean hisOwn = principal == null
                    || principal.equals(entry.path("Principal").path("DataLakePrincipalIdentifier").asText(null));
            if (hisOwn && matches(asked, entry.path("Resource"), related)) {
                entries.add(entry);
            }
        }
        return Reply.json(200, LakeFormationJson.write(answer));
    }

    private boolean matches(JsonNode asked, JsonNode resource, boolean related) {
        if (asked.has("DataCellsFilter")) {
            JsonNode filter = asked.get("DataCellsFilter");
            JsonNode listed = resource.path("DataCellsFilter");
            return listed.isObject() && sameTable(filter, "TableCatalogId", "TableName", listed, "TableCatalogId", "TableName")
                    && Objects.equals(filter.path("Name").asText(null), listed.path("Name").asText(null));
        }
        JsonNode table = asked.get("Table");
        if (table.has("TableWildcard")) {
            JsonNode listed = resource.path("Table");
            return listed.has("TableWildcard") && sameCatalog(table.path("CatalogId"), listed.path("CatalogId"))
                    && table.path("DatabaseName").equals(listed.path("DatabaseName"));
        }
        return (resource.has("Table") && sameTable(table, "CatalogId", "Name", resource.get("Table"), "CatalogId", "Name"))
                || (resource.has("TableWithColumns")
                    && sameTable(table, "CatalogId", "Name", resource.get("TableWithColumns"), "CatalogId", "Name"))
                || (related && resource.has("DataCellsFilter")
                    && sameTable(table, "CatalogId", "Name", resource.get("DataCellsFilter"), "TableCatalogId", "TableName"));
    }

    private boolean sameTable(JsonNode asked, String askedCatalog, String askedName, JsonNode listed, String listedCatalog,
            String listedName) {
        return sameCatalog(asked.path(askedCatalog), listed.path(listedCatalog))
                && asked.path("DatabaseName").equals(listed.path("DatabaseName"))
                && listed.path(listedName).isTextual() && asked.path(askedName).equals(listed.path(listedName));
    }

    private boolean sameCatalog(JsonNode asked, JsonNode listed) {
        return asked.asText(account).equals(listed.asText(account));
    }
}
