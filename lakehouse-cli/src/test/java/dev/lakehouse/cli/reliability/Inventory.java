package dev.lakehouse.cli.reliability;

import dev.lakehouse.testkit.TestClients;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.athena.model.WorkGroupSummary;
import software.amazon.awssdk.services.glue.model.Database;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.s3.model.Bucket;

/**
 * What the account holds, counted with independent SDK reads: usable KMS keys and their aliases,
 * buckets, Glue databases, Athena workgroups. Two equal inventories mean nothing was made twice and
 * nothing lost.
 */
record Inventory(Map<String, List<String>> kinds) {

  static Inventory of(TestClients read) {
    Map<String, List<String>> kinds = new TreeMap<>();
    List<KeyMetadata> keys = read.kms().listKeysPaginator().keys().stream()
        .map(k -> read.kms().describeKey(b -> b.keyId(k.keyId())).keyMetadata())
        .filter(k -> k.keyState() != KeyState.PENDING_DELETION && "CUSTOMER".equals(k.keyManagerAsString()))
        .toList();
    kinds.put("usable kms keys", keys.stream().map(k -> "key").toList());
    kinds.put("kms aliases", read.kms().listAliasesPaginator().aliases().stream()
        .filter(a -> a.targetKeyId() != null && !a.aliasName().startsWith("alias/aws/"))
        .map(a -> a.aliasName() + (keys.stream().anyMatch(k -> k.keyId().equals(a.targetKeyId())) ? "" : " (dangling)"))
        .sorted().toList());
    kinds.put("buckets", read.s3().listBuckets().buckets().stream().map(Bucket::name).sorted().toList());
    kinds.put("glue databases", read.glue().getDatabasesPaginator(b -> { }).stream()
        .flatMap(page -> page.databaseList().stream()).map(Database::name).sorted().toList());
    kinds.put("athena workgroups", read.athena().listWorkGroupsPaginator(b -> { }).stream()
        .flatMap(page -> page.workGroups().stream()).map(WorkGroupSummary::name).filter(n -> !n.equals("primary")).sorted().toList());
    return new Inventory(kinds);
  }
}
