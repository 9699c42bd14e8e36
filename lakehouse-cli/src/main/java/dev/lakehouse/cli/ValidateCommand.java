package dev.lakehouse.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.cli.options.AwsOptions;
import dev.lakehouse.cli.options.ConfigOptions;
import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.StackConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Checks the config offline: no AWS call. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Parse and check the config offline (no AWS call); errors as FILE:LINE:COL: message.",
    footer = {"", "Examples:",
        "  lakehouse validate -f lakehouse.yaml --env dev",
        "  for e in dev staging prod; do lakehouse validate --env $e || exit 1; done"})
final class ValidateCommand extends BaseCommand {
  @Mixin
  ConfigOptions config;

  @Mixin
  AwsOptions aws;

  @Override
  protected ExitCode run() throws Exception {
    Stack stack = StackContext.loadOffline(config, aws, environment());
    StackConfig c = stack.config();
    if (output().json()) {
      ObjectNode document = new ObjectMapper().createObjectNode();
      document.put("valid", true);
      document.put("file", stack.file());
      document.put("env", stack.env());
      document.put("region", stack.region());
      document.put("deletion_protection", stack.deletionProtection());
      output().result(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document));
    } else {
      output().result(stack.file() + " is valid for " + stack.project() + "/" + stack.env() + " (" + stack.region()
          + "): " + c.zones().size() + " zones, " + c.tables().size() + " tables, "
          + (c.athena() == null ? 0 : c.athena().workgroups().size()) + " workgroups, "
          + c.iam().roles().size() + " roles"
          + (stack.deletionProtection() ? "; deletion protection on" : "") + ".");
    }
    return ExitCode.OK;
  }
}
