package dev.lakehouse.provision.iam;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.provision.resource.TaggedSpec;
import java.util.List;
import java.util.Map;

/**
 * Everything the stack manages on one IAM role, normalised so that the config's wish and what
 * IAM reports compare equal when they mean the same.
 *
 * @param description the role's description; empty for none
 * @param maxSessionDuration the longest session, in seconds (IAM's default is 3600)
 * @param trustPolicy who may assume the role, in canonical form
 * @param managedPolicies the ARNs of the attached managed policies, sorted
 * @param permissionsBoundary the ARN of the managed policy that bounds what the role's policies allow;
 *     null for none
 * @param accessPolicy the stack's inline policy {@value IamRoleResource#ACCESS_POLICY} in canonical
 *     form; null when the role has none. Inline policies of other names are not the stack's.
 * @param tags the role's tags the stack manages: the config's keys and its own {@code lakehouse:} keys
 * @param arn the role's ARN, IAM's and not compared
 */
public record RoleSpec(
    String name,
    String description,
    int maxSessionDuration,
    JsonNode trustPolicy,
    List<String> managedPolicies,
    String permissionsBoundary,
    JsonNode accessPolicy,
    Map<String, String> tags,
    @JsonIgnore String arn) implements TaggedSpec<RoleSpec> {

  public RoleSpec {
    managedPolicies = managedPolicies.stream().sorted().distinct().toList();
    tags = Map.copyOf(tags);
  }

  @Override
  public RoleSpec withTags(Map<String, String> tags) {
    return new RoleSpec(name, description, maxSessionDuration, trustPolicy, managedPolicies, permissionsBoundary,
        accessPolicy, tags, arn);
  }
}
