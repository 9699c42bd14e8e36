package dev.lakehouse.testkit.proxy;

/** The emulator behind a proxy, as a gap filler {@linkplain AwsProxy#serve(java.util.function.Predicate, java.util.function.BiFunction) serving} requests may call it. */
@FunctionalInterface
public interface Upstream {

    /**
     * Sends {@code request} to the emulator with {@code body} in place of its own (same method,
     * target and header fields) and returns the emulator's response. Not recorded by the proxy.
     */
    Reply send(ProxiedRequest request, byte[] body);
}
