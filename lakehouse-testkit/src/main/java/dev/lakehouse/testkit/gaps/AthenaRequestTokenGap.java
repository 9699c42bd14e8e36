package dev.lakehouse.testkit.gaps;

import dev.lakehouse.testkit.proxy.AwsProxy;
import dev.lakehouse.testkit.proxy.ProxiedRequest;
import dev.lakehouse.testkit.proxy.Reply;
import dev.lakehouse.testkit.proxy.Upstream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Athena's {@code ClientRequestToken} on {@code StartQueryExecution}, which moto 5.2.1 ignores: a
 * start sent again with the token of an earlier one (the SDK's retry of a start whose answer was
 * lost, or a caller asking whether its start went through) is answered with the query execution
 * that token started, as Athena documents, rather than starting a second. Tokens are forgotten
 * when moto is reset through the proxy.
 */
public final class AthenaRequestTokenGap {
    /** The query execution each token started. */
    private final Map<String, String> started = new ConcurrentHashMap<>();

    private AthenaRequestTokenGap() {
    }

    /** Puts the gap filler in front of the proxy's upstream. */
    public static void install(AwsProxy proxy) {
        AthenaRequestTokenGap gap = new AthenaRequestTokenGap();
        proxy.observe(request -> {
            if (request.isMotoReset()) {
                gap.started.clear();
            }
        });
        proxy.serve(request -> request.is("athena", "StartQueryExecution") && token(request) != null, gap::start);
    }

    private Reply start(ProxiedRequest request, Upstream upstream) {
        String token = token(request);
        synchronized (started) {
            String earlier = started.get(token);
            if (earlier != null) {
                return Reply.json(200, "{\"QueryExecutionId\":\"" + earlier + "\"}");
            }
            Reply reply = upstream.send(request, request.body());
            if (reply.status() == 200) {
                started.put(token, LakeFormationJson.text(LakeFormationJson.parse(reply.bodyAsString()),
                        "QueryExecutionId", ""));
            }
            return reply;
        }
    }

    private static String token(ProxiedRequest request) {
        return LakeFormationJson.text(LakeFormationJson.body(request), "ClientRequestToken", null);
    }
}
