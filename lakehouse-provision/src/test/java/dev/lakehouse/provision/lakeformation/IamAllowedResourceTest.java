package dev.lakehouse.provision.lakeformation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lakeformation.model.PrincipalResourcePermissions;
import software.amazon.awssdk.services.lakeformation.model.Resource;
import software.amazon.awssdk.services.lakeformation.model.TableWildcard;

class IamAllowedResourceTest {
  private static final String ACCOUNT = "123456789012";
  private final IamAllowedResource type = new IamAllowedResource(null, null, ACCOUNT, List::of);

  @Test
  void readsWhatTheGroupHoldsOnTheDatabaseAndItsTablesInThisCatalogOnly() {
    List<PrincipalResourcePermissions> listed = List.of(
        entry("IAM_ALLOWED_PRINCIPALS", Resource.builder().database(d -> d.catalogId(ACCOUNT).name("sales")).build(),
            "ALL"),
        entry("IAM_ALLOWED_PRINCIPALS", Resource.builder().table(t -> t.databaseName("sales").name("orders")).build(),
            "ALL"),
        entry("IAM_ALLOWED_PRINCIPALS", Resource.builder().tableWithColumns(t -> t.catalogId(ACCOUNT)
            .databaseName("sales").name("refunds").columnNames("id")).build(), "SELECT"),
        entry("IAM_ALLOWED_PRINCIPALS", Resource.builder().table(t -> t.catalogId(ACCOUNT).databaseName("sales")
            .tableWildcard(TableWildcard.builder().build())).build(), "DESCRIBE"),
        // Another principal, another database, another account's catalog, and an entry holding nothing.
        entry("arn:aws:iam::123456789012:role/analyst",
            Resource.builder().table(t -> t.databaseName("sales").name("orders")).build(), "SELECT"),
        entry("IAM_ALLOWED_PRINCIPALS", Resource.builder().table(t -> t.databaseName("sales_old").name("orders"))
            .build(), "ALL"),
        entry("IAM_ALLOWED_PRINCIPALS", Resource.builder().database(d -> d.catalogId("210987654321").name("sales"))
            .build(), "ALL"),
        entry("IAM_ALLOWED_PRINCIPALS", Resource.builder().table(t -> t.databaseName("sales").name("empty")).build()));

    List<PrincipalResourcePermissions> held = type.held(IamAllowedSpec.none("sales"), listed);

    assertThat(held).hasSize(4);
    assertThat(type.flatten(IamAllowedSpec.none("sales"), held))
        .isEqualTo(new IamAllowedSpec("sales", List.of("sales", "sales.*", "sales.orders", "sales.refunds")));
    assertThat(type.flatten(IamAllowedSpec.none("sales"), type.held(IamAllowedSpec.none("sales"), List.of())))
        .isEqualTo(IamAllowedSpec.none("sales"));
  }

  @Test
  void aTableOfAPipelineIsReadApartFromTheRestOfTheZone() {
    List<PrincipalResourcePermissions> listed = List.of(
        entry("IAM_ALLOWED_PRINCIPALS", Resource.builder().database(d -> d.name("sales")).build(), "ALL"),
        entry("IAM_ALLOWED_PRINCIPALS", Resource.builder().table(t -> t.databaseName("sales").name("orders")).build(),
            "ALL"),
        entry("IAM_ALLOWED_PRINCIPALS", Resource.builder().table(t -> t.databaseName("sales").name("clicks")).build(),
            "ALL"),
        entry("IAM_ALLOWED_PRINCIPALS", Resource.builder().tableWithColumns(t -> t.databaseName("sales").name("clicks")
            .columnNames("id")).build(), "SELECT"));
    IamAllowedSpec zone = IamAllowedSpec.none("sales", null, List.of("clicks"));
    IamAllowedSpec clicks = IamAllowedSpec.none("sales", "clicks", List.of());

    assertThat(type.flatten(zone, type.held(zone, listed)).grantedOn()).containsExactly("sales", "sales.orders");
    assertThat(type.held(clicks, listed)).hasSize(2);
    assertThat(type.flatten(clicks, type.held(clicks, listed)).grantedOn()).containsExactly("sales.clicks");
  }

  private static PrincipalResourcePermissions entry(String principal, Resource resource, String... permissions) {
    return PrincipalResourcePermissions.builder()
        .principal(p -> p.dataLakePrincipalIdentifier(principal))
        .resource(resource)
        .permissionsWithStrings(permissions)
        .build();
  }
}
