package dev.lakehouse.provision.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.aws.AwsFailure;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.resource.Discovered;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicRequest;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicResponse;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.SubscribeRequest;
import software.amazon.awssdk.services.sns.model.SubscribeResponse;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sns.model.UnsubscribeRequest;
import software.amazon.awssdk.services.sns.model.UnsubscribeResponse;

class SnsSubscriptionResourceTest {
  private static final String TOPIC = CanonicalStack.TOPIC_ARN;
  private static final String CONFIRMED_ARN = TOPIC + ":6b0e71bd-7e97-4d97-80ce-4a0994e55286";

  /** An SNS that lists the given subscriptions, two to a page, and records the calls that change them. */
  private static final class StubSns implements SnsClient {
    final List<Subscription> subscriptions;
    final List<Object> changes = new ArrayList<>();
    boolean topicExists = true;

    StubSns(Subscription... subscriptions) {
      this.subscriptions = List.of(subscriptions);
    }

    @Override
    public ListSubscriptionsByTopicResponse listSubscriptionsByTopic(ListSubscriptionsByTopicRequest request) {
      if (!topicExists) {
        throw NotFoundException.builder().message("Topic does not exist").build();
      }
      int from = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
      int to = Math.min(from + 2, subscriptions.size());
      return ListSubscriptionsByTopicResponse.builder()
          .subscriptions(subscriptions.subList(from, to))
          .nextToken(to < subscriptions.size() ? String.valueOf(to) : null)
          .build();
    }

    @Override
    public SubscribeResponse subscribe(SubscribeRequest request) {
      changes.add(request);
      return SubscribeResponse.builder().subscriptionArn("pending confirmation").build();
    }

    @Override
    public UnsubscribeResponse unsubscribe(UnsubscribeRequest request) {
      changes.add(request);
      return UnsubscribeResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return "sns";
    }

    @Override
    public void close() {
    }
  }

  /** The type as a read of the whole stack makes it, each listing of a topic made anew. */
  private static SnsSubscriptionResource type(SnsClient sns) {
    return new SnsSubscriptionResource(sns, topic -> SnsSubscriptionResource.subscriptions(sns, topic));
  }

  private static Subscription subscription(String protocol, String endpoint, String arn) {
    return Subscription.builder().topicArn(TOPIC).protocol(protocol).endpoint(endpoint).subscriptionArn(arn)
        .owner(CanonicalStack.ACCOUNT).build();
  }

  private static Subscription pending(String address) {
    return subscription("email", address, "PendingConfirmation");
  }

  @Test
  void aPendingSubscriptionIsFoundSoItIsNotSubscribedAgain() {
    StubSns sns = new StubSns(subscription("sqs", "arn:aws:sqs:us-east-1:123456789012:q", TOPIC + ":1"),
        subscription("email", "someone@example.com", CONFIRMED_ARN), pending("data-platform@example.com"));
    SnsSubscriptionResource type = type(sns);

    SubscriptionSpec found = type.read(SubscriptionSpec.email(TOPIC, "data-platform@example.com")).orElseThrow();

    assertThat(found.pending()).isTrue();
    assertThat(found).isEqualTo(new SubscriptionSpec(TOPIC, "email", "data-platform@example.com",
        "PendingConfirmation"));
    assertThat(found.subscriptionArn()).isEqualTo(SubscriptionSpec.PENDING);
    assertThat(sns.changes).isEmpty();
  }

  @Test
  void anAddressThatUnsubscribedIsSubscribedAgain() {
    StubSns sns = new StubSns(subscription("email", "data-platform@example.com", SubscriptionSpec.DELETED));
    assertThat(type(sns).read(SubscriptionSpec.email(TOPIC, "data-platform@example.com"))).isEmpty();
  }

  @Test
  void anAddressSubscribedAgainAfterUnsubscribingIsFoundPending() {
    StubSns sns = new StubSns(subscription("email", "data-platform@example.com", SubscriptionSpec.DELETED),
        pending("data-platform@example.com"));
    assertThat(type(sns).read(SubscriptionSpec.email(TOPIC, "data-platform@example.com")).orElseThrow().pending())
        .isTrue();
  }

  @Test
  void anUnsubscribedAddressThatLeftTheConfigIsNothingToDelete() {
    StubSns sns = new StubSns(subscription("email", "gone@example.com", SubscriptionSpec.DELETED));
    List<Discovered<?>> found = MonitoringProvider.undeclaredSubscriptions(type(sns),
        SnsSubscriptionResource.subscriptions(sns, TOPIC), Set.of(Addresses.alertTopic()));
    assertThat(found).isEmpty();
  }

  @Test
  void matchesByProtocolAndEndpoint() {
    List<SubscriptionSpec> all = List.of(
        new SubscriptionSpec(TOPIC, "email-json", "a@example.com", TOPIC + ":1"),
        new SubscriptionSpec(TOPIC, "email", "b@example.com", TOPIC + ":2"),
        new SubscriptionSpec(TOPIC, "email", "a@example.com", SubscriptionSpec.PENDING));
    assertThat(SnsSubscriptionResource.find(all, "email", "a@example.com")).contains(all.get(2));
    assertThat(SnsSubscriptionResource.find(all, "email", "A@example.com")).isEmpty();
    assertThat(SnsSubscriptionResource.find(all, "email", "c@example.com")).isEmpty();
  }

  @Test
  void aConfirmedSubscriptionIsNotPending() {
    assertThat(SnsSubscriptionResource.flatten(subscription("email", "a@example.com", CONFIRMED_ARN)).pending())
        .isFalse();
  }

  @Test
  void readsEveryPage() {
    StubSns sns = new StubSns(pending("a@example.com"), pending("b@example.com"), pending("c@example.com"),
        subscription("email", "d@example.com", CONFIRMED_ARN));
    assertThat(SnsSubscriptionResource.subscriptions(sns, TOPIC)).extracting(SubscriptionSpec::endpoint)
        .containsExactly("a@example.com", "b@example.com", "c@example.com", "d@example.com");
  }

  @Test
  void aTopicThatDoesNotExistHasNoSubscriptions() {
    StubSns sns = new StubSns();
    sns.topicExists = false;
    assertThat(type(sns).read(SubscriptionSpec.email(TOPIC, "a@example.com"))).isEmpty();
  }

  @Test
  void subscribesTheEndpointWithoutAskingForItsArn() {
    StubSns sns = new StubSns();
    type(sns).create(SubscriptionSpec.email(TOPIC, "a@example.com"));
    assertThat(sns.changes).containsExactly(SubscribeRequest.builder().topicArn(TOPIC).protocol("email")
        .endpoint("a@example.com").build());
  }

  @Test
  void unsubscribesAConfirmedSubscriptionByItsArn() {
    StubSns sns = new StubSns();
    type(sns).delete(new SubscriptionSpec(TOPIC, "email", "a@example.com", CONFIRMED_ARN));
    assertThat(sns.changes).containsExactly(UnsubscribeRequest.builder().subscriptionArn(CONFIRMED_ARN).build());
  }

  @Test
  void refusesToUnsubscribeAPendingSubscription() {
    StubSns sns = new StubSns();
    assertThatThrownBy(() -> type(sns)
            .delete(new SubscriptionSpec(TOPIC, "email", "a@example.com", SubscriptionSpec.PENDING)))
        .isInstanceOf(AwsFailure.class)
        .hasMessage("Cannot delete SNS subscription (a@example.com): SNS cannot unsubscribe an address that has not "
            + "confirmed its subscription; SNS deletes the pending subscription itself 48 hours after it was made");
    assertThat(sns.changes).isEmpty();
  }

  @Test
  void addressesThatLeftTheConfigAreUnsubscribedOrNotedWhenPending() {
    SnsSubscriptionResource type = type(new StubSns());
    List<SubscriptionSpec> subscriptions = List.of(
        new SubscriptionSpec(TOPIC, "email", "kept@example.com", CONFIRMED_ARN),
        new SubscriptionSpec(TOPIC, "email", "gone@example.com", TOPIC + ":2"),
        new SubscriptionSpec(TOPIC, "email", "left@example.com", SubscriptionSpec.PENDING),
        new SubscriptionSpec(TOPIC, "sqs", "arn:aws:sqs:us-east-1:123456789012:q", TOPIC + ":3"));

    List<Discovered<?>> found = MonitoringProvider.undeclaredSubscriptions(type, subscriptions,
        Set.of(Addresses.subscription("kept@example.com"), Addresses.alertTopic()));

    assertThat(found).hasSize(2);
    assertThat(found.get(0).address()).isEqualTo(Addresses.subscription("gone@example.com"));
    assertThat(found.get(0).observed()).isEqualTo(subscriptions.get(1));
    assertThat(found.get(0).dependsOn()).containsExactly(Addresses.alertTopic());
    assertThat(found.get(1).address()).isEqualTo(Addresses.subscription("left@example.com"));
    assertThat(found.get(1).observed()).isNull();
    assertThat(found.get(1).notes()).containsExactly("left@example.com is not in monitoring.alertEmails but has not "
        + "confirmed its subscription, so apply leaves it: SNS cannot unsubscribe an address that has not confirmed "
        + "its subscription; SNS deletes the pending subscription itself 48 hours after it was made");
  }
}
