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
 * @param rotationPeriodDays read from a key, the days between its automatic rotations where KMS rotates it on
 *     another period than the yearly one the stack gives it (set outside lakehouse); null while it rotates yearly
 *     or not at all, and in the config's key
 */
public record KeySpec(
    String alias,
    String description,
    String state,
    boolean rotation,
    Integer rotationPeriodDays,
    JsonNode policy,
    Map<String, String> tags,
    @JsonIgnore String keyId,
    @JsonIgnore String arn) implements TaggedSpec<KeySpec> {

  /** The rotation period the stack gives its key: yearly, KMS's default. */
  public static final int YEARLY_ROTATION_DAYS = 365;

  public KeySpec {
    tags = Map.copyOf(tags);
  }

  /** A key rotated yearly when {@code rotation} is on, as the config wants one. */
  public KeySpec(String alias, String description, String state, boolean rotation, JsonNode policy,
      Map<String, String> tags, String keyId, String arn) {
    this(alias, description, state, rotation, null, policy, tags, keyId, arn);
  }

  /** The alias as KMS names it: {@code alias/<name>}. */
  @JsonIgnore
  public String aliasName() {
    return alias.startsWith("alias/") ? alias : "alias/" + alias;
  }

  @Override
  public KeySpec withTags(Map<String, String> tags) {
    return new KeySpec(alias, description, state, rotation, rotationPeriodDays, policy, tags, keyId, arn);
  }
}
