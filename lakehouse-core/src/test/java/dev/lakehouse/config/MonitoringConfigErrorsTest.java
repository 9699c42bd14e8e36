package dev.lakehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The monitoring section's checks, each on the canonical stack edited in one place, messages verbatim. */
class MonitoringConfigErrorsTest {
  private final ConfigLoader loader = new ConfigLoader(Map.of());

  static Stream<Arguments> edits() {
    return Stream.of(
        Arguments.of("an alarm on a workgroup that publishes no metrics",
            "slowQueries: { workgroup: \"${project}-${env}\"", "slowQueries: { workgroup: \"${project}-${env}-adhoc\"",
            "lakehouse.yaml:138:31: monitoring.alarms.slowQueries.workgroup: workgroup 'acme-dev-adhoc' does not "
                + "publish CloudWatch metrics, so the alarm would never see a data point; set "
                + "publishCloudWatchMetrics: true on it (written as '${project}-${env}-adhoc')"),
        Arguments.of("an alarm on a workgroup that is not declared",
            "dataScanned: { workgroup: \"${project}-${env}\"", "dataScanned: { workgroup: \"${project}-${env}-ad\"",
            "lakehouse.yaml:139:31: monitoring.alarms.dataScanned.workgroup: unknown workgroup 'acme-dev-ad'; "
                + "did you mean 'acme-dev'?; declare it under athena.workgroups (written as '${project}-${env}-ad')"),
        Arguments.of("a dashboard name CloudWatch rejects",
            "dashboard: ${project}-${env}-lakehouse", "dashboard: ${project}.${env}.lakehouse",
            "lakehouse.yaml:141:14: monitoring.dashboard: 'acme.dev.lakehouse' is not a valid dashboard name "
                + "(letters, digits, '_' and '-', at most 255) (written as '${project}.${env}.lakehouse')"),
        Arguments.of("a dashboard name longer than CloudWatch allows",
            "dashboard: ${project}-${env}-lakehouse", "dashboard: ${project}-" + "d".repeat(251),
            "lakehouse.yaml:141:14: monitoring.dashboard: 'acme-" + "d".repeat(251) + "' is not a valid dashboard "
                + "name (letters, digits, '_' and '-', at most 255) (written as '${project}-" + "d".repeat(251) + "')"),
        Arguments.of("a dashboard with no alarm to show",
            "  alarms:\n    slowQueries: { workgroup: \"${project}-${env}\", averageSecondsAbove: 60 }\n"
                + "    dataScanned: { workgroup: \"${project}-${env}\", bytesPerHourAbove: 1TB }\n"
                + "    snapshotCount: { above: 100 }      # fed by the metrics that `maintain` publishes\n",
            "",
            "lakehouse.yaml:137:14: monitoring.dashboard: the dashboard shows the metrics of the alarms, and none is "
                + "declared; declare at least one under monitoring.alarms (written as '${project}-${env}-lakehouse')"),
        Arguments.of("a topic name SNS rejects",
            "alertTopic: ${project}-${env}-lakehouse-alerts", "alertTopic: ${project}/${env}",
            "lakehouse.yaml:135:15: monitoring.alertTopic: 'acme/dev' is not a valid SNS topic name (letters, "
                + "digits, '_' and '-', at most 256) (written as '${project}/${env}')"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("edits")
  void reportsTheProblemAtItsPlace(String what, String from, String to, String expected) throws IOException {
    String canonical = Files.readString(CanonicalStackTest.CANONICAL);
    assertThat(canonical).contains(from);
    String edited = canonical.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to));
    assertThatThrownBy(() -> loader.load(
            new ConfigLoader.Request(Path.of("lakehouse.yaml"), "lakehouse.yaml", "dev", null, null),
            edited.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ConfigException.class)
        .extracting(e -> ((ConfigException) e).problems().stream().map(ConfigProblem::toString).toList())
        .asList()
        .containsExactly(expected);
  }
}
