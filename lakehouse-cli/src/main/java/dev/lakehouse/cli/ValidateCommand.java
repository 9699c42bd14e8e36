package dev.lakehouse.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.cli.options.AwsOptions;
import dev.lakehouse.cli.options.ConfigOptions;
import dev.lakehouse.config.ConfigException;
import dev.lakehouse.config.ConfigProblem;
import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.StackConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Checks the config offline: no AWS call. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Parse and check the config offline (no AWS call); errors as FILE:LINE:COL: message.",
    footer = {"", "Examples:",
        "  lakehouse validate -f lakehouse.yaml --env dev",
        "  for e in dev staging prod; do lakehouse validate --env $e || exit 1; done",
        "  lakehouse validate --env dev --json | jq -r '.problems[]? | .message'",
        "",
        "With --json: {\"valid\": true, \"file\", \"env\", \"region\", \"deletion_protection\"}, or (exit 1)",
        "{\"valid\": false, \"file\", \"problems\": [{\"file\", \"line\", \"column\", \"path\", \"message\"}]},",
        "line, column and path null for a value given outside the file (--region, AWS_REGION)."})
final class ValidateCommand extends BaseCommand {
  @Mixin
  ConfigOptions config;

  @Mixin
  AwsOptions aws;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  protected ExitCode run() throws Exception {
    Stack stack;
    try {
      stack = StackContext.loadOffline(config, aws, environment());
    } catch (ConfigException e) {
      if (output().json()) {
        output().result(JSON.writeValueAsString(problems(e)));
      }
      throw e; // the problems on stderr too, and exit 1, as without --json
    }
    StackConfig c = stack.config();
    if (output().json()) {
      ObjectNode document = JSON.createObjectNode();
      document.put("valid", true);
      document.put("file", stack.file());
      document.put("env", stack.env());
      document.put("region", stack.region());
      document.put("deletion_protection", stack.deletionProtection());
      output().result(JSON.writeValueAsString(document));
    } else {
      output().result(stack.file() + " is valid for " + stack.project() + "/" + stack.env() + " (" + stack.region()
          + "): " + count(c.zones().size(), "zone") + ", " + count(c.tables().size(), "table") + ", "
          + count(c.athena() == null ? 0 : c.athena().workgroups().size(), "workgroup") + ", "
          + count(c.iam().roles().size(), "role")
          + (stack.deletionProtection() ? "; deletion protection on" : "") + ".");
    }
    return ExitCode.OK;
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** The document of a config with problems: each where it is, the field and what is wrong. */
  private ObjectNode problems(ConfigException e) {
    ObjectNode document = JSON.createObjectNode();
    document.put("valid", false);
    document.put("file", config.file.toString());
    ArrayNode problems = document.putArray("problems");
    for (ConfigProblem problem : e.problems()) {
      ObjectNode node = problems.addObject();
      node.put("file", problem.file());
      if (problem.position() == null) {
        node.putNull("line");
        node.putNull("column");
      } else {
        node.put("line", problem.position().line());
        node.put("column", problem.position().column());
      }
      node.put("path", problem.field());
      node.put("message", problem.message());
    }
    return document;
  }
}
