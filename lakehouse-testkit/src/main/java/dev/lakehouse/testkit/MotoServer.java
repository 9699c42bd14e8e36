package dev.lakehouse.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A moto server ({@code moto_server}, the Python AWS emulator) run as a child process on a free
 * loopback port, for integration tests.
 *
 * <p>The server runs with {@code MOTO_IAM_LOAD_MANAGED_POLICIES=true}, so AWS managed policies such
 * as {@code arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess} exist and can be attached, and with
 * {@code AWS_DEFAULT_REGION=us-east-1}. Its output goes to {@code target/moto/moto-<port>.log}.
 *
 * <p>The executable is {@code moto_server} from the {@code PATH}, or the path given by the system
 * property {@value #COMMAND_PROPERTY}. Install it with {@value #INSTALL_HINT}.
 *
 * <p>Things to know about moto 5.2.1 when writing tests against it:
 * <ul>
 *   <li>It does not serve the Smithy RPC v2 CBOR protocol that the SDK's CloudWatch client speaks;
 *       put a {@link dev.lakehouse.testkit.proxy.AwsProxy} in front of it for CloudWatch.
 *   <li>Athena queries are not run: {@code GetQueryExecution} reports {@code SUCCEEDED} at once and
 *       results are empty. Script other states with
 *       {@link dev.lakehouse.testkit.proxy.AthenaQueryScript}. moto 5.2.1 lacks {@code BatchGetQueryExecution} and
 *       {@code UpdateWorkGroup} ({@link dev.lakehouse.testkit.gaps.AthenaWorkGroupUpdateGap} serves the latter).
 *   <li>An action moto does not implement is answered {@code 500} with an HTML page, which the SDK
 *       reports as a service error without a code.
 *   <li>Because it loads the managed policies, each {@link #reset()} takes most of a second, and
 *       the first IAM or STS call after it about as long again.
 *   <li>It answers every request with {@code Connection: close}.
 * </ul>
 */
public final class MotoServer implements Emulator, AutoCloseable {

    /** System property naming the moto server executable, when it is not {@code moto_server}. */
    public static final String COMMAND_PROPERTY = "lakehouse.testkit.moto-server";

    /** How to install moto's server, for messages to whoever runs the tests. */
    public static final String INSTALL_HINT = "pip install \"moto[server]\"";

    private static final String ACCOUNT_ID = "123456789012";
    private static final String REGION = "us-east-1";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final int START_ATTEMPTS = 3;
    private static final int LOG_TAIL_LINES = 30;

    private static MotoServer shared;

    private final Process process;
    private final int port;
    private final Path log;
    private final Thread shutdownHook;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private MotoServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.shutdownHook = new Thread(this::stopProcess, "moto-server-" + port + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Whether the moto server executable can be found, so {@link #start()} can work. */
    public static boolean isInstalled() {
        return resolveCommand() != null;
    }

    /**
     * Starts a new moto server and waits until it answers.
     *
     * @throws IllegalStateException if moto is not installed, or the server exits or does not answer
     *     within a minute; the message carries the end of the server's log
     */
    public static MotoServer start() {
        Path command = resolveCommand();
        if (command == null) {
            throw new IllegalStateException("Cannot start moto: " + notInstalled());
        }
        IllegalStateException lastFailure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = Ports.freeLoopbackPort();
            try {
                return launch(command, port);
            } catch (PortTakenException e) {
                // Another process took the port between our probe and moto's bind; pick another.
                lastFailure = e;
            }
        }
        throw lastFailure;
    }

    /**
     * The moto server shared by every test in this JVM, started on first use and stopped when the
     * JVM exits. Tests sharing it call {@link #reset()} before they run; they must not close it.
     */
    public static synchronized MotoServer shared() {
        if (shared == null || !shared.process.isAlive()) {
            shared = start();
        }
        return shared;
    }

    @Override
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public String region() {
        return REGION;
    }

    @Override
    public String accountId() {
        return ACCOUNT_ID;
    }

    @Override
    public AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    }

    @Override
    public String name() {
        return "moto";
    }

    /** The port the server listens on, on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The file the server's output goes to. */
    public Path logFile() {
        return log;
    }

    /**
     * The processor time the server has used so far, its process and any it started (moto
     * answers in threads of one Python process); zero where the system does not say.
     */
    public Duration cpuTime() {
        ProcessHandle handle = process.toHandle();
        return Stream.concat(Stream.of(handle), handle.descendants())
                .map(running -> running.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }

    /** Drops all state of all services through moto's {@code POST /moto-api/reset}. */
    @Override
    public void reset() {
        HttpRequest request = HttpRequest.newBuilder(endpoint().resolve("/moto-api/reset"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(30))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Cannot reset moto (" + endpoint() + "): HTTP "
                        + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot reset moto (" + endpoint() + "): " + e.getMessage()
                    + logTail(log), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while resetting moto (" + endpoint() + ")", e);
        }
    }

    /** Stops the server and waits until it has exited. */
    @Override
    public void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and runs the hook itself.
        }
    }

    private static MotoServer launch(Path command, int port) {
        Path log = Path.of("target", "moto", "moto-" + port + ".log").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(
                command.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
        builder.environment().put("AWS_DEFAULT_REGION", REGION);
        // Keep a developer's real AWS identity out of the emulator's process.
        builder.environment().put("AWS_ACCESS_KEY_ID", "testing");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
        builder.environment().remove("AWS_SESSION_TOKEN");
        builder.environment().remove("AWS_PROFILE");
        Process process;
        try {
            Files.createDirectories(log.getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command + ": " + e.getMessage(), e);
        }
        MotoServer server = new MotoServer(process, port, log);
        try {
            server.awaitAnswering();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void awaitAnswering() {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        HttpRequest probe = HttpRequest.newBuilder(endpoint().resolve("/moto-api/config"))
                .timeout(Duration.ofSeconds(2))
                .build();
        try {
            while (true) {
                if (!process.isAlive()) {
                    String tail = logTail(log);
                    String message = "Cannot start moto on 127.0.0.1:" + port + ": the server exited with code "
                            + process.exitValue() + tail;
                    throw tail.contains("Address already in use")
                            ? new PortTakenException(message)
                            : new IllegalStateException(message);
                }
                try {
                    http.send(probe, HttpResponse.BodyHandlers.discarding());
                    return;
                } catch (IOException notYetListening) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("Cannot start moto on 127.0.0.1:" + port
                                + ": no answer within " + STARTUP_TIMEOUT.toSeconds() + "s" + logTail(log));
                    }
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for moto to start on 127.0.0.1:" + port, e);
        }
    }

    private void stopProcess() {
        // The PATH entry may be a wrapper (pyenv shim, venv launcher) that forks the interpreter.
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Why moto cannot start when it is not installed, and how to fix that. */
    static String notInstalled() {
        return "cannot find the executable " + commandName() + " (on the PATH, or as set by the system property "
                + COMMAND_PROPERTY + "). Install it with: " + INSTALL_HINT;
    }

    private static String commandName() {
        return System.getProperty(COMMAND_PROPERTY, "moto_server");
    }

    private static Path resolveCommand() {
        String name = commandName();
        if (name.contains(File.separator)) {
            Path path = Path.of(name);
            return Files.isExecutable(path) ? path : null;
        }
        String searchPath = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(searchPath.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
    }

    private static String logTail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
            return "\nLast lines of " + log + ":\n" + String.join("\n", tail);
        } catch (IOException e) {
            return "\n(no log at " + log + ": " + e.getMessage() + ")";
        }
    }

    /** The server could not bind its port because another process took it first. */
    private static final class PortTakenException extends IllegalStateException {
        PortTakenException(String message) {
            super(message);
        }
    }
}
