package dev.lakehouse.cli;

import static dev.lakehouse.testkit.proxy.AthenaQueryState.running;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.aws.AwsSettings;
import dev.lakehouse.aws.IamActions;
import dev.lakehouse.aws.IcebergCatalogs;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import dev.lakehouse.testkit.TestClients;
import dev.lakehouse.testkit.gaps.MotoGaps;
import dev.lakehouse.testkit.proxy.AthenaQueryScript;
import dev.lakehouse.testkit.proxy.AwsProxy;
import dev.lakehouse.testkit.proxy.ProxiedRequest;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IAM policies of {@code examples/iam}, held to what each command calls: plan, apply, destroy,
 * maintain, snapshots and rollback run on the canonical stack through the recording proxy, each
 * request is mapped to its IAM action (and to its resources where the request names them), and each policy must allow
 * every call of its command and hold no action that no run of its command called, but for those
 * its README lists as needed against AWS only ({@link #AWS_ONLY}).
 */
class IamPoliciesIT {
  private static final Path IAM = Path.of("..", "examples", "iam");
  private static final String REGION = "us-east-1";
  private static final String ACCOUNT = "123456789012";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] ALL_DATA_LOSS = {"--allow-data-loss",
      "bucket-objects,database-tables,kms-key,dropped-tables,table-data,dropped-columns,saved-queries"};

  /**
   * Actions a policy holds that no run here calls: because AWS needs them where the emulator does
   * not (Lake Formation makes its service-linked role with the caller's rights when the first
   * location is registered, and Athena reads the catalog and writes the tables' files and its
   * results as the identity that started a statement; the emulator runs no statement), or because
   * the tool calls them on paths these runs do not take (drift put right: a key disabled, its
   * policy edited by hand or its alias moved to another key, an instance profile added to a role, a
   * topic's attributes changed, a confirmed subscription to end, a writer's unfinished upload in a
   * bucket deleted with its objects, a rollback asking after the query
   * a dead maintain run left running). The README says why for each.
   */
  private static final Map<String, Set<String>> AWS_ONLY = Map.of(
      "plan.json", Set.of(),
      "apply.json", Set.of("iam:CreateServiceLinkedRole", "kms:DisableKey", "kms:PutKeyPolicy", "kms:UpdateAlias",
          "s3:AbortMultipartUpload", "iam:RemoveRoleFromInstanceProfile", "sns:SetTopicAttributes", "sns:Unsubscribe",
          "athena:GetQueryExecution"),
      "maintain.json", Set.of("glue:GetDatabase", "glue:CreateDatabase", "glue:UpdateTable", "s3:ListBucket",
          "s3:GetBucketLocation", "s3:AbortMultipartUpload", "s3:ListBucketMultipartUploads",
          "s3:ListMultipartUploadParts", "lakeformation:GetDataAccess"));

  /** The README's narrowing of the policies to one environment, dev. */
  private static final Map<String, String> DEV_ONLY = Map.of("acme-*", "acme-dev*", "acme_*", "acme_dev_*");

  @TempDir
  Path dir;

  @EmulatorTest(motoOnly = true, reason = "Athena's states are scripted through the proxy on moto")
  void eachPolicyAllowsEveryCallOfItsCommandsAndNoOtherAction(Emulator emulator) throws Exception {
    Map<String, Set<Call>> calledUnder = new TreeMap<>();
    try (AwsProxy aws = MotoGaps.proxy(emulator)) {
      List<Call> seen = new CopyOnWriteArrayList<>();
      aws.observe(request -> seen.addAll(Call.of(request)));
      Path canonical = Cli.CANONICAL;
      Path changed = edited(Cli.CANONICAL, "changed.yaml", CHANGES);
      Path undone = edited(changed, "undone.yaml", UNDOING);
      Runner run = (policy, config, exitCode, args) -> {
        seen.clear();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-f", config.toString(), "--env", "dev", "--endpoint-url", aws.endpoint().toString()));
        Cli.Result result = Cli.exec(all.toArray(String[]::new));
        assertThat(result.exitCode()).as(String.join(" ", all) + "\n" + result).isEqualTo(exitCode);
        calledUnder.computeIfAbsent(policy, p -> new TreeSet<>()).addAll(seen);
      };

      // A role named as the stack's are, made by hand: the search for roles the stack dropped reads its tags.
      try (TestClients read = TestClients.of(emulator)) {
        read.iam().createRole(b -> b.roleName("acme-dev-made-by-hand").assumeRolePolicyDocument(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                + "\"glue.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
      }
      run.exec("plan.json", canonical, 0, "plan");
      run.exec("apply.json", canonical, 0, "apply", "--auto-approve");
      run.exec("plan.json", canonical, 0, "plan");
      run.exec("apply.json", canonical, 0, "apply", "--auto-approve");
      // What destroy would do: whether each bucket holds data, and a writer's unfinished uploads in it.
      run.exec("plan.json", canonical, 0, "plan", "--destroy");
      // The changes add a rule expiring the processed zone's noncurrent versions, which it holds.
      run.exec("plan.json", changed, 0, "plan");
      run.exec("apply.json", changed, 0, "apply", "--auto-approve", "--allow-data-loss", "expiring-objects");
      run.exec("plan.json", undone, 0, "plan");
      run.exec("apply.json", undone, 0, "apply", "--auto-approve");
      run.exec("apply.json", changed, 0, "apply", "--auto-approve", "--allow-data-loss", "expiring-objects");
      long before = smallFiles(emulator);
      long after = smallFiles(emulator);
      run.exec("plan.json", changed, 0, "snapshots", "processed.customer_events");
      // A rollback, holding the table's maintenance lock, and its undoing.
      run.exec("apply.json", changed, 0, "rollback", "processed.customer_events", "--to", Long.toString(before),
          "--auto-approve");
      run.exec("apply.json", changed, 0, "rollback", "processed.customer_events", "--to", Long.toString(after),
          "--auto-approve");
      run.exec("maintain.json", changed, 0, "maintain");
      // A statement that outlives its timeout is stopped.
      aws.scriptAthena(AthenaQueryScript.forQueries(sql -> sql.startsWith("OPTIMIZE")).execution(running()));
      run.exec("maintain.json", changed, 1, "maintain", "--only", "optimize", "--statement-timeout", "1s");
      run.exec("apply.json", changed, 0, concat(new String[] {"destroy", "--auto-approve"}, ALL_DATA_LOSS));
      // An apply after a destroy takes back the key whose deletion the destroy scheduled.
      run.exec("apply.json", canonical, 0, "apply", "--auto-approve");
      run.exec("apply.json", canonical, 0, concat(new String[] {"destroy", "--auto-approve"}, ALL_DATA_LOSS));
    }

    String readme = Files.readString(IAM.resolve("README.md"));
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Set<Call>> entry : calledUnder.entrySet()) {
      String file = entry.getKey();
      Policy policy = Policy.read(IAM.resolve(file), Map.of());
      problems.addAll(policy.refusals(file, entry.getValue()));
      problems.addAll(Policy.read(IAM.resolve(file), DEV_ONLY).refusals(file + " narrowed to dev", entry.getValue()));
      Set<String> called = entry.getValue().stream().map(Call::action).collect(Collectors.toSet());
      Set<String> awsOnly = AWS_ONLY.get(file);
      for (String action : policy.actions()) {
        Pattern pattern = glob(action);
        if (called.stream().noneMatch(c -> pattern.matcher(c).matches())
            && awsOnly.stream().noneMatch(a -> pattern.matcher(a).matches())) {
          problems.add(file + " holds " + action + ", which no run of its command called");
        }
      }
      for (String action : awsOnly) {
        if (called.contains(action)) {
          problems.add(file + ": " + action + " is called here too, so it is not one AWS alone needs");
        }
        if (!policy.allows(action, "")) {
          problems.add(file + " does not hold " + action + ", which AWS needs");
        }
        if (!readme.contains(action)) {
          problems.add("README.md does not say why " + file + " holds " + action);
        }
      }
    }
    // The deploy role runs `plan --out` before it applies.
    problems.addAll(Policy.read(IAM.resolve("apply.json"), Map.of())
        .refusals("apply.json (plan --out)", calledUnder.get("plan.json")));
    assertThat(problems).as("called under each policy: %s", summary(calledUnder)).isEmpty();
  }

  @Test
  void thePlanRoleReadsTheTablesMetadataButNotTheirData() throws IOException {
    Policy plan = Policy.read(IAM.resolve("plan.json"), Map.of());
    String table = "arn:aws:s3:::acme-dev-processed-" + ACCOUNT + "/customer_events/";
    assertThat(plan.allows("s3:GetObject", table + "metadata/00001-5c2f.metadata.json")).isTrue();
    assertThat(plan.allows("s3:GetObject", "arn:aws:s3:::acme-dev-raw-" + ACCOUNT + "/metadata/snap-1.avro")).isTrue();
    assertThat(plan.allows("s3:GetObject", table + "data/event_day=2026-01-01/00000-0-part.parquet")).isFalse();
    assertThat(plan.allows("s3:GetObject", "arn:aws:s3:::acme-dev-athena-results-" + ACCOUNT + "/acme-dev/q.csv"))
        .isFalse();
  }

  @FunctionalInterface
  private interface Runner {
    void exec(String policy, Path config, int exitCode, String... args);
  }

  /** The permissions boundary the changes give a role, and the undoing takes off. */
  private static final String BOUNDARY = "arn:aws:iam::aws:policy/PowerUserAccess";

  /**
   * Changes to most kinds of resource: a tag changed and one removed everywhere, the key's
   * description, lifecycle and tiering, a column, a workgroup's cutoff, grants and a filter, an
   * alarm, a subscription, a role's access, description and permissions boundary.
   */
  private static final String[][] CHANGES = {
      {"CostCenter: DataEngineering", "CostCenter: Analytics"},
      {"  Owner: data-platform\n", ""},
      {"description: Lakehouse data encryption key", "description: Lakehouse data key"},
      {"{ afterDays: 30, storageClass: STANDARD_IA }", "{ afterDays: 45, storageClass: STANDARD_IA }"},
      {"archiveAfterDays: 90", "archiveAfterDays: 120"},
      {"      - { name: aggregation_date, type: date }",
          "      - { name: aggregation_date, type: date }\n      - { name: region, type: string }"},
      {"bytesScannedCutoffPerQuery: 100GB", "bytesScannedCutoffPerQuery: 200GB"},
      {"columns: [event_id, event_type, event_timestamp, event_date]", "columns: [event_id, event_type, event_date]"},
      {"rowFilter: \"region = 'US'\"", "rowFilter: \"region = 'EU'\""},
      {"averageSecondsAbove: 60", "averageSecondsAbove: 90"},
      {"alertEmails: [\"${var.alertEmail}\"]", "alertEmails: [\"${var.alertEmail}\", \"oncall@example.com\"]"},
      {"read: [processed, curated]", "read: [curated]"},
      {"    - name: ${project}-${env}-analyst\n", "    - name: ${project}-${env}-analyst\n      description: Analysts\n"},
      {"      trustedAccounts: [\"${account}\"]\n",
          "      trustedAccounts: [\"${account}\"]\n      permissionsBoundary: " + BOUNDARY + "\n"}};

  /**
   * Settings taken away, applied over {@link #CHANGES} and then undone: key rotation, tiering, a
   * lifecycle, a bucket policy, a subscription, a role's permissions boundary; a database's
   * description and a role's trust change.
   */
  private static final String[][] UNDOING = {
      {"rotation: true", "rotation: false"},
      {"    intelligentTiering:\n      archiveAfterDays: 120\n      deepArchiveAfterDays: 180\n", ""},
      {"    lifecycle:\n      - id: cleanup\n        noncurrentVersionExpirationDays: 90\n"
          + "        abortIncompleteMultipartUploadDays: 7\n", ""},
      {"    bucket: ${project}-${env}-raw-${account}\n",
          "    bucket: ${project}-${env}-raw-${account}\n    denyInsecureTransport: false\n"},
      {"\"${var.alertEmail}\", \"oncall@example.com\"", "\"${var.alertEmail}\""},
      {"description: Curated zone (gold)", "description: Curated zone"},
      {"trustedServices: [lakeformation.amazonaws.com]",
          "trustedServices: [lakeformation.amazonaws.com, glue.amazonaws.com]"},
      {"      permissionsBoundary: " + BOUNDARY + "\n", ""}};

  private Path edited(Path from, String name, String[][] changes) throws IOException {
    String config = Files.readString(from);
    for (String[] change : changes) {
      assertThat(config).contains(change[0]);
      config = config.replace(change[0], change[1]);
    }
    Path file = dir.resolve(name);
    Files.writeString(file, config);
    return file;
  }

  /**
   * Twelve small data files in processed.customer_events, written past the proxy: OPTIMIZE is due.
   * Returns the snapshot that added them.
   */
  private static long smallFiles(Emulator emulator) throws IOException {
    Catalog catalog = IcebergCatalogs.glue(new AwsSettings(null, emulator.region(), emulator.endpoint()));
    try {
      Table table = catalog.loadTable(TableIdentifier.of("acme_dev_processed", "customer_events"));
      AppendFiles append = table.newAppend();
      for (int file = 0; file < 12; file++) {
        append.appendFile(DataFiles.builder(table.spec()).withFormat(FileFormat.PARQUET)
            .withPath(table.location() + "/data/" + UUID.randomUUID() + ".parquet")
            .withPartitionPath("event_date_day=2026-11-01/customer_id_bucket=3")
            .withFileSizeInBytes(1L << 20).withRecordCount(10).build());
      }
      append.commit();
      return table.currentSnapshot().snapshotId();
    } finally {
      ((Closeable) catalog).close();
    }
  }

  private static String summary(Map<String, Set<Call>> calledUnder) {
    return calledUnder.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().stream().map(Call::action)
        .collect(Collectors.toCollection(TreeSet::new))).collect(Collectors.joining("\n", "\n", "\n"));
  }

  private static String[] concat(String[] first, String[] second) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(List.of(second));
    return all.toArray(String[]::new);
  }

  /** An IAM action pattern: {@code *} and {@code ?} as wildcards, case ignored as IAM ignores it in actions. */
  private static Pattern glob(String pattern) {
    return Pattern.compile(wildcards(pattern), Pattern.CASE_INSENSITIVE);
  }

  private static String wildcards(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return regex.toString();
  }

  /**
   * One IAM action a request needed, with the resources it needed it on where the request names
   * them ({@code *} for an action on no resource), none where it does not: S3, Glue, Athena, IAM,
   * SNS and KMS requests are read for their resources, CloudWatch's are not.
   */
  record Call(String operation, String action, List<String> resources) implements Comparable<Call> {

    static List<Call> of(ProxiedRequest request) {
      String operation = request.operation();
      if (operation.contains(" ")) {
        // An operation the proxy cannot name has no known action: no policy allows it, and the test says which.
        return List.of(new Call(operation, request.service() + ":" + operation, List.of()));
      }
      String action = IamActions.of(request.service(), operation);
      if (request.service().equals("s3") && operation.equals("DeleteObjects")
          && request.bodyAsString().contains("<VersionId>")) {
        action = "s3:DeleteObjectVersion";
      }
      if (request.service().equals("s3") && Set.of("GetObject", "DeleteObject").contains(operation)
          && request.query().matches("(.*&)?versionId=.*")) {
        action = action + "Version";
      }
      List<Call> calls = new ArrayList<>(List.of(new Call(operation, action, resources(request))));
      calls.addAll(implied(request));
      return calls;
    }

    /**
     * The actions S3 checks besides the operation's own: a bucket created with an object ownership
     * rule needs s3:PutBucketOwnershipControls, and since every bucket of the stack is encrypted
     * with its key, S3 uses the key as the caller for object writes and reads.
     */
    private static List<Call> implied(ProxiedRequest request) {
      if (!request.service().equals("s3")) {
        return List.of();
      }
      String operation = request.operation();
      List<Call> implied = new ArrayList<>();
      if (operation.equals("CreateBucket") && request.header("x-amz-object-ownership").isPresent()) {
        implied.add(new Call(operation, "s3:PutBucketOwnershipControls", resources(request)));
      }
      if (Set.of("PutObject", "CreateMultipartUpload", "UploadPart", "CopyObject").contains(operation)) {
        implied.add(new Call(operation, "kms:GenerateDataKey", List.of()));
      }
      if (Set.of("GetObject", "CompleteMultipartUpload", "CopyObject").contains(operation)) {
        implied.add(new Call(operation, "kms:Decrypt", List.of()));
      }
      return implied;
    }

    private static List<String> resources(ProxiedRequest request) {
      String operation = request.operation();
      switch (request.service()) {
        case "s3": {
          String path = URLDecoder.decode(request.path().substring(1), StandardCharsets.UTF_8);
          if (path.isEmpty()) {
            return List.of("*");
          }
          String target = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
          if (operation.equals("DeleteObjects")) {
            // One request, an action on each object it names.
            Matcher key = Pattern.compile("<Key>([^<]*)</Key>").matcher(request.bodyAsString());
            List<String> objects = new ArrayList<>();
            while (key.find()) {
              objects.add("arn:aws:s3:::" + target + "/" + key.group(1));
            }
            return objects;
          }
          return List.of("arn:aws:s3:::" + target);
        }
        case "glue":
          return glue(operation, json(request));
        case "athena": {
          JsonNode body = json(request);
          Optional<String> workgroup = text(body, "WorkGroup")
              .or(() -> operation.endsWith("WorkGroup") ? text(body, "Name") : Optional.empty());
          if (text(body, "ResourceARN").isPresent()) {
            return List.of(text(body, "ResourceARN").get());
          }
          if (workgroup.isPresent()) {
            return List.of("arn:aws:athena:" + REGION + ":" + ACCOUNT + ":workgroup/" + workgroup.get());
          }
          return operation.equals("ListWorkGroups") ? List.of("*") : List.of();
        }
        case "iam": {
          Map<String, String> form = form(request);
          if (form.containsKey("RoleName")) {
            return List.of("arn:aws:iam::" + ACCOUNT + ":role/" + form.get("RoleName"));
          }
          if (form.containsKey("PolicyArn")) {
            return List.of(form.get("PolicyArn"));
          }
          return operation.startsWith("List") ? List.of("*") : List.of();
        }
        case "sns": {
          Map<String, String> form = form(request);
          if (operation.equals("CreateTopic")) {
            return List.of("arn:aws:sns:" + REGION + ":" + ACCOUNT + ":" + form.get("Name"));
          }
          String arn = form.getOrDefault("TopicArn", form.get("ResourceArn"));
          return arn != null ? List.of(arn) : operation.equals("ListTopics") ? List.of("*") : List.of();
        }
        case "kms":
          return kms(operation, json(request));
        case "sts":
        case "lakeformation":
          return List.of("*");
        default:
          return List.of();
      }
    }

    /**
     * A key's action needs the key, an alias's the alias and its key. A key named by its alias is
     * not resolved here: that call's resource is left unchecked.
     */
    private static List<String> kms(String operation, JsonNode body) {
      if (operation.equals("CreateKey") || operation.startsWith("List") && text(body, "KeyId").isEmpty()) {
        return List.of("*");
      }
      String prefix = "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":";
      List<String> resources = new ArrayList<>();
      text(body, "AliasName").ifPresent(alias -> resources.add(prefix + alias));
      text(body, "TargetKeyId").or(() -> text(body, "KeyId")).filter(key -> !key.startsWith("alias/"))
          .map(key -> key.startsWith("arn:") ? key : prefix + "key/" + key).ifPresent(resources::add);
      return resources;
    }

    /** A table's action needs the catalog, its database and the table; a database's, the catalog and the database. */
    private static List<String> glue(String operation, JsonNode body) {
      String prefix = "arn:aws:glue:" + REGION + ":" + ACCOUNT + ":";
      Optional<String> tagged = text(body, "ResourceArn");
      if (tagged.isPresent()) {
        return List.of(tagged.get());
      }
      Optional<String> database = text(body, "DatabaseName").or(() -> text(body.path("DatabaseInput"), "Name"))
          .or(() -> operation.endsWith("Database") ? text(body, "Name") : Optional.empty());
      Optional<String> table = text(body.path("TableInput"), "Name")
          .or(() -> operation.endsWith("Table") && !operation.equals("BatchDeleteTable") ? text(body, "Name")
              : Optional.empty())
          .or(() -> operation.equals("GetTables") || operation.equals("BatchDeleteTable") ? Optional.of("*")
              : Optional.empty());
      List<String> resources = new ArrayList<>(List.of(prefix + "catalog"));
      database.ifPresent(name -> resources.add(prefix + "database/" + name));
      if (database.isPresent() && table.isPresent()) {
        resources.add(prefix + "table/" + database.get() + "/" + table.get());
      }
      if (database.isEmpty() && operation.equals("GetDatabases")) {
        resources.add(prefix + "database/*");
      }
      return resources;
    }

    private static JsonNode json(ProxiedRequest request) {
      try {
        String body = request.bodyAsString();
        return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static Optional<String> text(JsonNode node, String field) {
      JsonNode value = node.path(field);
      return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    private static Map<String, String> form(ProxiedRequest request) {
      Map<String, String> form = new TreeMap<>();
      for (String pair : request.bodyAsString().split("&")) {
        String[] parts = pair.split("=", 2);
        if (parts.length == 2) {
          form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
              URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
      }
      return form;
    }

    @Override
    public int compareTo(Call other) {
      return toString().compareTo(other.toString());
    }
  }

  /** An identity policy of Allow statements, its placeholders filled in for the emulator's account and region. */
  record Policy(List<Statement> statements) {
    record Statement(List<String> actions, List<String> resources) {}

    /** The policy in {@code file}, with {@code narrowing}'s replacements made in it too. */
    static Policy read(Path file, Map<String, String> narrowing) throws IOException {
      String text = Files.readString(file).replace("ACCOUNT_ID", ACCOUNT).replace("REGION", REGION);
      for (Map.Entry<String, String> replacement : narrowing.entrySet()) {
        text = text.replace(replacement.getKey(), replacement.getValue());
      }
      JsonNode document = JSON.readTree(text);
      assertThat(document.path("Version").asText()).as(file.toString()).isEqualTo("2012-10-17");
      List<Statement> statements = new ArrayList<>();
      for (JsonNode statement : document.path("Statement")) {
        assertThat(statement.path("Effect").asText()).as("%s: %s", file, statement).isEqualTo("Allow");
        assertThat(statement.has("NotAction") || statement.has("NotResource")).as("%s: %s", file, statement).isFalse();
        statements.add(new Statement(strings(statement.path("Action")), strings(statement.path("Resource"))));
      }
      return new Policy(statements);
    }

    private static List<String> strings(JsonNode node) {
      List<String> values = new ArrayList<>();
      if (node.isTextual()) {
        values.add(node.asText());
      }
      node.forEach(value -> values.add(value.asText()));
      return values;
    }

    /** What of these calls the policy does not allow, one line for each action and resource. */
    List<String> refusals(String file, Set<Call> calls) {
      List<String> refusals = new ArrayList<>();
      for (Call call : calls) {
        for (String resource : call.resources().isEmpty() ? List.of("") : call.resources()) {
          if (!allows(call.action(), resource)) {
            refusals.add(file + " does not allow " + call.action() + (resource.isEmpty() ? "" : " on " + resource)
                + " (" + call.operation() + ")");
          }
        }
      }
      return refusals;
    }

    /** Whether a statement allows the action on the resource; an empty resource is one the request did not name. */
    boolean allows(String action, String resource) {
      return statements.stream().anyMatch(statement ->
          statement.actions().stream().anyMatch(a -> glob(a).matcher(action).matches())
              && (resource.isEmpty() || statement.resources().stream()
                  .anyMatch(r -> resource.matches(wildcards(r)))));
    }

    Set<String> actions() {
      return statements.stream().flatMap(s -> s.actions().stream()).collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
