package dev.lakehouse.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Endpoint URLs are shown without the user name and password they may carry. */
class EndpointUrlsTest {

  @Test
  void anEndpointIsShownWithoutItsUserInfo() {
    assertThat(EndpointUrls.shown(URI.create("http://admin:SuperSecretPw123@127.0.0.1:42139")))
        .isEqualTo("http://***@127.0.0.1:42139");
    assertThat(EndpointUrls.shown(URI.create("https://token@proxy.example.com/aws/?a=b#c")))
        .isEqualTo("https://***@proxy.example.com/aws/?a=b#c");
    assertThat(EndpointUrls.shown(URI.create("http://a%40b:p%3Ass@localhost:4566")))
        .isEqualTo("http://***@localhost:4566");
  }

  @Test
  void aPasswordThatBreaksTheUrlIsHiddenAsWrittenOnceGiven() {
    EndpointUrls.given("http://admin:s3c/ret@127.0.0.1:46115");
    EndpointUrls.given("http://admin:my pass@h:1");
    EndpointUrls.given("https://sts.us-east-1.amazonaws.com/a@b");
    assertThat(EndpointUrls.redact("Cannot identify the AWS account (http://admin:s3c/ret@127.0.0.1:46115): host "
        + "must not be null")).isEqualTo("Cannot identify the AWS account (http://***@127.0.0.1:46115): host must not "
        + "be null");
    assertThat(EndpointUrls.redact("cannot convert 'http://admin:my pass@h:1' to URI"))
        .isEqualTo("cannot convert 'http://***@h:1' to URI");
    assertThat(EndpointUrls.redact("https://sts.us-east-1.amazonaws.com/a@b"))
        .as("a URL without user-info hides nothing").isEqualTo("https://sts.us-east-1.amazonaws.com/a@b");
  }

  @Test
  void aShortUserNameIsHiddenBeforeItsAtSignOnlyAndALongerOneWhereverItShows() {
    EndpointUrls.given("q7@127.0.0.1:4566");
    EndpointUrls.given("http://operator:hunter2xyz@127.0.0.1:4566 x");
    assertThat(EndpointUrls.redact("--endpoint-url: 'q7@127.0.0.1:4566' is not a URL; give the scheme (q7 "
        + "stays), and the password operator:hunter2xyz"))
        .isEqualTo("--endpoint-url: '***@127.0.0.1:4566' is not a URL; give the scheme (q7 stays), and the password ***");
  }

  @Test
  void anEndpointWithoutUserInfoIsShownAsGiven() {
    assertThat(EndpointUrls.shown(URI.create("http://127.0.0.1:4566"))).isEqualTo("http://127.0.0.1:4566");
    assertThat(EndpointUrls.shown(URI.create("https://sts.us-east-1.amazonaws.com/a@b")))
        .as("an @ in the path is not user-info").isEqualTo("https://sts.us-east-1.amazonaws.com/a@b");
  }

  @Test
  void everyUrlInAMessageLosesItsUserInfoAndNothingElseChanges() {
    assertThat(EndpointUrls.redact("Cannot identify the AWS account (http://admin:pw@127.0.0.1:1): Unable to "
        + "execute HTTP request: Connect to HTTPS://u:p@w@host:443/x failed; mail ops@example.com"))
        .isEqualTo("Cannot identify the AWS account (http://***@127.0.0.1:1): Unable to execute HTTP request: "
            + "Connect to HTTPS://***@host:443/x failed; mail ops@example.com");
    assertThat(EndpointUrls.redact("s3://bucket/key@1 and arn:aws:iam::1:user/a@b")).isEqualTo(
        "s3://bucket/key@1 and arn:aws:iam::1:user/a@b");
    assertThat(EndpointUrls.redact(null)).isNull();
  }
}
