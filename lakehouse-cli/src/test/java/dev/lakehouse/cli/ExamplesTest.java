package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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

  /** The environments a stack declares, or none. */
  private static List<String> environments(Path example) throws IOException {
    JsonNode declared = new ObjectMapper(new YAMLFactory()).readTree(example.toFile()).path("environments");
    List<String> names = new ArrayList<>();
    declared.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
