package dev.lakehouse.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.cli.Cli;
import dev.lakehouse.testkit.Ports;
import dev.lakehouse.testkit.proxy.AwsProxy;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reliability: every config of {@code src/test/resources/bad-configs/} (syntax errors, wrong types,
 * unknown keys, bad units and names, impossible lifecycles, unsafe retention, dangling references, a
 * cycle, a 5 MB file, binary junk, an empty file, deep nesting, a billion-laughs alias bomb) makes
 * {@code plan} exit 1 with the expected {@code FILE:LINE:COL: field: message}, before any AWS call.
 *
 * <p>Each file's expected first line of output is its first-line comment {@code # expect: ...}, or
 * for files that cannot hold a comment (empty, binary) a sidecar {@code NAME.expected}; {@code {file}}
 * stands for the path as given on the command line. The CLI points at a recording proxy, which
 * must see no request at all.
 */
class BadConfigCorpusTest {
  private static final Path CORPUS = Path.of("src", "test", "resources", "bad-configs");
  private static AwsProxy aws;

  @BeforeAll
  static void startProxy() {
    // Nothing listens upstream: any call that got through would be recorded, then fail.
    aws = AwsProxy.start(URI.create("http://127.0.0.1:" + Ports.freeLoopbackPort()));
  }

  @AfterAll
  static void stopProxy() {
    aws.close();
  }

  static Stream<Path> configs() throws IOException {
    try (Stream<Path> files = Files.list(CORPUS)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @Test
  void theCorpusCoversAtLeastFortyConfigs() throws IOException {
    assertThat(configs().count()).isGreaterThanOrEqualTo(40);
    assertThat(Files.size(CORPUS.resolve("huge-5mb.yaml"))).isGreaterThanOrEqualTo(5_000_000);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void eachBadConfigFailsWithItsMessageAndNoAwsCall(Path config) throws IOException {
    String expected = expected(config).replace("{file}", config.toString());
    aws.clearRecording();

    Cli.Result plan = Cli.exec("plan", "-f", config.toString(), "--env", "dev", "--endpoint-url",
        aws.endpoint().toString());

    assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(1);
    List<String> lines = plan.stderr().lines().toList();
    assertThat(lines.get(0)).isEqualTo(expected);
    assertThat(lines.get(0)).matches("\\Q" + config + "\\E:\\d+:\\d+: .+");
    assertThat(lines.get(lines.size() - 2)).matches("\\d+ problems? in the config; nothing was changed\\.");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("Once fixed, check it offline (no AWS call) with: "
        + "lakehouse validate -f " + config + " --env dev");
    assertThat(plan.stdout()).isEmpty();
    assertThat(plan.calls().calls()).isEmpty();
    assertThat(aws.requests()).isEmpty();
  }

  private static String expected(Path config) throws IOException {
    Path sidecar = config.resolveSibling(config.getFileName().toString().replace(".yaml", ".expected"));
    if (Files.exists(sidecar)) {
      return Files.readString(sidecar).strip();
    }
    String first = new String(Files.readAllBytes(config), StandardCharsets.ISO_8859_1).lines().findFirst().orElseThrow();
    assertThat(first).as("the first line of " + config).startsWith("# expect: ");
    return new String(first.substring("# expect: ".length()).getBytes(StandardCharsets.ISO_8859_1),
        StandardCharsets.UTF_8);
  }
}
