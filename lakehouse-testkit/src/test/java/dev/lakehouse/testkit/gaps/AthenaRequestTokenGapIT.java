package dev.lakehouse.testkit.gaps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.testkit.MotoServer;
import dev.lakehouse.testkit.TestClients;
import dev.lakehouse.testkit.proxy.AwsProxy;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.athena.AthenaClient;

/** A StartQueryExecution sent again with its ClientRequestToken gets the execution the token started. */
class AthenaRequestTokenGapIT {
  private final MotoServer moto = MotoServer.shared();
  private AwsProxy proxy;
  private TestClients aws;
  private AthenaClient athena;

  @BeforeEach
  void start() {
    moto.reset();
    proxy = AwsProxy.start(moto);
    AthenaRequestTokenGap.install(proxy);
    aws = TestClients.of(proxy.endpoint(), moto.region(), moto.credentials());
    athena = aws.athena();
    athena.createWorkGroup(b -> b.name("wg").configuration(c -> c
        .resultConfiguration(r -> r.outputLocation("s3://results/wg/"))));
  }

  @AfterEach
  void stop() {
    aws.close();
    proxy.close();
  }

  private String start(String token) {
    return athena.startQueryExecution(b -> b.queryString("VACUUM db.t").workGroup("wg").clientRequestToken(token))
        .queryExecutionId();
  }

  @Test
  void aTokenSentAgainStartsNoSecondExecution() {
    String first = start("token-0000000000000000000000000001");

    assertThat(start("token-0000000000000000000000000001")).isEqualTo(first);
    assertThat(start("token-0000000000000000000000000002")).isNotEqualTo(first);
    assertThat(athena.listQueryExecutions(b -> b.workGroup("wg")).queryExecutionIds()).hasSize(2);
  }

  @Test
  void aResetForgetsTheTokens() throws Exception {
    String first = start("token-0000000000000000000000000001");
    HttpClient.newHttpClient().send(HttpRequest.newBuilder(proxy.endpoint().resolve("/moto-api/reset"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    athena.createWorkGroup(b -> b.name("wg").configuration(c -> c
        .resultConfiguration(r -> r.outputLocation("s3://results/wg/"))));

    assertThat(start("token-0000000000000000000000000001")).isNotEqualTo(first);
  }
}
