package dev.lakehouse.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.profiles.ProfileFile;

/** IAM Identity Center (SSO) profiles load: the SDK's SSO modules are there, and a user without a session is told to sign in. */
class SsoProfilesTest {
  private static final String CONFIG = """
      [profile data-dev]
      sso_session = corp
      sso_account_id = 111122223333
      sso_role_name = DataEngineer
      region = us-east-1

      [sso-session corp]
      sso_start_url = https://lakehouse-test-no-such-org.awsapps.com/start
      sso_region = us-east-1
      """;

  @Test
  void anSsoProfileWithoutASessionAsksToSignIn() {
    ProfileFile file = ProfileFile.builder().type(ProfileFile.Type.CONFIGURATION)
        .content(new ByteArrayInputStream(CONFIG.getBytes(StandardCharsets.UTF_8))).build();
    ProfileCredentialsProvider provider = ProfileCredentialsProvider.builder()
        .profileFile(file).profileName("data-dev").build();

    SdkClientException failure = catchThrowableOfType(SdkClientException.class, provider::resolveCredentials);

    assertThat(failure.getMessage()).doesNotContain("class path", "classpath");
    assertThat(AwsErrors.reason(failure)).isEqualTo("the AWS SSO session has expired or was never started; sign in "
        + "with aws sso login --profile NAME and run the command again");
  }
}
