package dev.lakehouse.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which profile a command's clients read: --profile, else AWS_PROFILE where the endpoint is one of its own. */
class AwsSettingsTest {
  private static final URI ENDPOINT = URI.create("http://localhost:4566");

  @Test
  void withAnEndpointTheProfileAwsProfileNamesIsReadAsProfileIsSoThatItsRoleIsAssumedThere() {
    assertThat(AwsSettings.of(null, "us-east-1", ENDPOINT, Map.of("AWS_PROFILE", "deployer")))
        .isEqualTo(new AwsSettings("deployer", "us-east-1", ENDPOINT));
  }

  @Test
  void theSdksChainIsLeftAsItIsWhereItWouldNotReadAwsProfileFirstOrCallsAwsItself() {
    Map<String, String> profileAndKeys = Map.of("AWS_PROFILE", "deployer", "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
    Map<String, String> profileAndWebIdentity = Map.of("AWS_PROFILE", "deployer",
        "AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/token");

    assertThat(AwsSettings.of(null, "us-east-1", ENDPOINT, profileAndKeys).profile()).isNull();
    assertThat(AwsSettings.of(null, "us-east-1", ENDPOINT, profileAndWebIdentity).profile()).isNull();
    assertThat(AwsSettings.of(null, "us-east-1", null, Map.of("AWS_PROFILE", "deployer")).profile()).isNull();
    assertThat(AwsSettings.of(null, "us-east-1", ENDPOINT, Map.of("AWS_PROFILE", " ")).profile()).isNull();
    assertThat(AwsSettings.of("named", "us-east-1", ENDPOINT, Map.of("AWS_PROFILE", "deployer")).profile())
        .isEqualTo("named");
  }
}
