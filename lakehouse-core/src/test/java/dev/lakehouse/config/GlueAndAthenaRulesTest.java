package dev.lakehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What Glue and Athena would refuse of the databases and workgroups is refused at validation,
 * each message checked verbatim on an edit of the canonical stack.
 */
class GlueAndAthenaRulesTest {
  private static final String CANONICAL = read(CanonicalStackTest.CANONICAL);
  private final ConfigLoader loader = new ConfigLoader(Map.of());

  @Test
  void aScanLimitJustAboveAthenasDecimalMinimumIsAccepted() {
    assertThat(problems(CANONICAL.replace("bytesScannedCutoffPerQuery: 100GB", "bytesScannedCutoffPerQuery: 10000000")))
        .isEmpty();
    assertThat(problems(CANONICAL.replace("bytesScannedCutoffPerQuery: 100GB", "bytesScannedCutoffPerQuery: 9999999")))
        .containsExactly("lakehouse.yaml:104:35: athena.workgroups[1].bytesScannedCutoffPerQuery: 9999999B is below "
            + "Athena's minimum per-query limit of 10000000 bytes (about 9.54MB in this file's binary units); "
            + "use 10MB or more");
  }

  @Test
  void workgroupsNeedTheResultsBucketTheirResultsGoTo() {
    assertThat(problems(CANONICAL.replace("  resultsBucket: ${project}-${env}-athena-results-${account}\n", "")))
        .containsExactly("lakehouse.yaml:96:3: athena.resultsBucket: is required");
  }

  @Test
  void aWorkgroupCarriesAtMostFiftyTags() {
    String edited = CANONICAL.replace("    - name: ${project}-${env}-adhoc\n",
        "    - name: ${project}-${env}-adhoc\n      tags: {" + manyTags(46) + "}\n");
    assertThat(problems(edited)).containsExactly("lakehouse.yaml:104:13: athena.workgroups[1].tags: a workgroup can "
        + "carry at most 50 tags, and these come to 51 with the stack's tags and lakehouse's own three");
  }

  @Test
  void aZoneBucketAndItsDatabaseCarryAtMostFiftyTags() {
    String edited = CANONICAL.replace("    bucket: ${project}-${env}-curated-${account}\n",
        "    bucket: ${project}-${env}-curated-${account}\n    tags: {" + manyTags(46) + "}\n");
    assertThat(problems(edited)).containsExactly("lakehouse.yaml:67:11: zones.curated.tags: a bucket and its "
        + "database can carry at most 50 tags, and these come to 51 with the stack's tags and lakehouse's own three");
  }

  @Test
  void theStacksTagsLeaveRoomForLakehousesOwnThree() {
    String edited = CANONICAL.replace("  Owner: data-platform\n", "  Owner: data-platform\n" + manyTagLines(46));
    assertThat(problems(edited)).containsExactly("lakehouse.yaml:31:3: tags: a resource can carry at most 50 tags, "
        + "and these come to 51 with lakehouse's own three (two ownership tags and the mark of the applied config)");
  }

  @Test
  void theKmsKeyAndTheRolesAlsoCarryATagOfTheirOwn() {
    String edited = CANONICAL.replace("  Owner: data-platform\n", "  Owner: data-platform\n" + manyTagLines(45));
    assertThat(problems(edited)).containsExactly("lakehouse.yaml:31:3: tags: the KMS key can carry at most 50 tags, "
        + "and these come to 51 with lakehouse's own four (two ownership tags, the mark of the applied config and "
        + "the key's alias)", "lakehouse.yaml:31:3: tags: an IAM role can carry at most 50 tags, and these come to 51 "
        + "with lakehouse's own four (two ownership tags, the stack's region and the mark of the applied config)");
    assertThat(problems(CANONICAL.replace("  Owner: data-platform\n", "  Owner: data-platform\n" + manyTagLines(44))))
        .isEmpty();
  }

  @Test
  void aDatabaseParameterKeyHasGluesLimit() {
    String longKey = "k".repeat(256);
    String edited = CANONICAL.replace("      description: Raw zone (bronze)\n",
        "      description: Raw zone (bronze)\n      parameters:\n        " + longKey + ": x\n");
    assertThat(problems(edited)).containsExactly(
        "lakehouse.yaml:56:9: zones.raw.database.parameters." + longKey + ": a Glue database parameter key must be "
            + "1 to 255 characters long");
  }

  @Test
  void aDatabaseParameterValueOfGluesLongestIsAccepted() {
    String edited = CANONICAL.replace("      description: Raw zone (bronze)\n",
        "      description: Raw zone (bronze)\n      parameters: { long: " + "v".repeat(512_000) + " }\n");
    assertThat(problems(edited)).isEmpty();
    assertThat(problems(edited.replace("v".repeat(512_000), "v".repeat(512_001)))).containsExactly(
        "lakehouse.yaml:55:27: zones.raw.database.parameters.long: a Glue database parameter value must be at most "
            + "512000 characters long");
  }

  private static String manyTagLines(int count) {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < count; i++) {
      lines.append("  Extra").append(i).append(": v\n");
    }
    return lines.toString();
  }

  private static String manyTags(int count) {
    return IntStream.range(0, count).mapToObj(i -> "t" + i + ": x").collect(Collectors.joining(", "));
  }

  private List<String> problems(String yaml) {
    try {
      loader.load(new ConfigLoader.Request(Path.of("lakehouse.yaml"), "lakehouse.yaml", "dev", null, null),
          yaml.getBytes(StandardCharsets.UTF_8));
      return List.of();
    } catch (ConfigException e) {
      return e.problems().stream().map(ConfigProblem::toString).toList();
    }
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
