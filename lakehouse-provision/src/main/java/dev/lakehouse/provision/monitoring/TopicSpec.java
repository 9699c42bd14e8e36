package dev.lakehouse.provision.monitoring;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.provision.resource.TaggedSpec;
import java.util.Map;

/**
 * The alert topic: its name, the KMS key it is encrypted with, its access policy (canonical
 * form) and tags. The ARN follows from the name, the account and the region, so the stack
 * knows it before the topic exists; it identifies the topic and is not compared.
 *
 * @param kmsMasterKeyId the key ARN, as written to and read from {@code KmsMasterKeyId}; null when unencrypted
 */
public record TopicSpec(
    String name,
    String kmsMasterKeyId,
    JsonNode policy,
    Map<String, String> tags,
    @JsonIgnore String arn) implements TaggedSpec<TopicSpec> {

  public TopicSpec {
    tags = Map.copyOf(tags);
  }

  @Override
  public TopicSpec withTags(Map<String, String> tags) {
    return new TopicSpec(name, kmsMasterKeyId, policy, tags, arn);
  }
}
