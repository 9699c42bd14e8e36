package dev.lakehouse.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * LocalStack in a container started by Testcontainers, for integration tests on machines with a
 * Docker engine. Check {@link #isDockerAvailable()} before {@link #start()}.
 *
 * <p>The community image serves S3, KMS, IAM, STS, SNS and CloudWatch; Glue, Athena and Lake
 * Formation are LocalStack Pro services and need {@code LOCALSTACK_AUTH_TOKEN} and the Pro image.
 * {@link #reset()} uses LocalStack's {@code POST /_localstack/state/reset}.
 */
public final class LocalStackEmulator implements Emulator, AutoCloseable {

    /** The LocalStack image the tests run against. */
    public static final String IMAGE = "localstack/localstack:4.4";

    private static Boolean dockerAvailable;
    private static LocalStackEmulator shared;

    private final LocalStackContainer container;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private LocalStackEmulator(LocalStackContainer container) {
        this.container = container;
    }

    /** Whether Testcontainers finds a Docker engine; asked once per JVM because the probe is slow. */
    public static synchronized boolean isDockerAvailable() {
        if (dockerAvailable == null) {
            dockerAvailable = DockerClientFactory.instance().isDockerAvailable();
        }
        return dockerAvailable;
    }

    /** Starts a new LocalStack container and waits until it reports ready. */
    public static LocalStackEmulator start() {
        if (!isDockerAvailable()) {
            throw new IllegalStateException("Cannot start LocalStack: no Docker engine is available");
        }
        LocalStackContainer container = new LocalStackContainer(IMAGE);
        container.start();
        return new LocalStackEmulator(container);
    }

    /**
     * The LocalStack container shared by every test in this JVM, started on first use; Testcontainers
     * removes it when the JVM exits. Tests sharing it call {@link #reset()} and must not close it.
     */
    public static synchronized LocalStackEmulator shared() {
        if (shared == null || !shared.container.isRunning()) {
            shared = start();
        }
        return shared;
    }

    @Override
    public URI endpoint() {
        return container.getEndpoint();
    }

    @Override
    public String region() {
        return container.getRegion();
    }

    @Override
    public String accountId() {
        return "000000000000";
    }

    @Override
    public AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(container.getAccessKey(), container.getSecretKey()));
    }

    @Override
    public String name() {
        return "localstack";
    }

    @Override
    public void reset() {
        HttpRequest request = HttpRequest.newBuilder(endpoint().resolve("/_localstack/state/reset"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(60))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("Cannot reset LocalStack (" + endpoint() + "): HTTP "
                        + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot reset LocalStack (" + endpoint() + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while resetting LocalStack (" + endpoint() + ")", e);
        }
    }

    /** Stops and removes the container. */
    @Override
    public void close() {
        container.stop();
    }
}
