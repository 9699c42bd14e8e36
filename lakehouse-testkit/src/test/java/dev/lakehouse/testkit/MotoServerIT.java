package dev.lakehouse.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.Bucket;

class MotoServerIT {

    @Test
    void startsAnswersResetsAndStops() throws IOException {
        MotoServer moto = MotoServer.start();
        int port = moto.port();
        try (TestClients aws = TestClients.of(moto)) {
            assertThat(moto.endpoint().toString()).isEqualTo("http://127.0.0.1:" + port);
            assertThat(aws.sts().getCallerIdentity().account()).isEqualTo(moto.accountId()).isEqualTo("123456789012");
            aws.s3().createBucket(bucket -> bucket.bucket("before-reset"));
            assertThat(aws.s3().listBuckets().buckets()).extracting(Bucket::name).containsExactly("before-reset");

            moto.reset();

            assertThat(aws.s3().listBuckets().buckets()).isEmpty();
        } finally {
            moto.close();
        }
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close()).isInstanceOf(IOException.class);
        try (ServerSocket rebound = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(rebound.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void loadsAwsManagedPolicies() {
        try (TestClients aws = TestClients.of(MotoServer.shared())) {
            String arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";

            assertThat(aws.iam().getPolicy(policy -> policy.policyArn(arn)).policy().arn()).isEqualTo(arn);
        }
    }

    @Test
    void countsTheProcessorTimeItsAnswersTake() {
        MotoServer moto = MotoServer.shared();
        try (TestClients aws = TestClients.of(moto)) {
            Duration before = moto.cpuTime();
            for (int i = 0; i < 50; i++) {
                aws.iam().listRoles();
            }
            assertThat(moto.cpuTime()).isGreaterThan(before).isGreaterThan(Duration.ZERO);
        }
    }

    @Test
    void sharesOneServerPerJvm() {
        assertThat(MotoServer.shared()).isSameAs(MotoServer.shared());
    }

    @Test
    void failsToStartWithAnInstallHintWhenMotoIsMissing() {
        String previous = System.getProperty(MotoServer.COMMAND_PROPERTY);
        System.setProperty(MotoServer.COMMAND_PROPERTY, "/nonexistent/moto_server");
        try {
            assertThat(MotoServer.isInstalled()).isFalse();
            assertThatThrownBy(MotoServer::start).hasMessage(
                    "Cannot start moto: cannot find the executable /nonexistent/moto_server (on the PATH, or as set by the "
                    + "system property lakehouse.testkit.moto-server). Install it with: pip install \"moto[server]\"");
        } finally {
            restore(previous);
        }
    }

    static void restore(String previousCommand) {
        if (previousCommand == null) {
            System.clearProperty(MotoServer.COMMAND_PROPERTY);
        } else {
            System.setProperty(MotoServer.COMMAND_PROPERTY, previousCommand);
        }
    }
}
