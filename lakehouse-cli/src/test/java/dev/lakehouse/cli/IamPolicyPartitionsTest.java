package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The IAM policies of examples/iam serve a stack in any partition: the README's placeholders say what to write
 * for the partition's ARNs, and once it is written no ARN of another partition is left.
 */
class IamPolicyPartitionsTest {
  private static final Path IAM = Path.of("..", "examples", "iam");
  private static final Pattern PLACEHOLDER_ROW = Pattern.compile("(?m)^\\| `([^`]+)` \\| ([^|]+) \\| ([^|]+) \\|$");
  private static final Pattern ARN = Pattern.compile("\"(arn:[^:\"]*):");

  @ParameterizedTest(name = "{0}")
  @CsvSource({"arn:aws-cn", "arn:aws-us-gov"})
  void everyArnOfThePoliciesIsPutInTheStacksPartitionAsTheReadmeSays(String partition) throws IOException {
    Optional<String> told = placeholderFor("arn:aws:");
    assertThat(told).as("the README's placeholder for the partition of the policies' ARNs").isPresent();
    assertThat(told.get()).contains("`" + partition + ":`");
    for (String file : List.of("plan.json", "apply.json", "maintain.json")) {
      String policy = Files.readString(IAM.resolve(file)).replace("arn:aws:", partition + ":");
      Matcher arn = ARN.matcher(policy);
      while (arn.find()) {
        assertThat(arn.group(1)).as(file).isEqualTo(partition);
      }
    }
  }

  private static Optional<String> placeholderFor(String text) throws IOException {
    Matcher row = PLACEHOLDER_ROW.matcher(Files.readString(IAM.resolve("README.md")));
    while (row.find()) {
      if (row.group(1).equals(text)) {
        return Optional.of(row.group(3));
      }
    }
    return Optional.empty();
  }
}
