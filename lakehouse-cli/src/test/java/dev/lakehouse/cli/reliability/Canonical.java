package dev.lakehouse.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.cli.Cli;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.TestClients;
import dev.lakehouse.testkit.proxy.AwsProxy;
import dev.lakehouse.testkit.proxy.ProxiedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The canonical stack's dev environment as the reliability tests apply it and check it. */
final class Canonical {
  private static final Pattern READ = Pattern.compile("(Get|List|Describe|Head|Search|BatchGet|Lookup|Select).*");

  private Canonical() {}

  static String[] args(String command, AwsProxy aws, String... extra) {
    List<String> args = new ArrayList<>(List.of(command, "-f", Cli.CANONICAL.toString(), "--env", "dev",
        "--endpoint-url", aws.endpoint().toString()));
    if (!command.equals("plan")) {
      args.add("--auto-approve");
    }
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  /** Whether the request may change state (as the proxy's recording counts it). */
  static boolean mutating(ProxiedRequest request) {
    return request.service().equals("s3")
        ? !request.method().equals("GET") && !request.method().equals("HEAD")
        : !READ.matcher(request.operation()).matches();
  }

  /** Applies again with no fault, checks it converged, and that the account holds the stack exactly once. */
  static void assertConvergesToTheStack(AwsProxy aws, Emulator emulator) {
    aws.clearRules();
    Cli.Result again = Cli.exec(args("apply", aws));
    assertThat(again.exitCode()).as(again.toString()).isZero();
    Cli.Result plan = Cli.exec(args("plan", aws, "--detailed-exitcode"));
    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    try (TestClients read = TestClients.of(emulator)) {
      String account = emulator.accountId();
      assertThat(Inventory.of(read).kinds()).isEqualTo(Map.of(
          "usable kms keys", List.of("key"),
          "kms aliases", List.of("alias/acme-lakehouse-dev"),
          "buckets", List.of("acme-dev-athena-results-" + account, "acme-dev-curated-" + account,
              "acme-dev-processed-" + account, "acme-dev-raw-" + account),
          "glue databases", List.of("acme_dev_curated", "acme_dev_processed", "acme_dev_raw"),
          "athena workgroups", List.of("acme-dev", "acme-dev-adhoc")));
    }
  }
}
