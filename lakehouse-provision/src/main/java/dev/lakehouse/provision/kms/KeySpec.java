package dev.lakehouse.provision.kms;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.provision.resource.TaggedSpec;
import java.util.Map;

/**
 * The stack's KMS key: found by its alias (or, without one, by its tags); its description, state, automatic rotation,
 * key policy (canonical form) and tags. The key id and ARN are AWS's and not compared.
 *
 * @param alias the alias without {@code alias/}; null for the stack's key found without its alias
 *     (a destroy removed it), which the plan shows as the alias to restore
 * @param state {@code Enabled}, {@code Disabled} or {@code PendingDeletion}
 */
public record KeySpec(
    String alias,
    String description,
    String state,
    boolean rotation,
    JsonNode policy,
    Map<String, String> tags,
    @JsonIgnore String keyId,
    @JsonIgnore String arn) implements TaggedSpec<KeySpec> {

  public KeySpec {
    tags = Map.copyOf(tags);
  }

  /** The alias as KMS names it: {@code alias/<name>}. */
  @JsonIgnore
  public String aliasName() {
    return alias.startsWith("alias/") ? alias : "alias/" + alias;
  }

  @Override
  public KeySpec withTags(Map<String, String> tags) {
    return new KeySpec(alias, description, state, rotation, policy, tags, keyId, arn);
  }
}
