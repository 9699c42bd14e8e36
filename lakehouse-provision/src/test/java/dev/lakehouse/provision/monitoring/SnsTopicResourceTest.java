package dev.lakehouse.provision.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.aws.PolicyDocuments;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.CreateTopicRequest;
import software.amazon.awssdk.services.sns.model.CreateTopicResponse;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesRequest;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesResponse;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicRequest;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicResponse;
import software.amazon.awssdk.services.sns.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.sns.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.sns.model.ListTopicsRequest;
import software.amazon.awssdk.services.sns.model.ListTopicsResponse;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.SetTopicAttributesRequest;
import software.amazon.awssdk.services.sns.model.SetTopicAttributesResponse;
import software.amazon.awssdk.services.sns.model.SnsException;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sns.model.Tag;
import software.amazon.awssdk.services.sns.model.TagResourceRequest;
import software.amazon.awssdk.services.sns.model.TagResourceResponse;
import software.amazon.awssdk.services.sns.model.Topic;
import software.amazon.awssdk.services.sns.model.UntagResourceRequest;
import software.amazon.awssdk.services.sns.model.UntagResourceResponse;

class SnsTopicResourceTest {
  private static final String ARN = CanonicalStack.TOPIC_ARN;
  private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/0f6b2c51-7d4e-4f0b-9a1e-6f3c0d2b8e11";

  private final TopicSpec desired = new TopicSpec("acme-dev-lakehouse-alerts", KEY,
      TopicPolicies.alertTopic("aws", CanonicalStack.ACCOUNT, "us-east-1", ARN), Map.of("Owner", "data-platform"), ARN);

  /** An SNS holding one topic (or none), recording the calls that change it. */
  private static final class StubSns implements SnsClient {
    Map<String, String> attributes;
    List<Tag> tags = List.of();
    List<Subscription> subscriptions = List.of();
    List<String> others = List.of();
    final List<Object> changes = new ArrayList<>();

    @Override
    public ListTopicsResponse listTopics(ListTopicsRequest request) {
      return ListTopicsResponse.builder().topics(others.stream().map(arn -> Topic.builder().topicArn(arn).build())
          .toList()).build();
    }

    @Override
    public ListSubscriptionsByTopicResponse listSubscriptionsByTopic(ListSubscriptionsByTopicRequest request) {
      return ListSubscriptionsByTopicResponse.builder().subscriptions(subscriptions).build();
    }

    @Override
    public GetTopicAttributesResponse getTopicAttributes(GetTopicAttributesRequest request) {
      if (attributes == null) {
        throw NotFoundException.builder().message("Topic does not exist").build();
      }
      return GetTopicAttributesResponse.builder().attributes(attributes).build();
    }

    @Override
    public ListTagsForResourceResponse listTagsForResource(ListTagsForResourceRequest request) {
      if (request.resourceArn().contains(":ops-")) {
        throw (SnsException) SnsException.builder().message("not authorized to perform: SNS:ListTagsForResource")
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("AuthorizationError").build()).statusCode(403).build();
      }
      return ListTagsForResourceResponse.builder().tags(tags).build();
    }

    @Override
    public CreateTopicResponse createTopic(CreateTopicRequest request) {
      changes.add(request);
      return CreateTopicResponse.builder().topicArn(ARN).build();
    }

    @Override
    public SetTopicAttributesResponse setTopicAttributes(SetTopicAttributesRequest request) {
      changes.add(request);
      return SetTopicAttributesResponse.builder().build();
    }

    @Override
    public TagResourceResponse tagResource(TagResourceRequest request) {
      changes.add(request);
      return TagResourceResponse.builder().build();
    }

    @Override
    public UntagResourceResponse untagResource(UntagResourceRequest request) {
      changes.add(request);
      return UntagResourceResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return "sns";
    }

    @Override
    public void close() {
    }
  }

  @Test
  void readsTheKeyThePolicyAsADocumentAndTheTags() {
    StubSns sns = new StubSns();
    String reformatted = PolicyDocuments.toJson(desired.policy()).replace("\"SNS:Publish\"]", "\"SNS:Publish\" ]");
    sns.attributes = Map.of("TopicArn", ARN, "KmsMasterKeyId", KEY, "Policy", reformatted, "Owner", "123456789012",
        "SubscriptionsPending", "1");
    sns.tags = List.of(Tag.builder().key("Owner").value("data-platform").build());
    assertThat(new SnsTopicResource(sns).read(desired)).contains(desired);
  }

  @Test
  void theSearchForTheStacksTopicsSkipsThoseWhoseTagsItMayNotRead() {
    StubSns sns = new StubSns();
    sns.attributes = Map.of("Policy", "{\"Version\":\"2012-10-17\",\"Statement\":[]}");
    sns.tags = List.of(Tag.builder().key("lakehouse:env").value("dev").build());
    String old = "arn:aws:sns:us-east-1:123456789012:acme-dev-old-alerts";
    sns.others = List.of("arn:aws:sns:us-east-1:123456789012:ops-pager", old);

    List<TopicSpec> found = new SnsTopicResource(sns).tagged(Map.of("lakehouse:env", "dev"), arn -> false);

    assertThat(found).extracting(TopicSpec::arn).containsExactly(old);
  }

  @Test
  void anUnencryptedTopicHasNoKey() {
    Map<String, String> attributes = Map.of("Policy", "{\"Version\":\"2012-10-17\",\"Statement\":[]}");
    assertThat(SnsTopicResource.flatten("t", ARN, attributes, Map.of()).kmsMasterKeyId()).isNull();
    assertThat(SnsTopicResource.flatten("t", ARN, Map.of("KmsMasterKeyId", ""), Map.of()).kmsMasterKeyId()).isNull();
  }

  @Test
  void aTopicThatDoesNotExistReadsAsEmpty() {
    assertThat(new SnsTopicResource(new StubSns()).read(desired)).isEmpty();
  }

  @Test
  void createsTheTopicEncryptedWithItsPolicyAndTags() {
    StubSns sns = new StubSns();
    new SnsTopicResource(sns).create(desired);
    CreateTopicRequest create = (CreateTopicRequest) sns.changes.get(0);
    assertThat(create.name()).isEqualTo("acme-dev-lakehouse-alerts");
    assertThat(create.attributes()).containsEntry("KmsMasterKeyId", KEY).containsOnlyKeys("KmsMasterKeyId", "Policy");
    assertThat(PolicyDocuments.parse(create.attributes().get("Policy"))).isEqualTo(desired.policy());
    assertThat(create.tags()).containsExactly(Tag.builder().key("Owner").value("data-platform").build());
  }

  @Test
  void anUnencryptedTopicIsCreatedWithoutAKey() {
    TopicSpec plain = new TopicSpec(desired.name(), null, desired.policy(), desired.tags(), ARN);
    assertThat(SnsTopicResource.expandAttributes(plain)).containsOnlyKeys("Policy");
  }

  @Test
  void turnsEncryptionOffWithAnEmptyKey() {
    StubSns sns = new StubSns();
    TopicSpec plain = new TopicSpec(desired.name(), null, desired.policy(), desired.tags(), ARN);
    new SnsTopicResource(sns).update(desired, plain, Set.of("kmsMasterKeyId"));
    assertThat(sns.changes).containsExactly(SetTopicAttributesRequest.builder().topicArn(ARN)
        .attributeName("KmsMasterKeyId").attributeValue("").build());
  }

  @Test
  void updatesOnlyWhatChanged() {
    StubSns sns = new StubSns();
    TopicSpec observed = new TopicSpec(desired.name(), KEY, PolicyDocuments.parse("{\"Statement\":[]}"),
        Map.of("Owner", "someone", "lakehouse:alias", "x", "cost-tool", "team42"), ARN);
    new SnsTopicResource(sns).update(observed, desired, Set.of("policy", "tags"));
    assertThat(sns.changes).hasSize(3);
    SetTopicAttributesRequest policy = (SetTopicAttributesRequest) sns.changes.get(0);
    assertThat(policy.attributeName()).isEqualTo("Policy");
    assertThat(PolicyDocuments.parse(policy.attributeValue())).isEqualTo(desired.policy());
    assertThat(sns.changes.get(1)).isEqualTo(UntagResourceRequest.builder().resourceArn(ARN).tagKeys("lakehouse:alias").build());
    assertThat(sns.changes.get(2)).isEqualTo(TagResourceRequest.builder().resourceArn(ARN)
        .tags(Tag.builder().key("Owner").value("data-platform").build()).build());
  }

  private static Subscription subscription(String protocol, String endpoint) {
    return Subscription.builder().topicArn(ARN).protocol(protocol).endpoint(endpoint)
        .subscriptionArn(ARN + ":" + endpoint.length()).build();
  }

  @Test
  void deletingTheTopicSaysWhichSubscriptionsLakehouseDoesNotManageGoWithIt() {
    StubSns sns = new StubSns();
    sns.subscriptions = List.of(subscription("email", "data-platform@example.com"),
        subscription("sqs", "arn:aws:sqs:us-east-1:123456789012:pager"),
        subscription("lambda", "arn:aws:lambda:us-east-1:123456789012:function:chat"));

    assertThat(new SnsTopicResource(sns).deletionNotes(desired)).containsExactly("SNS deletes the topic's "
        + "subscriptions with it, also 2 lakehouse does not manage: sqs arn:aws:sqs:us-east-1:123456789012:pager, "
        + "lambda arn:aws:lambda:us-east-1:123456789012:function:chat");

    sns.subscriptions = List.of(subscription("email", "data-platform@example.com"));
    assertThat(new SnsTopicResource(sns).deletionNotes(desired)).isEmpty();
  }
}
