package dev.lakehouse.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds TCP ports on the loopback interface for servers that tests start. */
public final class Ports {

    private Ports() {
    }

    /**
     * Returns a port that was free on 127.0.0.1 a moment ago. Another process may take it before
     * the caller binds it, so callers that hand the port to a child process retry on a clash.
     */
    public static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on 127.0.0.1", e);
        }
    }
}
