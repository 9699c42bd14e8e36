package dev.lakehouse.testkit.proxy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An upstream for proxy tests that answers each request with its own body and describes the request
 * in {@code X-Echo-*} headers. {@code /chunked} answers with a chunked body, {@code /until-close}
 * with a body ended by closing the connection, and HEAD with a length but no body.
 */
final class EchoUpstream implements AutoCloseable {

    private final ServerSocket server;
    private final List<HttpWire.Request> received = new CopyOnWriteArrayList<>();

    EchoUpstream() {
        try {
            server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "echo-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    List<HttpWire.Request> received() {
        return received;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread handler = new Thread(() -> answer(socket), "echo-upstream-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void answer(Socket socket) {
        try (socket) {
            HttpWire.Request request = HttpWire.readRequest(new BufferedInputStream(socket.getInputStream()),
                    OutputStream.nullOutputStream());
            received.add(request);
            OutputStream out = socket.getOutputStream();
            String head = "HTTP/1.1 200 OK\r\n"
                    + "X-Echo-Method: " + request.method() + "\r\n"
                    + "X-Echo-Target: " + request.target() + "\r\n"
                    + "X-Echo-Host: " + request.headers().first("Host").orElse("") + "\r\n"
                    + "X-Echo-Content-Length: " + request.headers().first("Content-Length").orElse("none") + "\r\n";
            if (request.method().equals("HEAD")) {
                write(out, head + "Content-Length: 4242\r\n\r\n", new byte[0]);
            } else if (request.path().equals("/chunked")) {
                write(out, head + "Transfer-Encoding: chunked\r\n\r\n",
                        "5\r\nhello\r\n7\r\n chunks\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } else if (request.path().equals("/until-close")) {
                write(out, head + "\r\n", request.body());
            } else {
                write(out, head + "Content-Length: " + request.body().length + "\r\n\r\n", request.body());
            }
        } catch (IOException e) {
            // The proxy under test went away mid-exchange; the test that caused it asserts on that.
        }
    }

    private static void write(OutputStream out, String head, byte[] body) throws IOException {
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }
}
