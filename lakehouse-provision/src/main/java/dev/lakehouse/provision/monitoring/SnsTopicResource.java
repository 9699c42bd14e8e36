package dev.lakehouse.provision.monitoring;

import dev.lakehouse.aws.PolicyDocuments;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.resource.AttributeReads;
import dev.lakehouse.provision.resource.ResourceType;
import dev.lakehouse.provision.resource.TagChanges;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sns.model.Tag;
import software.amazon.awssdk.services.sns.model.Topic;

/** The SNS topic alarms notify, with its encryption, access policy and tags. */
public final class SnsTopicResource implements ResourceType<TopicSpec> {
  static final String KMS_MASTER_KEY_ID = "KmsMasterKeyId";
  static final String POLICY = "Policy";

  private final SnsClient sns;
  private final Function<String, List<SubscriptionSpec>> subscriptions;

  public SnsTopicResource(SnsClient sns) {
    this(sns, topicArn -> SnsSubscriptionResource.subscriptions(sns, topicArn));
  }

  /** @param subscriptions a topic's subscriptions, as one read of the stack lists them once */
  public SnsTopicResource(SnsClient sns, Function<String, List<SubscriptionSpec>> subscriptions) {
    this.sns = sns;
    this.subscriptions = subscriptions;
  }

  @Override
  public String name() {
    return Addresses.SNS_TOPIC;
  }

  @Override
  public Optional<TopicSpec> read(TopicSpec desired) {
    // The tags are asked for at once; when the topic turns out not to exist, their answer is dropped.
    Supplier<Map<String, String>> tags = AttributeReads.start(() -> {
      Map<String, String> found = new TreeMap<>();
      sns.listTagsForResource(b -> b.resourceArn(desired.arn())).tags().forEach(t -> found.put(t.key(), t.value()));
      return found;
    });
    Map<String, String> attributes;
    try {
      attributes = sns.getTopicAttributes(b -> b.topicArn(desired.arn())).attributes();
    } catch (NotFoundException e) {
      return Optional.empty();
    }
    return Optional.of(flatten(desired.name(), desired.arn(), attributes,
        TagChanges.managed(tags.get(), desired.tags())));
  }

  /**
   * Every topic of the account in the client's region that carries all of these tags, read in
   * full, but those whose ARNs {@code known} accepts: they are neither read nor returned. One
   * listing, then the tags of each other topic side by side; a topic deleted meanwhile is skipped.
   */
  List<TopicSpec> tagged(Map<String, String> wanted, Predicate<String> known) {
    List<String> arns = new ArrayList<>();
    for (Topic topic : sns.listTopicsPaginator(b -> { }).topics()) {
      if (!known.test(topic.topicArn())) {
        arns.add(topic.topicArn());
      }
    }
    List<Supplier<Optional<TopicSpec>>> reads = new ArrayList<>();
    AttributeReads.carrying(arns, this::tags, wanted).forEach((arn, found) -> reads.add(AttributeReads.start(
        () -> attributes(arn).map(attributes -> flatten(arn.substring(arn.lastIndexOf(':') + 1), arn, attributes,
            found)))));
    List<TopicSpec> topics = new ArrayList<>();
    reads.forEach(read -> read.get().ifPresent(topics::add));
    return topics;
  }

  private Map<String, String> tags(String arn) {
    Map<String, String> found = new TreeMap<>();
    try {
      sns.listTagsForResource(b -> b.resourceArn(arn)).tags().forEach(t -> found.put(t.key(), t.value()));
    } catch (NotFoundException | ResourceNotFoundException e) {
      // Deleted since the listing: not there to find.
    }
    return found;
  }

  private Optional<Map<String, String>> attributes(String arn) {
    try {
      return Optional.of(sns.getTopicAttributes(b -> b.topicArn(arn)).attributes());
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /** The spec of a topic from its attributes (as GetTopicAttributes returns them) and tags. */
  static TopicSpec flatten(String name, String arn, Map<String, String> attributes, Map<String, String> tags) {
    String key = attributes.get(KMS_MASTER_KEY_ID);
    return new TopicSpec(name, key == null || key.isEmpty() ? null : key, PolicyDocuments.parse(attributes.get(POLICY)),
        tags, arn);
  }

  /** The attributes CreateTopic takes for the spec: the policy, and the key when there is one. */
  static Map<String, String> expandAttributes(TopicSpec spec) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(POLICY, PolicyDocuments.toJson(spec.policy()));
    if (spec.kmsMasterKeyId() != null) {
      attributes.put(KMS_MASTER_KEY_ID, spec.kmsMasterKeyId());
    }
    return attributes;
  }

  @Override
  public void create(TopicSpec desired) {
    sns.createTopic(b -> b.name(desired.name()).attributes(expandAttributes(desired)).tags(tags(desired.tags())));
  }

  @Override
  public void update(TopicSpec observed, TopicSpec desired, Set<String> changed) {
    String arn = desired.arn();
    if (changed.contains("kmsMasterKeyId")) {
      // SNS turns encryption off when the key is set to the empty string.
      String key = desired.kmsMasterKeyId() == null ? "" : desired.kmsMasterKeyId();
      sns.setTopicAttributes(b -> b.topicArn(arn).attributeName(KMS_MASTER_KEY_ID).attributeValue(key));
    }
    if (changed.contains("policy")) {
      sns.setTopicAttributes(b -> b.topicArn(arn).attributeName(POLICY)
          .attributeValue(PolicyDocuments.toJson(desired.policy())));
    }
    if (changed.contains("tags")) {
      TagChanges tags = TagChanges.between(observed.tags(), desired.tags());
      if (!tags.removed().isEmpty()) {
        sns.untagResource(b -> b.resourceArn(arn).tagKeys(tags.removed()));
      }
      if (!tags.set().isEmpty()) {
        sns.tagResource(b -> b.resourceArn(arn).tags(tags(tags.set())));
      }
    }
  }

  /**
   * The subscriptions of the topic other than e-mail ones (an SQS queue, a Lambda function, a chat
   * integration): lakehouse does not manage them, and SNS deletes them with the topic, so their
   * owners have to subscribe them again elsewhere.
   */
  @Override
  public List<String> deletionNotes(TopicSpec observed) {
    List<String> others = subscriptions.apply(observed.arn()).stream()
        .filter(s -> !MonitoringProvider.EMAIL.equals(s.protocol()))
        .map(s -> s.protocol() + " " + s.endpoint())
        .toList();
    return others.isEmpty() ? List.of() : List.of("SNS deletes the topic's subscriptions with it, also "
        + others.size() + " lakehouse does not manage: " + String.join(", ", others));
  }

  /** Deletes the topic; SNS deletes its subscriptions with it. */
  @Override
  public void delete(TopicSpec observed) {
    sns.deleteTopic(b -> b.topicArn(observed.arn()));
  }

  @Override
  public Map<String, String> outputs(TopicSpec observed) {
    return Map.of("arn", observed.arn());
  }

  private static List<Tag> tags(Map<String, String> tags) {
    return new TreeMap<>(tags).entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
        .toList();
  }
}
