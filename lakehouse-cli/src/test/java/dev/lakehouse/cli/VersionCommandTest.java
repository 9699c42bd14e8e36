package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.aws.Versions;
import dev.lakehouse.aws.CallRecorder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.iceberg.IcebergBuild;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** {@code lakehouse version}: the tool's version and those of the libraries that talk to AWS and Iceberg. */
class VersionCommandTest {

  @Test
  void printsTheToolsTheSdksAndIcebergsVersions() {
    Cli.Result result = Cli.exec("version");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout()).isEqualTo("lakehouse " + Versions.LAKEHOUSE + "\n"
        + "AWS SDK for Java " + Versions.AWS_SDK + "\n"
        + "Apache Iceberg " + IcebergBuild.version() + "\n"
        + "Java " + System.getProperty("java.version") + "\n");
    assertThat(Versions.LAKEHOUSE).as("filled in by the build").matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    assertThat(Versions.AWS_SDK).matches("2\\.\\d+\\.\\d+");
    assertThat(result.stderr()).isEmpty();
    assertThat(result.calls().calls()).as("no AWS call").isEmpty();
  }

  @Test
  void jsonHasOneFieldPerComponent() throws Exception {
    Cli.Result result = Cli.exec("version", "--json");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode document = new ObjectMapper().readTree(result.stdout());
    assertThat(document.properties()).extracting(e -> e.getKey())
        .containsExactly("lakehouse", "aws_sdk", "iceberg", "java");
    assertThat(document.path("lakehouse").asText()).isEqualTo(Versions.LAKEHOUSE);
    assertThat(document.path("aws_sdk").asText()).isEqualTo(Versions.AWS_SDK);
    assertThat(document.path("iceberg").asText()).isEqualTo(IcebergBuild.version());
  }

  @Test
  void theHelpListsEveryFieldOfTheJson() throws Exception {
    JsonNode document = new ObjectMapper().readTree(Cli.exec("version", "--json").stdout());
    String help = Cli.exec("version", "--help").stdout();
    Matcher documented = Pattern.compile("With --json: \\{([^}]*)}").matcher(help);
    assertThat(documented.find()).as(help).isTrue();
    assertThat(Pattern.compile("\"([a-z_]+)\"").matcher(documented.group(1)).results().map(m -> m.group(1)))
        .containsExactlyElementsOf(document.properties().stream().map(Map.Entry::getKey).toList());
  }

  @Test
  void theTopLevelVersionOptionNamesTheTool() {
    Cli.Result result = Cli.exec("--version");
    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).isEqualTo("lakehouse " + Versions.LAKEHOUSE + "\n");
  }

  @TestFactory
  Stream<DynamicTest> everySubcommandsVersionOptionNamesTheToolAsTheTopLevelOneDoes() {
    return CommandLineFactory.create(new Environment(Map.of(), Terminal.NONE, false, new CallRecorder(), false),
        new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())).getSubcommands().keySet().stream()
        .flatMap(name -> Stream.of("-V", "--version").map(option -> DynamicTest.dynamicTest(name + " " + option, () -> {
          Cli.Result result = Cli.exec(name, option);
          assertThat(result.exitCode()).as(result.toString()).isZero();
          assertThat(result.stdout()).isEqualTo("lakehouse " + Versions.LAKEHOUSE + "\n");
          assertThat(result.stderr()).isEmpty();
          assertThat(result.calls().calls()).as("no AWS call").isEmpty();
        })));
  }
}
