package dev.lakehouse.testkit.gaps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.testkit.proxy.AwsProxy;
import dev.lakehouse.testkit.proxy.ProxiedRequest;
import dev.lakehouse.testkit.proxy.Reply;
import dev.lakehouse.testkit.proxy.Upstream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;

/**
 * Lake Formation's refusal to grant on what the Glue catalog does not hold, which moto 5.2.1
 * lacks: it keeps a grant on any database or table named. As the Lake Formation API reference
 * has it, {@code GrantPermissions} on a {@code Database}, a {@code Table} (by name, or its
 * database's {@code TableWildcard}) or a {@code TableWithColumns} that does not exist is
 * {@code EntityNotFoundException}; on one that does, it goes to the emulator. The Glue calls go
 * straight to the emulator with the caller's access key and region, so they see the caller's account.
 */
public final class GrantTargets {

    private static final Pattern SCOPE = Pattern.compile("Credential=([^/,\\s]+)/\\d{8}/([^/]+)/");

    private final URI upstream;
    private final Map<List<String>, GlueClient> glue = new ConcurrentHashMap<>();

    private GrantTargets(URI upstream) {
        this.upstream = upstream;
    }

    /** Puts the gap filler in front of the proxy's upstream, a moto server. */
    public static GrantTargets install(AwsProxy proxy) {
        GrantTargets gap = new GrantTargets(proxy.target());
        proxy.serve(request -> "lakeformation".equals(request.service())
                && request.operation().equals("GrantPermissions") && gap.onCatalog(request), gap::grant);
        return gap;
    }

    private boolean onCatalog(ProxiedRequest request) {
        JsonNode resource = LakeFormationJson.body(request).path("Resource");
        return resource.has("Database") || resource.has("Table") || resource.has("TableWithColumns");
    }

    private Reply grant(ProxiedRequest request, Upstream emulator) {
        JsonNode resource = LakeFormationJson.body(request).path("Resource");
        JsonNode target = resource.has("Database") ? resource.path("Database")
                : resource.has("Table") ? resource.path("Table") : resource.path("TableWithColumns");
        String database = resource.has("Database") ? target.path("Name").asText("")
                : target.path("DatabaseName").asText("");
        String table = resource.has("Database") || target.has("TableWildcard") ? null : target.path("Name").asText("");
        GlueClient client = client(request);
        try {
            if (table == null) {
                client.getDatabase(b -> b.name(database));
            } else {
                client.getTable(b -> b.databaseName(database).name(table));
            }
        } catch (EntityNotFoundException e) {
            return Reply.jsonError(400, "EntityNotFoundException", table == null
                    ? "Database " + database + " not found"
                    : "Table " + table + " not found in database " + database);
        }
        return emulator.send(request, request.body());
    }

    private GlueClient client(ProxiedRequest request) {
        Matcher scope = SCOPE.matcher(request.header("Authorization").orElse(""));
        List<String> caller = scope.find() ? List.of(scope.group(1), scope.group(2)) : List.of("testing", "us-east-1");
        return glue.computeIfAbsent(caller, c -> GlueClient.builder()
                .endpointOverride(upstream)
                .region(Region.of(c.get(1)))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(c.get(0), "emulated")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build());
    }
}
