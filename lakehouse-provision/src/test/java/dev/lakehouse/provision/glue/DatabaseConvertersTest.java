package dev.lakehouse.provision.glue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.model.Database;
import software.amazon.awssdk.services.glue.model.DatabaseInput;
import software.amazon.awssdk.services.glue.model.Permission;
import software.amazon.awssdk.services.glue.model.PrincipalPermissions;

/** Spec -> Glue request -> spec, one test per converter. */
class DatabaseConvertersTest {
  static final PrincipalPermissions IAM_ALLOWED = PrincipalPermissions.builder()
      .principal(p -> p.dataLakePrincipalIdentifier("IAM_ALLOWED_PRINCIPALS"))
      .permissions(Permission.ALL)
      .build();
  static final DatabaseSpec RAW = new DatabaseSpec("acme_dev_raw", "Raw zone (bronze)",
      "s3://acme-dev-raw-111122223333/", Map.of("classification", "bronze"),
      Map.of("Owner", "data-platform"), null);

  @Test
  void theArnIsTheOneGlueTagsDatabasesBy() {
    assertThat(DatabaseConverters.arn("aws", "us-east-1", "111122223333", "acme_dev_raw"))
        .isEqualTo("arn:aws:glue:us-east-1:111122223333:database/acme_dev_raw");
  }

  @Test
  void theInputHoldsEveryAttributeAndKeepsTheDefaultTablePermissions() {
    DatabaseInput input = DatabaseConverters.expandInput(RAW, List.of(IAM_ALLOWED));
    assertThat(input).isEqualTo(DatabaseInput.builder()
        .name("acme_dev_raw")
        .description("Raw zone (bronze)")
        .locationUri("s3://acme-dev-raw-111122223333/")
        .parameters(Map.of("classification", "bronze"))
        .createTableDefaultPermissions(IAM_ALLOWED)
        .build());
  }

  @Test
  void emptyParametersAreSentSoThatUpdateDatabaseDropsTheOldOnes() {
    DatabaseSpec bare = new DatabaseSpec("acme_dev_raw", null, "s3://b/", Map.of(), Map.of(), null);
    DatabaseInput input = DatabaseConverters.expandInput(bare, null);
    assertThat(input.hasParameters()).isTrue();
    assertThat(input.parameters()).isEmpty();
    assertThat(input.description()).isNull();
    assertThat(input.hasCreateTableDefaultPermissions()).isFalse();
  }

  @Test
  void aDatabaseOfAnEnforcedZoneIsSentWithNoDefaultPermissionsAndOneThatGivesThemToIamReadsSo() {
    DatabaseSpec enforced = withIamAccessForNewTables(false);
    DatabaseInput input = DatabaseConverters.expandInput(enforced, List.of(IAM_ALLOWED));
    assertThat(input.hasCreateTableDefaultPermissions()).isTrue();
    assertThat(input.createTableDefaultPermissions()).isEmpty();
    assertThat(DatabaseConverters.expandInput(withIamAccessForNewTables(true), null)
        .createTableDefaultPermissions()).containsExactly(IAM_ALLOWED);

    Database givingToIam = Database.builder().name("acme_dev_raw").createTableDefaultPermissions(IAM_ALLOWED).build();
    Database givingNone = Database.builder().name("acme_dev_raw").createTableDefaultPermissions(List.of()).build();
    assertThat(DatabaseConverters.flattenDatabase(givingToIam, Map.of(), true).iamAccessForNewTables()).isTrue();
    assertThat(DatabaseConverters.flattenDatabase(givingNone, Map.of(), true).iamAccessForNewTables()).isFalse();
    assertThat(DatabaseConverters.flattenDatabase(givingToIam, Map.of(), false).iamAccessForNewTables()).isNull();
  }

  @Test
  void whatGlueReturnsReadsAsTheSpecItWasMadeFrom() {
    DatabaseInput input = DatabaseConverters.expandInput(RAW, null);
    Database returned = Database.builder()
        .name(input.name())
        .description(input.description())
        .locationUri(input.locationUri())
        .parameters(input.parameters())
        .catalogId("111122223333")
        .createTableDefaultPermissions(IAM_ALLOWED)
        .build();
    DatabaseSpec read = DatabaseConverters.flattenDatabase(returned, Map.of("Owner", "data-platform"));
    assertThat(read).isEqualTo(new DatabaseSpec(RAW.name(), RAW.description(), RAW.locationUri(), RAW.parameters(),
        RAW.tags(), List.of(IAM_ALLOWED)));
  }

  @Test
  void anEmptyDescriptionAndAbsentParametersReadAsNone() {
    Database returned = Database.builder().name("db").description("").locationUri("s3://b/").build();
    DatabaseSpec read = DatabaseConverters.flattenDatabase(returned, Map.of());
    assertThat(read.description()).isNull();
    assertThat(read.parameters()).isEmpty();
    assertThat(read.createTableDefaultPermissions()).isNull();
  }

  private static DatabaseSpec withIamAccessForNewTables(boolean iamAccess) {
    return new DatabaseSpec(RAW.name(), RAW.description(), RAW.locationUri(), RAW.parameters(), RAW.tags(), iamAccess,
        null);
  }
}
