package dev.lakehouse.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.cli.Cli;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import dev.lakehouse.testkit.Ports;
import dev.lakehouse.testkit.gaps.MotoGaps;
import dev.lakehouse.testkit.proxy.AwsProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability: with credentials in the environment and in a profile, and a password in the
 * endpoint URL, no output of any command at any verbosity, errors, logs and {@code --json}
 * included, holds a secret key, a session token or that password.
 */
class SecretsIT {
  private static final String ENV_SECRET = "EnvSecretKey/DoNotPrint+0123456789abcdefGHIJ";
  private static final String ENV_TOKEN = "EnvSessionToken//DoNotPrint//FwoGZXIvYXdzEJr";
  private static final String PROFILE_SECRET = "ProfileSecretKey/DoNotPrint+9876543210zyxw";
  private static final String PROFILE_TOKEN = "ProfileSessionToken//DoNotPrint//IQoJb3JpZ2lu";
  private static final String ENDPOINT_PASSWORD = "EndpointPassword-DoNotPrint-0123456789";

  @EmulatorTest(motoOnly = true, reason = "runs child processes against the shared moto; LocalStack adds nothing")
  void noCommandPrintsASecretKeyOrASessionToken(Emulator emulator, @TempDir Path dir) throws Exception {
    Path credentials = dir.resolve("credentials");
    Files.writeString(credentials, "[lakehouse-ci]\naws_access_key_id = AKIAPROFILEKEY\naws_secret_access_key = "
        + PROFILE_SECRET + "\naws_session_token = " + PROFILE_TOKEN + "\n");
    Path config = dir.resolve("config");
    Files.writeString(config, "[profile lakehouse-ci]\nregion = us-east-1\n");
    Path plan = dir.resolve("dev.plan");
    String dead = "http://127.0.0.1:" + Ports.freeLoopbackPort();
    try (AwsProxy aws = MotoGaps.proxy(emulator)) {
      aws.rule().service("s3").operation("PutBucketPolicy").times(1)
          .respondError(403, "AccessDenied", "User is not authorized to perform: s3:PutBucketPolicy");
      String endpoint = aws.endpoint().toString();
      String withPassword = endpoint.replace("://", "://admin:" + ENDPOINT_PASSWORD + "@");
      String deadWithPassword = dead.replace("://", "://admin:" + ENDPOINT_PASSWORD + "@");
      ChildCli cli = new ChildCli(dir).env("AWS_SECRET_ACCESS_KEY", ENV_SECRET).env("AWS_SESSION_TOKEN", ENV_TOKEN)
          .env("AWS_SHARED_CREDENTIALS_FILE", credentials.toString()).env("AWS_CONFIG_FILE", config.toString());
      String file = Cli.CANONICAL.toString();
      List<ChildCli.Run> runs = new ArrayList<>();
      for (String[] args : List.of(
          new String[] {"validate", "-f", file, "--env", "dev", "-v", "-v"},
          new String[] {"plan", "-f", file, "--env", "dev", "--endpoint-url", endpoint, "-v", "-v"},
          new String[] {"plan", "-f", file, "--env", "dev", "--endpoint-url", endpoint, "--json", "-v", "-v"},
          new String[] {"plan", "-f", file, "--env", "dev", "--endpoint-url", endpoint, "--out", plan.toString()},
          new String[] {"apply", "-f", file, "--env", "dev", "--endpoint-url", endpoint, "--auto-approve", "-v", "-v"},
          new String[] {"apply", "-f", file, "--env", "dev", "--endpoint-url", endpoint, "--auto-approve", "--json"},
          new String[] {"plan", "-f", file, "--env", "dev", "--endpoint-url", endpoint, "--profile", "lakehouse-ci",
              "-v", "-v"},
          new String[] {"plan", "-f", file, "--env", "dev", "--endpoint-url", endpoint, "--profile", "nobody", "-v"},
          new String[] {"plan", "-f", file, "--env", "dev", "--endpoint-url", dead, "-v", "-v"},
          new String[] {"destroy", "-f", file, "--env", "dev", "--endpoint-url", endpoint, "-v", "-v"},
          new String[] {"apply", plan.toString(), "--endpoint-url", endpoint, "-v", "-v", "--json"},
          new String[] {"plan", "-f", file, "--env", "dev", "--endpoint-url", withPassword, "-v", "-v"},
          new String[] {"plan", "-f", file, "--env", "dev", "--endpoint-url", deadWithPassword, "-v", "-v"})) {
        runs.add(cli.run(args));
      }
      assertThat(runs).extracting(ChildCli.Run::exitCode).containsExactly(0, 0, 0, 0, 1, 0, 0, 1, 1, 1, 1, 0, 1);
      String everything = String.join("\n", runs.stream().map(ChildCli.Run::toString).toList())
          + Files.readString(plan);
      assertThat(everything).contains("Cannot create s3_bucket.", "Cannot identify the AWS account",
          "the plan is stale", "\tat ", "(" + withPassword.replaceFirst("//[^@]*@", "//***@") + ")");
      for (String secret : List.of(ENV_SECRET, ENV_TOKEN, PROFILE_SECRET, PROFILE_TOKEN, ENDPOINT_PASSWORD)) {
        assertThat(everything).doesNotContain(secret);
        assertThat(everything).doesNotContain(secret.substring(0, 20));
      }
    }
  }
}
