package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.testkit.Ports;
import org.junit.jupiter.api.Test;

/** A password in --endpoint-url is never printed: the endpoint is shown as http://***@HOST:PORT. */
class EndpointSecretsTest {
  private static final String PASSWORD = "SuperSecretPw123";

  @Test
  void anUnreachableEndpointIsNamedWithoutItsPassword() {
    int port = Ports.freeLoopbackPort();
    String endpoint = "http://admin:" + PASSWORD + "@127.0.0.1:" + port;
    // With -v: the message, then the stack trace with the SDK's exceptions and their messages.
    Cli.Result plan = Cli.exec("plan", "-f", Cli.CANONICAL.toString(), "--env", "dev", "--endpoint-url", endpoint,
        "-v");

    assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(1);
    assertThat(plan.stderr()).startsWith("Error: Cannot identify the AWS account (http://***@127.0.0.1:" + port
        + "): STS GetCallerIdentity failed: cannot reach the AWS endpoint (").contains("\tat ", "SdkClientException");
    assertThat(plan.stdout()).doesNotContain(PASSWORD);
    assertThat(plan.stderr()).doesNotContain(PASSWORD);
  }

  @Test
  void aBadEndpointInTheCommandLineIsQuotedWithoutItsPassword() {
    Cli.Result plan = Cli.exec("plan", "--endpoint-url", "http://admin:" + PASSWORD + "@127.0.0.1:1/%zz");
    assertThat(plan.exitCode()).isEqualTo(1);
    assertThat(plan.stderr()).startsWith("Error: Invalid value for option '--endpoint-url': ")
        .contains("http://***@127.0.0.1:1/%zz").doesNotContain(PASSWORD);
    assertThat(plan.calls().calls()).isEmpty();
  }

  @Test
  void anEndpointWithoutSchemeOrWithoutItsSlashesIsQuotedWithoutItsPassword() {
    for (String endpoint : new String[] {"admin:" + PASSWORD + "@127.0.0.1:4566",
        "http:/admin:" + PASSWORD + "@127.0.0.1:4566", "http:admin:" + PASSWORD + "@127.0.0.1:4566"}) {
      Cli.Result plan = Cli.exec("plan", "-f", Cli.CANONICAL.toString(), "--env", "dev", "--endpoint-url", endpoint);
      assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(1);
      assertThat(plan.stderr()).as(endpoint)
          .startsWith("Error: Invalid value for option '--endpoint-url': '")
          .contains("***@127.0.0.1:4566' is not an http or https URL with a host")
          .doesNotContain(PASSWORD);
      assertThat(plan.stdout()).doesNotContain(PASSWORD);
      assertThat(plan.calls().calls()).isEmpty();
    }
  }

  @Test
  void anEndpointVariableThatIsNoUrlIsRefusedBeforeAnyAwsCallAndWithoutItsPassword() {
    Cli.Result plan = new Cli().variable("AWS_ENDPOINT_URL", "localhost:4566")
        .run("plan", "-f", Cli.CANONICAL.toString(), "--env", "dev");
    assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(1);
    assertThat(plan.stderr()).isEqualTo("Error: Cannot call AWS: AWS_ENDPOINT_URL is 'localhost:4566', not an http or "
        + "https URL with a host, such as http://127.0.0.1:4566 (a password in it must be URL-encoded); correct or "
        + "unset it, or pass --endpoint-url\n");
    assertThat(plan.calls().calls()).isEmpty();

    Cli.Result maintain = new Cli().variable("AWS_ENDPOINT_URL_S3", "admin:" + PASSWORD + "@127.0.0.1:4566")
        .run("maintain", "-f", Cli.CANONICAL.toString(), "--env", "dev", "--dry-run");
    assertThat(maintain.exitCode()).as(maintain.toString()).isEqualTo(1);
    assertThat(maintain.stderr()).startsWith("Error: Cannot call AWS: AWS_ENDPOINT_URL_S3 is '")
        .contains("***@127.0.0.1:4566', not an http or https URL").doesNotContain(PASSWORD);
    assertThat(maintain.calls().calls()).isEmpty();
  }

  @Test
  void anEndpointVariableSetButEmptyIsRefusedBeforeAnyAwsCall() {
    Cli.Result plan = new Cli().variable("AWS_ENDPOINT_URL", "http://127.0.0.1:4566")
        .variable("AWS_ENDPOINT_URL_STS", "").run("plan", "-f", Cli.CANONICAL.toString(), "--env", "dev");
    assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(1);
    assertThat(plan.stderr()).isEqualTo("Error: Cannot call AWS: AWS_ENDPOINT_URL_STS is set but empty, which the AWS "
        + "SDK takes as an endpoint, not as unset; unset it (unset AWS_ENDPOINT_URL_STS), give it an endpoint URL, or "
        + "pass --endpoint-url\n");
    assertThat(plan.calls().calls()).isEmpty();

    Cli.Result snapshots = new Cli().variable("AWS_ENDPOINT_URL", " ")
        .run("snapshots", "processed.customer_events", "-f", Cli.CANONICAL.toString(), "--env", "dev");
    assertThat(snapshots.stderr()).as(snapshots.toString())
        .startsWith("Error: Cannot call AWS: AWS_ENDPOINT_URL is set but empty");
    assertThat(snapshots.calls().calls()).isEmpty();
  }

  @Test
  void aPasswordThatBreaksTheUrlIsNeverPrintedAndTheEndpointIsAUsageError() {
    for (String endpoint : new String[] {"http://admin:s3c/" + PASSWORD + "@127.0.0.1:1",
        "http://admin:my " + PASSWORD + "@h:1", "http://admin:" + PASSWORD + "@127.0.0.1:notaport"}) {
      Cli.Result plan = Cli.exec("plan", "-f", Cli.CANONICAL.toString(), "--env", "dev", "--endpoint-url", endpoint);
      assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(1);
      assertThat(plan.stderr()).startsWith("Error: Invalid value for option '--endpoint-url': '")
          .contains("' is not an http or https URL with a host, such as http://127.0.0.1:4566 (a password in it must "
              + "be URL-encoded)")
          .doesNotContain(PASSWORD);
      assertThat(plan.stdout()).doesNotContain(PASSWORD);
      assertThat(plan.calls().calls()).isEmpty();
    }
  }
}
