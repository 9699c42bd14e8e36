package dev.lakehouse.testkit.gaps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.testkit.proxy.AwsProxy;
import dev.lakehouse.testkit.proxy.ProxiedRequest;
import dev.lakehouse.testkit.proxy.Reply;
import dev.lakehouse.testkit.proxy.Upstream;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Athena's {@code ListPreparedStatements} and {@code DeletePreparedStatement}, which moto 5.2.1
 * lacks (it makes and reads prepared statements, but neither lists nor deletes them), as Athena
 * documents them: the statements of one workgroup, by name, one page. The proxy keeps the names of
 * the statements moto made ({@code CreatePreparedStatement} answered 200), and forgets a
 * workgroup's when it is deleted and all of them when moto is reset through the proxy.
 */
public final class AthenaPreparedStatementsGap {
    /** Each workgroup's prepared statements, by name. */
    private final Map<String, Set<String>> statements = new ConcurrentHashMap<>();

    private AthenaPreparedStatementsGap() {
    }

    /** Puts the gap filler in front of the proxy's upstream. */
    public static void install(AwsProxy proxy) {
        AthenaPreparedStatementsGap gap = new AthenaPreparedStatementsGap();
        proxy.observe(gap::forget);
        proxy.serve(request -> request.is("athena", "CreatePreparedStatement"), gap::create);
        proxy.serve(request -> request.is("athena", "DeletePreparedStatement"), gap::delete);
        proxy.serve(request -> request.is("athena", "ListPreparedStatements"), gap::list);
    }


    private void forget(ProxiedRequest request) {
        if (request.isMotoReset()) {
            statements.clear();
        } else if (request.is("athena", "DeleteWorkGroup")) {
            statements.remove(LakeFormationJson.text(LakeFormationJson.body(request), "WorkGroup", ""));
        }
    }

    private Reply create(ProxiedRequest request, Upstream moto) {
        Reply made = moto.send(request, request.body());
        if (made.status() == 200) {
            JsonNode body = LakeFormationJson.body(request);
            statements.computeIfAbsent(LakeFormationJson.text(body, "WorkGroup", ""),
                w -> new ConcurrentSkipListSet<>()).add(LakeFormationJson.text(body, "StatementName", ""));
        }
        return made;
    }

    private Reply delete(ProxiedRequest request) {
        JsonNode body = LakeFormationJson.body(request);
        Set<String> names = statements.get(LakeFormationJson.text(body, "WorkGroup", ""));
        if (names == null || !names.remove(LakeFormationJson.text(body, "StatementName", ""))) {
            return Reply.jsonError(400, "ResourceNotFoundException", "Prepared statement not found");
        }
        return Reply.json(200, "{}");
    }

    private Reply list(ProxiedRequest request) {
        String workgroup = LakeFormationJson.text(LakeFormationJson.body(request), "WorkGroup", "");
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        ArrayNode page = response.putArray("PreparedStatements");
        statements.getOrDefault(workgroup, Set.of()).forEach(name -> page.addObject().put("StatementName", name)
            .put("LastModifiedTime", System.currentTimeMillis() / 1000.0));
        return Reply.json(200, LakeFormationJson.write(response));
    }
}
