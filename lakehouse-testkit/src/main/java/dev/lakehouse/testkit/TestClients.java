package dev.lakehouse.testkit;

import dev.lakehouse.testkit.proxy.AwsProxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lakeformation.LakeFormationClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Plain SDK clients, built apart from the tool's own client factory, with which tests read back
 * what the tool made. Each client is created on first use and closed by {@link #close()}.
 *
 * <p>Clients use the URLConnection HTTP client, the emulator's fixed credentials and S3 path-style
 * addressing. Built {@linkplain #of(Emulator) for moto}, the CloudWatch client goes through an
 * {@link AwsProxy} this object starts, because moto does not speak the SDK's CBOR protocol for
 * CloudWatch.
 */
public final class TestClients implements AutoCloseable {

    private final URI endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final boolean cloudWatchNeedsTranslation;
    private final ClientOverrideConfiguration overrides;
    private final List<AutoCloseable> opened = new ArrayList<>();

    private S3Client s3;
    private KmsClient kms;
    private GlueClient glue;
    private AthenaClient athena;
    private IamClient iam;
    private LakeFormationClient lakeFormation;
    private CloudWatchClient cloudWatch;
    private SnsClient sns;
    private StsClient sts;

    private TestClients(URI endpoint, Region region, AwsCredentialsProvider credentials, boolean moto,
            ClientOverrideConfiguration overrides) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
        this.cloudWatchNeedsTranslation = moto;
        this.overrides = overrides;
    }

    /** Clients for {@code emulator}. */
    public static TestClients of(Emulator emulator) {
        return new TestClients(emulator.endpoint(), Region.of(emulator.region()), emulator.credentials(),
                emulator.name().equals("moto"), ClientOverrideConfiguration.builder().build());
    }

    /** Clients for any endpoint serving every service, e.g. an {@link AwsProxy}. */
    public static TestClients of(URI endpoint, String region, AwsCredentialsProvider credentials) {
        return new TestClients(endpoint, Region.of(region), credentials, false,
                ClientOverrideConfiguration.builder().build());
    }

    /**
     * New clients for the same endpoint with {@code configuration}, e.g. a retry strategy with short
     * back-off for tests that inject faults. This object's clients are not affected.
     */
    public TestClients withOverrideConfiguration(ClientOverrideConfiguration configuration) {
        return new TestClients(endpoint, region, credentials, cloudWatchNeedsTranslation, configuration);
    }

    public synchronized S3Client s3() {
        if (s3 == null) {
            s3 = open(() -> configure(S3Client.builder().forcePathStyle(true), endpoint).build());
        }
        return s3;
    }

    public synchronized KmsClient kms() {
        if (kms == null) {
            kms = open(() -> configure(KmsClient.builder(), endpoint).build());
        }
        return kms;
    }

    public synchronized GlueClient glue() {
        if (glue == null) {
            glue = open(() -> configure(GlueClient.builder(), endpoint).build());
        }
        return glue;
    }

    public synchronized AthenaClient athena() {
        if (athena == null) {
            athena = open(() -> configure(AthenaClient.builder(), endpoint).build());
        }
        return athena;
    }

    public synchronized IamClient iam() {
        if (iam == null) {
            iam = open(() -> configure(IamClient.builder(), endpoint).build());
        }
        return iam;
    }

    public synchronized LakeFormationClient lakeFormation() {
        if (lakeFormation == null) {
            lakeFormation = open(() -> configure(LakeFormationClient.builder(), endpoint).build());
        }
        return lakeFormation;
    }

    public synchronized CloudWatchClient cloudWatch() {
        if (cloudWatch == null) {
            URI cloudWatchEndpoint = endpoint;
            if (cloudWatchNeedsTranslation) {
                AwsProxy proxy = open(() -> AwsProxy.start(endpoint));
                cloudWatchEndpoint = proxy.endpoint();
            }
            URI chosen = cloudWatchEndpoint;
            cloudWatch = open(() -> configure(CloudWatchClient.builder(), chosen).build());
        }
        return cloudWatch;
    }

    public synchronized SnsClient sns() {
        if (sns == null) {
            sns = open(() -> configure(SnsClient.builder(), endpoint).build());
        }
        return sns;
    }

    public synchronized StsClient sts() {
        if (sts == null) {
            sts = open(() -> configure(StsClient.builder(), endpoint).build());
        }
        return sts;
    }

    /** Closes every client opened so far, and the CloudWatch proxy if one was started. */
    @Override
    public synchronized void close() {
        RuntimeException failure = null;
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("Cannot close every test client", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        opened.clear();
        if (failure != null) {
            throw failure;
        }
    }

    private <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configure(B builder, URI clientEndpoint) {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder());
        return builder.endpointOverride(clientEndpoint)
                .overrideConfiguration(overrides)
                .region(region)
                .credentialsProvider(credentials);
    }

    private <T extends AutoCloseable> T open(Supplier<T> factory) {
        T resource = factory.get();
        opened.add(resource);
        return resource;
    }
}
