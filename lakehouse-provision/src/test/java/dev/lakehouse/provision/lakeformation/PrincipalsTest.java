package dev.lakehouse.provision.lakeformation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.Role;

class PrincipalsTest {
  private static final String ACCOUNT = "123456789012";
  private static final String ARN = "arn:aws:iam::" + ACCOUNT + ":role/";
  private final AtomicInteger listings = new AtomicInteger();
  private final Principals principals = new Principals(ACCOUNT, (ARN + "acme-dev-analyst")::equals,
      List.of("acme-dev-analyst"), () -> {
        listings.incrementAndGet();
        return List.of(role("etl-runner", "/"), role("Nightly-Loader", "/"), role("crawler", "/service-role/"));
      });

  @Test
  void aRoleOfTheAccountThatIsNotThereIsRefusedWithTheClosestName() {
    assertThat(principals.missing(ARN + "acme-dev-analys")).contains("there is no IAM role acme-dev-analys in account "
        + ACCOUNT + ", and Lake Formation refuses a principal it cannot find; did you mean 'acme-dev-analyst'?; "
        + "correct the ARN, or make the role first");
    assertThat(principals.missing(ARN + "etl-runer")).get().asString().contains("did you mean 'etl-runner'?");
    assertThat(principals.missing(ARN + "team/reports")).contains("there is no IAM role reports at path /team/ in "
        + "account " + ACCOUNT + ", and Lake Formation refuses a principal it cannot find; correct the ARN, or make "
        + "the role first");
  }

  @Test
  void aRoleOfTheAccountAtAnotherPathIsNamedWithItsArn() {
    assertThat(principals.missing(ARN + "crawler")).contains("the IAM role crawler of account " + ACCOUNT + " is "
        + ARN + "service-role/crawler, not " + ARN + "crawler, and Lake Formation refuses a principal it cannot "
        + "find; write its ARN with its path");
  }

  @Test
  void rolesThereTheStacksOwnAndWhatCannotBeToldPassWithoutAListingWhereNoneIsNeeded() {
    assertThat(principals.missing(ARN + "acme-dev-analyst")).as("the plan makes it").isEmpty();
    assertThat(principals.missing("IAM_ALLOWED_PRINCIPALS")).isEmpty();
    assertThat(principals.missing("arn:aws:iam::210987654321:role/other-account")).isEmpty();
    assertThat(principals.missing(ARN.replace("role/", "user/") + "nobody")).isEmpty();
    assertThat(principals.missing("arn:aws:iam::" + ACCOUNT + ":saml-provider/okta")).isEmpty();
    assertThat(listings).hasValue(0);
    assertThat(principals.missing(ARN + "etl-runner")).isEmpty();
    assertThat(principals.missing(ARN + "nightly-loader")).as("IAM role names ignore case").isEmpty();
    assertThat(principals.missing(ARN + "service-role/crawler")).isEmpty();
    assertThat(Principals.unjudged(ACCOUNT, principal -> false).missing(ARN + "anything")).isEmpty();
  }

  private static Role role(String name, String path) {
    return Role.builder().roleName(name).path(path).arn(ARN + path.substring(1) + name).build();
  }
}
