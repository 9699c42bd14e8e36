package dev.lakehouse.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.provision.athena.AthenaProvider;
import dev.lakehouse.provision.engine.Action;
import dev.lakehouse.provision.engine.Plan;
import dev.lakehouse.provision.glue.GlueProvider;
import dev.lakehouse.provision.iam.IamProvider;
import dev.lakehouse.provision.kms.KmsProvider;
import dev.lakehouse.provision.s3.S3Provider;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import dev.lakehouse.testkit.proxy.RecordedRequest;
import org.assertj.core.api.SoftAssertions;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * A plan in an account that holds many more databases, workgroups and roles than the stack's: it
 * finds every resource of the stack, and what it costs grows with the stack, not with the account.
 */
class LargeAccountIT {
  private static final int OTHER_DATABASES = 120;
  private static final int OTHER_WORKGROUPS = 60;
  /** More than the 100 roles of ListRoles' default page. */
  private static final int OTHER_ROLES = 150;

  @EmulatorTest
  void aPlanAmongManyOtherResourcesFindsTheStacksAndReadsTheTagsOfNoneOfTheOthers(Emulator emulator) {
    try (EmulatedAccount account = EmulatedAccount.open(emulator, List.of(new KmsProvider(), new S3Provider(),
        new GlueProvider(), new AthenaProvider(), new IamProvider()))) {
      assertThat(account.apply(account.canonicalDev()).failed()).isEmpty();
      GlueClient glue = account.clients().glue();
      IntStream.range(0, OTHER_DATABASES).forEach(i -> glue.createDatabase(b -> b
          .databaseInput(d -> d.name(String.format("sales_%03d", i))).tags(Map.of("Team", "sales"))));
      IntStream.range(0, OTHER_WORKGROUPS).forEach(i -> account.clients().athena().createWorkGroup(b -> b
          .name(String.format("sales-%03d", i)).tags(t -> t.key("Team").value("sales"))));
      IamClient iam = account.clients().iam();
      IntStream.range(0, OTHER_ROLES).forEach(i -> iam.createRole(b -> b.roleName(String.format("sales-%03d", i))
          .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
              + "\"Principal\":{\"Service\":\"glue.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}")));
      account.proxy().clearRecording();

      Plan plan = account.plan(account.canonicalDev());

      assertThat(plan.changes()).allSatisfy(c -> assertThat(c.action()).as(c.address().toString()).isEqualTo(Action.NO_OP));
      List<RecordedRequest> calls = account.proxy().requests();
      SoftAssertions.assertSoftly(soft -> {
        soft.assertThat(count(calls, "glue", "GetTags")).as("the zones' three databases' tags, no other's").isEqualTo(3);
        soft.assertThat(count(calls, "athena", "ListTagsForResource")).as("the stack's two workgroups' tags, no other's")
            .isEqualTo(2);
        soft.assertThat(count(calls, "iam", "ListRoles")).as("every role of the account in one page").isEqualTo(1);
      });
    }
  }

  private static long count(List<RecordedRequest> calls, String service, String operation) {
    return calls.stream().filter(c -> c.service().equals(service) && c.operation().equals(operation)).count();
  }
}
