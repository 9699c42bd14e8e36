package dev.lakehouse.testkit.proxy;

import java.time.Instant;
import java.util.List;

/**
 * One request that reached {@link AwsProxy}, with how it was answered: a line in the proxy's
 * recording, for tests that assert which AWS calls the tool made.
 *
 * @param service the SDK client's service name, e.g. {@code glue}; see {@link ProxiedRequest#service()}
 * @param operation the API operation, e.g. {@code CreateTable}; see {@link ProxiedRequest#operation()}
 * @param method the HTTP method
 * @param path the request path without the query string
 * @param status the HTTP status returned to the client, {@code 0} if the proxy reset the connection
 *     instead, {@code 502} if the upstream could not be reached
 * @param timestamp when the proxy received the request
 */
public record RecordedRequest(String service, String operation, String method, String path, int status,
        Instant timestamp) {

    private static final List<String> READ_PREFIXES =
            List.of("Get", "List", "Describe", "Head", "Search", "BatchGet", "Lookup", "Select");

    /**
     * Whether the request may change state. For S3 and for REST requests whose operation is not
     * known, that is any method but GET and HEAD; otherwise any operation not named like a read
     * (Get, List, Describe, Head, Search, BatchGet, Lookup, Select).
     */
    public boolean isMutating() {
        if (service.equals("s3") || operation.contains(" ")) {
            return !method.equals("GET") && !method.equals("HEAD");
        }
        return READ_PREFIXES.stream().noneMatch(operation::startsWith);
    }
}
