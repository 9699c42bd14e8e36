package dev.lakehouse.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.aws.Versions;
import dev.lakehouse.cli.options.AwsOptions;
import dev.lakehouse.cli.options.ConfigOptions;
import org.apache.iceberg.IcebergBuild;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The tool's version and those of the AWS SDK and Iceberg it carries. */
@Command(name = "version", mixinStandardHelpOptions = true,
    description = {"Print the version, and the versions of the AWS SDK and Iceberg it carries. Makes no AWS call.",
        "Takes the config and AWS options, as every command does, and ignores them."},
    footer = {"", "Examples:",
        "  lakehouse version",
        "  lakehouse version --json | jq -r .lakehouse",
        "",
        "With --json: {\"lakehouse\", \"aws_sdk\", \"iceberg\", \"java\"}: each version as text."})
final class VersionCommand extends BaseCommand {
  /** Taken, as every command takes them (a script may pass them to each), and not used. */
  @Mixin
  ConfigOptions config;

  /** Taken, as every command takes them, and not used: the command makes no AWS call. */
  @Mixin
  AwsOptions aws;

  @Override
  protected ExitCode run() throws Exception {
    if (output().json()) {
      ObjectNode document = new ObjectMapper().createObjectNode();
      document.put("lakehouse", Versions.LAKEHOUSE);
      document.put("aws_sdk", Versions.AWS_SDK);
      document.put("iceberg", IcebergBuild.version());
      document.put("java", System.getProperty("java.version"));
      output().result(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document));
    } else {
      output().result("lakehouse " + Versions.LAKEHOUSE);
      output().result("AWS SDK for Java " + Versions.AWS_SDK);
      output().result("Apache Iceberg " + IcebergBuild.version());
      output().result("Java " + System.getProperty("java.version"));
    }
    return ExitCode.OK;
  }
}
