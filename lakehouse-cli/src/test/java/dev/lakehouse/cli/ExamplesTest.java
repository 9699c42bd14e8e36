package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lakehouse.aws.CallRecorder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every stack under examples/ is valid for each environment it declares, as users will first run it. */
class ExamplesTest {
  private static final Path EXAMPLES = Path.of("..", "examples");

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
      assertThat(yaml).extracting(p -> p.getFileName().toString()).contains("lakehouse.yaml", "minimal.yaml");
      return yaml.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void validatesForEveryEnvironment(Path example) throws IOException {
    List<String> envs = environments(example);
    for (String env : envs.isEmpty() ? List.of("") : envs) {
      Cli.Result result = env.isEmpty() ? Cli.exec("validate", "-f", example.toString())
          : Cli.exec("validate", "-f", example.toString(), "--env", env);
      assertThat(result.exitCode()).as(example + " --env " + env + "\n" + result).isZero();
      assertThat(result.stdout()).startsWith(example + " is valid for ");
      assertThat(result.calls().calls()).as("validate makes no AWS call").isEmpty();
    }
  }

  @Test
  void theGitHubActionsWorkflowPlansOnPullRequestsAndAppliesOnMain() throws IOException {
    Path workflow = EXAMPLES.resolve("github-actions/lakehouse.yml");
    JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(workflow.toFile());
    JsonNode plan = document.path("jobs").path("plan");
    JsonNode apply = document.path("jobs").path("apply");
    for (JsonNode job : List.of(plan, apply)) {
      assertThat(permissions(document, job).path("id-token").asText()).isEqualTo("write");
    }
    assertThat(permissions(document, plan).path("pull-requests").asText()).isEqualTo("write");
    List<String> granted = new ArrayList<>();
    permissions(document, plan).fieldNames().forEachRemaining(granted::add);
    assertThat(granted).as("the plan job's token: its role's session, the checkout, the pull request's comments")
        .containsExactlyInAnyOrder("id-token", "contents", "pull-requests");
    assertThat(permissions(document, apply).path("pull-requests").asText())
        .as("the token of the jobs that apply with the deploy roles may not write to pull requests").isNotEqualTo("write");
    assertThat(plan.path("if").asText()).contains("pull_request");
    assertThat(apply.path("if").asText()).contains("refs/heads/main");
    assertThat(apply.path("environment").asText()).isEqualTo("${{ matrix.env }}");
    for (JsonNode job : List.of(plan, apply)) {
      assertThat(job.path("strategy").path("matrix").path("include").findValuesAsText("env"))
          .containsExactly("dev", "staging", "prod");
      assertThat(job.path("steps").findValuesAsText("uses")).contains("aws-actions/configure-aws-credentials@v4");
    }
    assertThat(plan.path("steps").findValuesAsText("run")).anyMatch(run -> run.contains("--detailed-exitcode"));
    assertThat(document.path("env").path("LAKEHOUSE_CDS").asText())
        .as("a cache of classes made on a runner is lost with it, and each command would pay for making one")
        .isEqualTo("off");
  }

  @Test
  void everyLakehouseCommandTheWorkflowRunsTakesThoseOptions() throws IOException {
    String workflow = Files.readString(EXAMPLES.resolve("github-actions/lakehouse.yml"));
    CommandLine root = CommandLineFactory.create(new Environment(Map.of(), Terminal.NONE, false, new CallRecorder(), false),
        new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    Matcher line = Pattern.compile("(?m)^\\s+(?:run: )?lakehouse (\\w+)([^|\\n]*)").matcher(workflow);
    int commands = 0;
    while (line.find()) {
      commands++;
      CommandLine command = root.getSubcommands().get(line.group(1));
      assertThat(command).as("lakehouse " + line.group(1)).isNotNull();
      Matcher option = Pattern.compile("(--[a-z-]+)").matcher(line.group(2));
      while (option.find()) {
        assertThat(command.getCommandSpec().findOption(option.group(1)))
            .as("lakehouse " + line.group(1) + " " + option.group(1)).isNotNull();
      }
    }
    assertThat(commands).isGreaterThanOrEqualTo(4);
  }

  @Test
  void eachJobInstallsOnlyTheArchiveOfTheChecksumItIsGiven(@TempDir Path dir) throws Exception {
    JsonNode jobs = new ObjectMapper(new YAMLFactory()).readTree(EXAMPLES.resolve("github-actions/lakehouse.yml").toFile())
        .path("jobs");
    // An archive as the release's, and a curl that serves it whatever the URL.
    Path release = Files.createDirectories(dir.resolve("release/lakehouse-0.1.0/bin"));
    Files.writeString(release.resolve("lakehouse"), "#!/bin/sh\n");
    Path archive = dir.resolve("lakehouse-0.1.0.tar.gz");
    assertThat(new ProcessBuilder("tar", "-czf", archive.toString(), "-C", dir.resolve("release").toString(),
        "lakehouse-0.1.0").start().waitFor()).isZero();
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path curl = Files.writeString(bin.resolve("curl"), "#!/bin/sh\ncp " + archive + " lakehouse.tar.gz\n");
    assertThat(curl.toFile().setExecutable(true)).isTrue();
    Process sum = new ProcessBuilder("sha256sum", archive.toString()).start();
    String sha256 = new String(sum.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split(" ")[0];
    assertThat(sum.waitFor()).isZero();
    int runs = 0;
    for (String job : List.of("plan", "apply")) {
      String install = "";
      for (JsonNode step : jobs.path(job).path("steps")) {
        if (step.path("name").asText().equals("Install lakehouse")) {
          install = step.path("run").asText();
        }
      }
      for (String checksum : List.of(sha256, "0".repeat(64), "")) {
        Path work = Files.createDirectories(dir.resolve("run-" + runs++));
        Path temp = Files.createDirectories(work.resolve("runner-temp"));
        ProcessBuilder run = new ProcessBuilder("bash", "-e", "-c", install).directory(work.toFile())
            .redirectErrorStream(true).redirectOutput(work.resolve("log").toFile());
        run.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        run.environment().put("LAKEHOUSE_VERSION", "0.1.0");
        run.environment().put("LAKEHOUSE_DOWNLOAD_URL", "https://releases.example.com/lakehouse/");
        run.environment().put("LAKEHOUSE_SHA256", checksum);
        run.environment().put("RUNNER_TEMP", temp.toString());
        run.environment().put("GITHUB_PATH", work.resolve("path").toString());
        int exit = run.start().waitFor();
        String log = Files.readString(work.resolve("log"));
        if (checksum.equals(sha256)) {
          assertThat(exit).as(job + "\n" + log).isZero();
          assertThat(Files.readString(work.resolve("path"))).isEqualTo(temp.resolve("lakehouse-0.1.0/bin") + "\n");
        } else {
          assertThat(exit).as(job + " with the checksum '" + checksum + "'\n" + log).isNotZero();
          assertThat(log).contains(checksum.isEmpty() ? "LAKEHOUSE_SHA256" : "FAILED");
          assertThat(work.resolve("path")).as("nothing put on the PATH").doesNotExist();
          assertThat(temp.resolve("lakehouse-0.1.0")).as("nothing unpacked").doesNotExist();
        }
      }
    }
  }

  @Test
  void thePullRequestPlanPassesOnNoChangesAndChangesAndFailsOnAnyOtherExit(@TempDir Path dir) throws Exception {
    String script = pullRequestStep(step -> step.path("id").asText().equals("plan"));
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path step = Files.writeString(dir.resolve("step.sh"), script);
    // A lakehouse that prints a plan and exits with the code asked: 127 is bash's for a command not found.
    Path fake = Files.writeString(bin.resolve("lakehouse"), "#!/bin/sh\necho '  + athena_named_query.q ```$x```'\n"
        + "echo 'Plan: 1 to add, 0 to change, 0 to destroy.'\nexit $LAKEHOUSE_EXIT\n");
    assertThat(fake.toFile().setExecutable(true)).isTrue();
    for (int code : new int[] {0, 2, 1, 127, 130}) {
      Path output = dir.resolve("output-" + code);
      // As GitHub Actions runs a step without a shell of its own: bash -e {0}.
      ProcessBuilder run = new ProcessBuilder("bash", "-e", step.toString()).directory(dir.toFile())
          .redirectErrorStream(true).redirectOutput(dir.resolve("log-" + code).toFile());
      run.environment().put("PATH", bin + ":" + System.getenv("PATH"));
      run.environment().put("LAKEHOUSE_EXIT", Integer.toString(code));
      run.environment().put("GITHUB_OUTPUT", output.toString());
      run.environment().put("GITHUB_STEP_SUMMARY", dir.resolve("summary").toString());
      int exit = run.start().waitFor();
      String log = Files.readString(dir.resolve("log-" + code));
      if (code == 0 || code == 2) {
        assertThat(exit).as("lakehouse exited " + code + "\n" + log).isZero();
      } else {
        assertThat(exit).as("lakehouse exited " + code + ": the job fails\n" + log).isEqualTo(code);
      }
      assertThat(Files.readString(output)).isEqualTo("exitcode=" + code + "\n");
    }
    assertThat(Files.readString(dir.resolve("summary"))).as("the plan in a code block it cannot close")
        .contains("\n````\n  + athena_named_query.q ```$x```\nPlan: 1 to add, 0 to change, 0 to destroy.\n````\n");
  }

  @Test
  void thePullRequestCommentListsThePlannedChangesWithTheirDataLossOnce(@TempDir Path dir) throws Exception {
    String plan = String.join("\n",
        "Changed outside lakehouse (what AWS now holds otherwise than the last apply left it, on resources the "
            + "stack owns, where the config has not changed since):",
        "",
        "  ~ s3_bucket.raw",
        "      versioning: \"Enabled\" -> \"Suspended\"",
        "",
        "  ~ athena_workgroup.acme-dev",
        "      publishCloudWatchMetrics: true -> false",
        "",
        "Differs from the config (resources the stack owns that AWS holds otherwise than the config sets them: "
            + "changed outside lakehouse, or in the config since their last apply, which lakehouse cannot tell for "
            + "these):",
        "",
        "  ~ lakeformation_settings.account",
        "      admins: [\"arn:aws:iam::123456789012:role/acme-dev-lakehouse-admin\"] -> []",
        "",
        "Plan for acme/dev in account 123456789012 (us-east-1):",
        "",
        "  ~ s3_bucket.raw",
        "      ~ versioning: \"Suspended\" -> \"Enabled\"",
        "",
        "  ~ iceberg_table.processed.customer_events",
        "      # drop column region",
        "      ! would lose data: table acme_dev_processed.customer_events would drop column region; to allow it, "
            + "pass --allow-data-loss dropped-columns",
        "      ~ columns[region]: {\"name\":\"region\",\"type\":\"string\"} -> null",
        "",
        "Plan: 0 to add, 2 to change, 0 to destroy.",
        "",
        "Unmanaged, left alone (not in the config, not made by this stack):",
        "  ? iceberg_table.processed.clickstream  Iceberg table acme_dev_processed.clickstream, made outside the stack",
        "");
    PullRequest pr = new PullRequest(dir);
    pr.plan("dev", 2, plan);
    assertThat(pr.comments()).singleElement().isEqualTo(String.join("\n",
        "<!-- lakehouse-plan:dev -->",
        "**lakehouse plan: dev** has changes (at " + PullRequest.HEAD_SHA + "):",
        "```",
        "  ~ s3_bucket.raw",
        "  ~ iceberg_table.processed.customer_events",
        "      ! would lose data: table acme_dev_processed.customer_events would drop column region; to allow it, "
            + "pass --allow-data-loss dropped-columns",
        "Plan: 0 to add, 2 to change, 0 to destroy.",
        "```",
        "Changed outside lakehouse since their last apply, and put back by the apply: s3_bucket.raw "
            + "athena_workgroup.acme-dev",
        ""));
  }

  @Test
  void eachPushUpdatesTheOneCommentOfItsEnvironmentInPlace(@TempDir Path dir) throws Exception {
    PullRequest pr = new PullRequest(dir);
    // A reviewer's comment that quotes the marker, and the bot's comment for staging from an earlier push.
    String quoted = "<!-- lakehouse-plan:dev -->\nwhy does dev change?";
    String staging = "<!-- lakehouse-plan:staging -->\n**lakehouse plan: staging** has changes (at 0000000):\n";
    pr.hold(List.of(Map.of("id", 11, "user", Map.of("login", "a-reviewer"), "body", quoted),
        Map.of("id", 12, "user", Map.of("login", "github-actions[bot]"), "body", staging)));

    pr.plan("dev", 2, "Plan for acme/dev:\n\n  + s3_bucket.raw\n\nPlan: 1 to add, 0 to change, 0 to destroy.\n");
    assertThat(pr.comments()).hasSize(3).startsWith(quoted, staging);
    pr.plan("dev", 2, "Plan for acme/dev:\n\n  + s3_bucket.curated\n\nPlan: 1 to add, 0 to change, 0 to destroy.\n");
    assertThat(pr.comments()).as("the second push's plan in the first one's comment").hasSize(3)
        .startsWith(quoted, staging).last().asString().contains("s3_bucket.curated").doesNotContain("s3_bucket.raw");

    pr.plan("dev", 0, "No changes.\n");
    assertThat(pr.comments()).hasSize(3).last().isEqualTo("<!-- lakehouse-plan:dev -->\n**lakehouse plan: dev** has no "
        + "changes (at " + PullRequest.HEAD_SHA + ").\n");
    pr.plan("dev", 1, "");
    assertThat(pr.comments()).as("no earlier plan left standing when the plan fails").hasSize(3).last()
        .isEqualTo("<!-- lakehouse-plan:dev -->\n**lakehouse plan: dev** failed (at " + PullRequest.HEAD_SHA
            + ", exit code 1): " + PullRequest.RUN_URL + "\n");

    pr.plan("staging", 0, "No changes.\n");
    pr.plan("prod", 0, "No changes.\n");
    assertThat(pr.comments()).as("no comment made for a plan without changes").hasSize(3)
        .element(1).asString()
        .startsWith("<!-- lakehouse-plan:staging -->\n**lakehouse plan: staging** has no changes");
    assertThat(pr.calls()).filteredOn(call -> call.contains("-X POST")).hasSize(1);
  }

  @Test
  void thePlansTextReachesTheCommentAsItIsWhateverItHolds(@TempDir Path dir) throws Exception {
    PullRequest pr = new PullRequest(dir);
    String loss = "      ! would lose data: table t would drop column ````$(touch pwned)`${GH_TOKEN}` \\n $HOME";
    pr.plan("dev", 2,
        "Plan for acme/dev:\n\n  ~ iceberg_table.t\n" + loss + "\n\nPlan: 0 to add, 1 to change, 0 to destroy.\n");
    assertThat(pr.comments()).singleElement().asString()
        .contains("\n`````\n  ~ iceberg_table.t\n" + loss + "\nPlan: 0 to add, 1 to change, 0 to destroy.\n`````\n");
    assertThat(dir.resolve("pwned")).doesNotExist();
  }

  @Test
  void aPlanLongerThanACommentTakesIsCutAtALineAndSaysSo(@TempDir Path dir) throws Exception {
    PullRequest pr = new PullRequest(dir);
    StringBuilder plan = new StringBuilder("Plan for acme/dev:\n\n");
    for (int i = 0; i < 3000; i++) {
      plan.append("  + iceberg_table.processed.events_").append(i).append(" (with a long enough name, each)\n");
    }
    pr.plan("dev", 2, plan.append("\nPlan: 3000 to add, 0 to change, 0 to destroy.\n").toString());
    String comment = pr.comments().get(0);
    assertThat(comment.length()).isLessThanOrEqualTo(65_536);
    assertThat(comment).contains("  + iceberg_table.processed.events_0 (with a long enough name, each)\n")
        .doesNotContain("events_2999").containsPattern("\n… and \\d+ more lines, cut to fit a comment\n"
            + "Plan: 3000 to add, 0 to change, 0 to destroy.\n```\nThe whole plan is in the run's summary and log: "
            + Pattern.quote(PullRequest.RUN_URL) + "\n$");
  }

  /**
   * A pull request whose comments a stand-in for gh keeps in comments.json, on which the workflow's
   * comment step runs as GitHub Actions runs it, its environment's expressions filled in.
   */
  private static final class PullRequest {
    static final String HEAD_SHA = "5f1c2e9";
    static final String RUN_URL = "https://github.com/acme/lake/actions/runs/99";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;
    private final JsonNode step;

    PullRequest(Path dir) throws IOException, InterruptedException {
      assertThat(new ProcessBuilder("jq", "--version").start().waitFor()).as("jq, as gh's --jq").isZero();
      this.dir = dir;
      this.step = pullRequestStepNode(s -> s.path("name").asText().startsWith("Comment the plan"));
      assertThat(step.path("run").asText()).as("what the pull request says reaches the script through its environment")
          .doesNotContain("${{");
      Path bin = Files.createDirectories(dir.resolve("bin"));
      Path gh = Files.writeString(bin.resolve("gh"), String.join("\n",
          "#!/bin/bash",
          "echo \"$*\" >> calls.log",
          "method=GET",
          "while (($#)); do",
          "  case \"$1\" in",
          "    api | --paginate) ;;",
          "    -X) method=$2; shift ;;",
          "    --jq) filter=$2; shift ;;",
          "    -F) body=${2#body=@}; shift ;;",
          "    *) url=$1 ;;",
          "  esac",
          "  shift",
          "done",
          "case $method in",
          "  GET) [[ $url == repos/acme/lake/issues/7/comments* ]] && jq -r \"$filter\" comments.json ;;",
          "  PATCH) jq --arg id \"${url##*/}\" --rawfile body \"$body\" "
              + "'map(if (.id | tostring) == $id then .body = $body else . end)' comments.json > c "
              + "&& mv c comments.json ;;",
          "  POST) [[ $url == repos/acme/lake/issues/7/comments ]] && jq --rawfile body \"$body\" "
              + "'. + [{id: (100 + length), user: {login: \"github-actions[bot]\"}, body: $body}]' comments.json > c "
              + "&& mv c comments.json ;;",
          "esac",
          ""));
      assertThat(gh.toFile().setExecutable(true)).isTrue();
      hold(List.of());
    }

    void hold(List<Map<String, Object>> comments) throws IOException {
      JSON.writeValue(dir.resolve("comments.json").toFile(), comments);
    }

    List<String> comments() throws IOException {
      return JSON.readTree(dir.resolve("comments.json").toFile()).findValuesAsText("body");
    }

    List<String> calls() throws IOException {
      return Files.readAllLines(dir.resolve("calls.log"));
    }

    /** The comment step after a plan of {@code env} that printed {@code plan} and exited {@code code}. */
    void plan(String env, int code, String plan) throws Exception {
      Files.writeString(dir.resolve("plan.txt"), plan);
      Map<String, String> values = Map.of("${{ github.token }}", "a-token", "${{ matrix.env }}", env,
          "${{ steps.plan.outputs.exitcode }}", Integer.toString(code), "${{ github.event.pull_request.number }}", "7",
          "${{ github.event.pull_request.head.sha }}", HEAD_SHA, "${{ github.server_url }}", "https://github.com",
          "${{ github.repository }}", "acme/lake", "${{ github.run_id }}", "99");
      ProcessBuilder run = new ProcessBuilder("bash", "-e", "-c", step.path("run").asText()).directory(dir.toFile())
          .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile());
      step.path("env").fields().forEachRemaining(variable -> {
        String value = variable.getValue().asText();
        for (Map.Entry<String, String> expression : values.entrySet()) {
          value = value.replace(expression.getKey(), expression.getValue());
        }
        assertThat(value).as(variable.getKey()).doesNotContain("${{");
        run.environment().put(variable.getKey(), value);
      });
      run.environment().put("GITHUB_REPOSITORY", "acme/lake");
      run.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
      assertThat(run.start().waitFor()).as(Files.readString(dir.resolve("log"))).isZero();
    }
  }

  /** A job's permissions: its own where it sets them (they replace the workflow's), else the workflow's. */
  private static JsonNode permissions(JsonNode workflow, JsonNode job) {
    return job.has("permissions") ? job.path("permissions") : workflow.path("permissions");
  }

  /** The script of the workflow's pull request step that matches, for dev and pull request 7. */
  private static String pullRequestStep(Predicate<JsonNode> which) throws IOException {
    return pullRequestStepNode(which).path("run").asText().replace("${{ matrix.env }}", "dev")
        .replace("${{ github.event.pull_request.number }}", "7");
  }

  /** The workflow's pull request step that matches. */
  private static JsonNode pullRequestStepNode(Predicate<JsonNode> which) throws IOException {
    JsonNode steps = new ObjectMapper(new YAMLFactory()).readTree(EXAMPLES.resolve("github-actions/lakehouse.yml").toFile())
        .path("jobs").path("plan").path("steps");
    for (JsonNode step : steps) {
      if (which.test(step)) {
        return step;
      }
    }
    throw new AssertionError("no such step in the workflow's plan job");
  }

  @Test
  void theSchedulingExamplesAreWellFormedAndRunMaintain() throws IOException {
    ObjectMapper json = new ObjectMapper();
    JsonNode task = json.readTree(EXAMPLES.resolve("schedule/ecs-task-definition.json").toFile());
    JsonNode command = task.path("containerDefinitions").get(0).path("command");
    assertThat(command.get(0).asText()).isEqualTo("maintain");
    assertThat(command.toString()).as("the awslogs driver stores each "
        + "line as an event of its own: an indented --json document would be cut into one per line")
        .doesNotContain("\"--json\"");
    JsonNode schedule = json.readTree(EXAMPLES.resolve("schedule/eventbridge-schedule.json").toFile());
    assertThat(schedule.path("Target").path("EcsParameters").path("TaskDefinitionArn").asText())
        .endsWith(":task-definition/" + task.path("family").asText());
    assertThat(Files.readString(EXAMPLES.resolve("schedule/crontab"))).containsPattern("(?m)^30 2 \\* \\* \\* .*lakehouse maintain ")
        .as("a lock file at a fixed path in /tmp can be made first by any user of the host, and no run starts then")
        .containsPattern("flock -n (-E 75 )?/").doesNotContainPattern("flock -n (-E 75 )?/(var/)?tmp/");
    assertThat(Files.readString(EXAMPLES.resolve("schedule/lakehouse-maintain.service")))
        .contains("ExecStart=/opt/lakehouse/bin/lakehouse maintain ", "KillSignal=SIGINT")
        .as("a JAVA_HOME of one distribution's path fails every run on a host without it")
        .doesNotContainPattern("(?m)^Environment=JAVA_HOME=");
    assertThat(Files.readString(EXAMPLES.resolve("schedule/lakehouse-maintain.timer")))
        .contains("OnCalendar=", "Unit=lakehouse-maintain.service");
  }

  @Test
  void theCrontabLineSaysWhyANightDidNotSucceedAndOnlyThen(@TempDir Path dir) throws Exception {
    String line = Files.readAllLines(EXAMPLES.resolve("schedule/crontab")).stream()
        .filter(l -> l.startsWith("30 2 * * * ")).findFirst().orElseThrow();
    assertThat(line).as("cron ends a command at an unescaped %").doesNotContainPattern("(?<!\\\\)%");
    Path etc = Files.createDirectories(dir.resolve("etc"));
    Path log = Files.createDirectories(dir.resolve("log"));
    String command = line.substring("30 2 * * * ".length()).replace("\\%", "%")
        .replace("/etc/lakehouse", etc.toString()).replace("/var/log/lakehouse", log.toString());
    Path bin = Files.createDirectories(dir.resolve("bin"));
    // A lakehouse that reports, logs and exits with the code asked.
    Path fake = Files.writeString(bin.resolve("lakehouse"),
        "#!/bin/sh\necho '{\"tables\":[]}'\necho 'a log line' >&2\nexit $LAKEHOUSE_EXIT\n");
    assertThat(fake.toFile().setExecutable(true)).isTrue();
    for (int code : new int[] {0, 1}) {
      Process night = cron(dir, command, code);
      String mailed = new String(night.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(night.waitFor()).as(mailed).isZero();
      if (code == 0) {
        assertThat(mailed).as("nothing for cron to mail").isEmpty();
      } else {
        assertThat(mailed).startsWith("lakehouse maintain exited 1 (1: failed,");
      }
    }
    try (Stream<Path> reports = Files.list(log)) {
      assertThat(reports.map(p -> p.getFileName().toString())).anyMatch(name -> name.matches("maintain-.*\\.json"))
          .contains("maintain.log");
    }
    assertThat(Files.readString(log.resolve("maintain.log"))).isEqualTo("a log line\na log line\n");

    // A run that still holds the lock: the night after it says so.
    Process holder = new ProcessBuilder("flock", log.resolve("maintain.lock").toString(), "sh", "-c", "echo held; cat")
        .redirectErrorStream(true).start();
    try {
      assertThat(new String(holder.getInputStream().readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("held\n");
      Process night = cron(dir, command, 0);
      String mailed = new String(night.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      night.waitFor();
      assertThat(mailed).startsWith("lakehouse maintain exited 75 (");
    } finally {
      holder.getOutputStream().close();
      holder.waitFor();
    }
  }

  /** The crontab's command, run as cron runs it: by its SHELL, with its PATH, output to cron's mail. */
  private static Process cron(Path dir, String command, int exitCode) throws IOException {
    ProcessBuilder cron = new ProcessBuilder("/bin/bash", "-c", command).directory(dir.toFile())
        .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    cron.environment().put("PATH", dir.resolve("bin") + ":/usr/local/bin:/usr/bin:/bin");
    cron.environment().put("LAKEHOUSE_EXIT", Integer.toString(exitCode));
    return cron.start();
  }

  /**
   * The README's roles hold what the task definition and the schedule make AWS check beyond the
   * obvious: AmazonECSTaskExecutionRolePolicy has no logs:CreateLogGroup, which awslogs-create-group
   * needs before the task starts, and a RunTask that tags the task needs ecs:TagResource.
   */
  @Test
  void theSchedulingRolesHoldWhatTheTaskAndTheScheduleNeed() throws IOException {
    ObjectMapper json = new ObjectMapper();
    JsonNode logging = json.readTree(EXAMPLES.resolve("schedule/ecs-task-definition.json").toFile())
        .path("containerDefinitions").get(0).path("logConfiguration").path("options");
    JsonNode ecs = json.readTree(EXAMPLES.resolve("schedule/eventbridge-schedule.json").toFile())
        .path("Target").path("EcsParameters");
    String readme = Files.readString(EXAMPLES.resolve("schedule/README.md"));
    assertThat(logging.path("awslogs-create-group").asText()).isEqualTo("true");
    assertThat(role(readme, "the execution role")).contains("AmazonECSTaskExecutionRolePolicy", "logs:CreateLogGroup");
    assertThat(ecs.path("PropagateTags").asText()).isEqualTo("TASK_DEFINITION");
    assertThat(role(readme, "the scheduler role"))
        .contains("ecs:RunTask", "ecs:TagResource", "\"ecs:CreateAction\": \"RunTask\"", "iam:PassRole");
  }

  /** The README's bullet for a role, up to the next bullet. */
  private static String role(String readme, String name) {
    int start = readme.indexOf("- **" + name + "**");
    assertThat(start).as("README.md's bullet for " + name).isNotNegative();
    int end = readme.indexOf("\n- **", start + 1);
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  /** The environments a stack declares, or none. */
  private static List<String> environments(Path example) throws IOException {
    JsonNode declared = new ObjectMapper(new YAMLFactory()).readTree(example.toFile()).path("environments");
    List<String> names = new ArrayList<>();
    declared.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
