package dev.lakehouse.provision.kms;

import dev.lakehouse.aws.AwsClients;
import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.KmsKeyConfig;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.engine.Address;
import dev.lakehouse.provision.resource.Desired;
import dev.lakehouse.provision.resource.Discovered;
import dev.lakehouse.provision.resource.ProvisionContext;
import dev.lakehouse.provision.resource.ResourceProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stack's KMS key, {@code kms_key.lakehouse}, when {@code encryption.kmsKey} is configured;
 * when it is not, the key the stack made before (found by the stack's ownership tags among the
 * account's keys), which plans delete: schedule for deletion, with the longest waiting period.
 */
public final class KmsProvider implements ResourceProvider {
  @Override
  public List<Desired<?>> desired(ProvisionContext context) {
    Stack stack = context.stack();
    AwsClients aws = context.aws();
    KmsKeyConfig key = stack.config().encryption().kmsKey();
    if (key == null) {
      return List.of();
    }
    KmsKeyResource type = new KmsKeyResource(aws.kms(), key.deletionWindowDays());
    return List.of(Desired.of(Addresses.kmsKey(), type, Set.of(), outputs -> spec(stack, key)).adopting(key.adopt()));
  }

  @Override
  public List<Discovered<?>> discover(ProvisionContext context, Set<Address> declared) {
    if (declared.contains(Addresses.kmsKey())) {
      return List.of();
    }
    KmsKeyResource type = new KmsKeyResource(context.aws().kms(), KmsKeyConfig.DEFAULT_DELETION_WINDOW_DAYS);
    // The stack has one key: were there more (made under other aliases), the first stands for them.
    return type.owned(context.stack().ownershipTags()).stream().limit(1)
        .<Discovered<?>>map(key -> new Discovered<>(Addresses.kmsKey(), type, key, Set.of())).toList();
  }

  static KeySpec spec(Stack stack, KmsKeyConfig key) {
    String alias = key.alias().startsWith("alias/") ? key.alias().substring("alias/".length()) : key.alias();
    Map<String, String> tags = new LinkedHashMap<>(stack.tagsWith(Map.of()));
    tags.put(KmsKeyResource.ALIAS_TAG, alias);
    boolean alarmsNotify = stack.config().monitoring() != null && stack.config().monitoring().alertTopic() != null;
    boolean lakeFormationRegisters = stack.config().lakeFormation() != null
        && !stack.config().lakeFormation().registerZones().isEmpty();
    return new KeySpec(alias, key.description(), "Enabled", key.rotation(),
        KeyPolicies.lakehouseKey(stack.partition(), stack.account(), stack.region(), alarmsNotify,
            lakeFormationRegisters), tags, null, null);
  }
}
