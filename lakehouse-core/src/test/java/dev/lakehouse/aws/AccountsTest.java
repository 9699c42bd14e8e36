package dev.lakehouse.aws;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who the credentials belong to, and what a refusal of them says to do. */
class AccountsTest {
  private static final String INVALID = """
      <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
        <Error>
          <Type>Sender</Type>
          <Code>InvalidClientTokenId</Code>
          <Message>The security token included in the request is invalid.</Message>
        </Error>
        <RequestId>R1</RequestId>
      </ErrorResponse>
      """;

  private HttpServer sts;

  @BeforeEach
  void startSts() throws IOException {
    sts = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    sts.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      byte[] body = INVALID.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/xml");
      exchange.sendResponseHeaders(403, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    sts.start();
    System.setProperty("aws.accessKeyId", "AKIDCOMMERCIAL");
    System.setProperty("aws.secretAccessKey", "commercial-secret");
  }

  @AfterEach
  void stopSts() {
    sts.stop(0);
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @Test
  void credentialsRefusedInARegionNameTheRegionAndItsPartition() {
    URI endpoint = URI.create("http://127.0.0.1:" + sts.getAddress().getPort());
    AwsClients aws = new AwsClients(new AwsSettings(null, "cn-north-1", endpoint), new CallRecorder(), Map.of());

    assertThatThrownBy(() -> Accounts.callerAccount(aws))
        .isInstanceOf(AwsFailure.class)
        .hasMessageContaining("STS GetCallerIdentity failed: InvalidClientTokenId: The security token included in "
            + "the request is invalid. (the credentials are not valid in region cn-north-1, of partition aws-cn, nor "
            + "are those of an account of another partition: check the region too; 'aws sts get-caller-identity "
            + "--region cn-north-1' shows which are in use, --profile chooses others, and --endpoint-url must be "
            + "unset for AWS itself)");
  }
}
