package dev.lakehouse.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.profiles.ProfileFile;

/** A role profile (role_arn, source_profile) with one endpoint for every service assumes its role there. */
class ProfileCredentialsTest {
  private static final String CONFIG = """
      [profile base]
      region = eu-west-1
      aws_access_key_id = AKIDBASE
      aws_secret_access_key = base-secret

      [profile deployer]
      role_arn = arn:aws:iam::123456789012:role/lakehouse-deployer
      source_profile = base
      role_session_name = nightly
      external_id = acme
      """;

  private static final String ASSUMED = """
      <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
        <AssumeRoleResult>
          <Credentials>
            <AccessKeyId>ASIADEPLOYER</AccessKeyId>
            <SecretAccessKey>deployer-secret</SecretAccessKey>
            <SessionToken>deployer-token</SessionToken>
            <Expiration>2099-01-01T00:00:00Z</Expiration>
          </Credentials>
          <AssumedRoleUser>
            <Arn>arn:aws:sts::123456789012:assumed-role/lakehouse-deployer/nightly</Arn>
            <AssumedRoleId>AROADEPLOYER:nightly</AssumedRoleId>
          </AssumedRoleUser>
        </AssumeRoleResult>
        <ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>
      </AssumeRoleResponse>
      """;

  private final List<String> requests = new CopyOnWriteArrayList<>();
  private HttpServer sts;

  @BeforeEach
  void startSts() throws IOException {
    sts = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    sts.createContext("/", exchange -> {
      requests.add(exchange.getRequestHeaders().getFirst("Authorization") + "\n"
          + URLDecoder.decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
              StandardCharsets.UTF_8));
      byte[] body = ASSUMED.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/xml");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    sts.start();
  }

  @AfterEach
  void stopSts() {
    sts.stop(0);
  }

  @Test
  void aRoleProfileAssumesItsRoleAtTheEndpointGivenWithTheSourceProfilesCredentials() {
    URI endpoint = URI.create("http://127.0.0.1:" + sts.getAddress().getPort());

    AwsCredentials credentials = ProfileCredentials.of("deployer", "us-east-1", endpoint, profiles())
        .resolveCredentials();

    assertThat(credentials.accessKeyId()).isEqualTo("ASIADEPLOYER");
    assertThat(((AwsSessionCredentials) credentials).sessionToken()).isEqualTo("deployer-token");
    assertThat(requests).singleElement().satisfies(request -> assertThat(request)
        .contains("Credential=AKIDBASE/", "Action=AssumeRole",
            "RoleArn=arn:aws:iam::123456789012:role/lakehouse-deployer", "RoleSessionName=nightly", "ExternalId=acme"));
  }

  @Test
  void aProfileWithKeysIsReadAsTheSdkReadsIt() {
    URI endpoint = URI.create("http://127.0.0.1:" + sts.getAddress().getPort());

    assertThat(ProfileCredentials.of("base", "us-east-1", endpoint, profiles()).resolveCredentials().accessKeyId())
        .isEqualTo("AKIDBASE");
    assertThat(requests).isEmpty();
  }

  private static ProfileFile profiles() {
    return ProfileFile.builder().type(ProfileFile.Type.CONFIGURATION)
        .content(new ByteArrayInputStream(CONFIG.getBytes(StandardCharsets.UTF_8))).build();
  }
}
