package dev.lakehouse.testkit.gaps;

import dev.lakehouse.testkit.proxy.AwsProxy;
import dev.lakehouse.testkit.proxy.ProxiedRequest;
import java.util.Set;

/**
 * S3's conditional writes, which moto 5.2.1 checks and then carries out in two steps without a
 * lock: it serves {@code PutObject} with {@code If-None-Match: *} or {@code If-Match} and
 * {@code DeleteObject} with {@code If-Match} (412 {@code PreconditionFailed} when the condition
 * does not hold, 404 {@code NoSuchKey} for an {@code If-Match} on a missing key), but of two
 * racing creates of one key both may succeed, where S3 lets exactly one win. The proxy forwards
 * the conditional writes of one object one at a time, so that moto's check and write are atomic
 * with respect to each other, as in S3. Unconditional writes pass as they are: S3 orders them
 * with the others in no particular way either.
 */
public final class S3ConditionalWriteGap {

    private static final Set<String> WRITES = Set.of("PUT", "POST", "DELETE");

    private S3ConditionalWriteGap() {
    }

    /** Puts the gap filler in front of the proxy's upstream. */
    public static void install(AwsProxy proxy) {
        proxy.serialize(S3ConditionalWriteGap::isConditionalObjectWrite, ProxiedRequest::path);
    }

    private static boolean isConditionalObjectWrite(ProxiedRequest request) {
        if (!"s3".equals(request.service()) || !WRITES.contains(request.method())) {
            return false;
        }
        String path = request.path().startsWith("/") ? request.path().substring(1) : request.path();
        int slash = path.indexOf('/');
        boolean objectLevel = slash > 0 && slash < path.length() - 1;
        return objectLevel && (request.header("If-None-Match").isPresent() || request.header("If-Match").isPresent());
    }
}
