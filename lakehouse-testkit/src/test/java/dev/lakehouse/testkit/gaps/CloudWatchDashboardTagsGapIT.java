package dev.lakehouse.testkit.gaps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.testkit.MotoServer;
import dev.lakehouse.testkit.TestClients;
import dev.lakehouse.testkit.proxy.AwsProxy;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatch.model.Tag;

/** Dashboards take tags through the gap filler, as on AWS; alarms keep theirs in moto. */
class CloudWatchDashboardTagsGapIT {
  private static final String BODY = "{\"widgets\":[]}";

  private final MotoServer moto = MotoServer.shared();
  private AwsProxy proxy;
  private TestClients aws;
  private CloudWatchClient cloudWatch;

  @BeforeEach
  void start() {
    moto.reset();
    proxy = AwsProxy.start(moto);
    CloudWatchDashboardTagsGap.install(proxy);
    aws = TestClients.of(proxy.endpoint(), moto.region(), moto.credentials());
    cloudWatch = aws.cloudWatch();
  }

  @AfterEach
  void stop() {
    aws.close();
    proxy.close();
  }

  private String arn(String name) {
    return "arn:aws:cloudwatch::" + moto.accountId() + ":dashboard/" + name;
  }

  private List<Tag> tags(String name) {
    return cloudWatch.listTagsForResource(b -> b.resourceARN(arn(name))).tags();
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }

  @Test
  void aDashboardKeepsItsTagsWhenItsBodyIsPutAgainAndLosesThemWithIt() {
    cloudWatch.putDashboard(b -> b.dashboardName("ops").dashboardBody(BODY));
    assertThat(tags("ops")).isEmpty();

    cloudWatch.tagResource(b -> b.resourceARN(arn("ops")).tags(tag("team", "data"), tag("env", "dev")));
    cloudWatch.putDashboard(b -> b.dashboardName("ops").dashboardBody(BODY));
    cloudWatch.untagResource(b -> b.resourceARN(arn("ops")).tagKeys("env"));

    assertThat(tags("ops")).containsExactly(tag("team", "data"));
    cloudWatch.deleteDashboards(b -> b.dashboardNames("ops"));
    cloudWatch.putDashboard(b -> b.dashboardName("ops").dashboardBody(BODY));
    assertThat(tags("ops")).isEmpty();
  }

  @Test
  void aDashboardThatDoesNotExistIsNotFound() {
    assertThatThrownBy(() -> tags("missing")).isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> cloudWatch.tagResource(b -> b.resourceARN(arn("missing")).tags(tag("a", "b"))))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void aResetThroughTheProxyForgetsThem() throws Exception {
    cloudWatch.putDashboard(b -> b.dashboardName("ops").dashboardBody(BODY));
    cloudWatch.tagResource(b -> b.resourceARN(arn("ops")).tags(tag("team", "data")));

    HttpResponse<String> reset = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        proxy.endpoint().resolve("/moto-api/reset")).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(reset.statusCode()).isEqualTo(200);

    assertThatThrownBy(() -> tags("ops")).isInstanceOf(ResourceNotFoundException.class);
  }
}
