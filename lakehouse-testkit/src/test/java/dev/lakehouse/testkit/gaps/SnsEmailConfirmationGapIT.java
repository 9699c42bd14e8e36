package dev.lakehouse.testkit.gaps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.testkit.MotoServer;
import dev.lakehouse.testkit.TestClients;
import dev.lakehouse.testkit.proxy.AwsProxy;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.Subscription;

/** E-mail subscriptions through the gap filler wait for confirmation, as on AWS; others do not. */
class SnsEmailConfirmationGapIT {
  private final MotoServer moto = MotoServer.shared();
  private AwsProxy proxy;
  private SnsEmailConfirmationGap gap;
  private TestClients aws;
  private SnsClient sns;
  private String topic;

  @BeforeEach
  void start() {
    moto.reset();
    proxy = AwsProxy.start(moto);
    gap = SnsEmailConfirmationGap.install(proxy);
    aws = TestClients.of(proxy.endpoint(), moto.region(), moto.credentials());
    sns = aws.sns();
    topic = sns.createTopic(b -> b.name("alerts")).topicArn();
  }

  @AfterEach
  void stop() {
    aws.close();
    proxy.close();
  }

  private List<Subscription> subscriptions() {
    return sns.listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions();
  }

  @Test
  void anEmailSubscriptionIsPendingUntilConfirmed() {
    String answer = sns.subscribe(b -> b.topicArn(topic).protocol("email").endpoint("a@example.com"))
        .subscriptionArn();

    assertThat(answer).isEqualTo("pending confirmation");
    assertThat(subscriptions()).singleElement().satisfies(s -> {
      assertThat(s.subscriptionArn()).isEqualTo("PendingConfirmation");
      assertThat(s.endpoint()).isEqualTo("a@example.com");
      assertThat(s.protocol()).isEqualTo("email");
    });
    assertThat(sns.listSubscriptions().subscriptions()).extracting(Subscription::subscriptionArn)
        .containsExactly("PendingConfirmation");
    assertThat(gap.isPending("a@example.com")).isTrue();

    gap.confirm("a@example.com");

    String arn = subscriptions().get(0).subscriptionArn();
    assertThat(arn).startsWith(topic + ":");
    assertThat(sns.subscribe(b -> b.topicArn(topic).protocol("email").endpoint("a@example.com")).subscriptionArn())
        .isEqualTo(arn);
    assertThat(gap.isPending("a@example.com")).isFalse();
  }

  @Test
  void subscribingAgainWhilePendingStaysPendingWithOneSubscription() {
    sns.subscribe(b -> b.topicArn(topic).protocol("email").endpoint("a@example.com"));
    assertThat(sns.subscribe(b -> b.topicArn(topic).protocol("email").endpoint("a@example.com")).subscriptionArn())
        .isEqualTo("pending confirmation");
    assertThat(subscriptions()).extracting(Subscription::subscriptionArn).containsExactly("PendingConfirmation");
  }

  @Test
  void theArnAskedForIsReturnedAndItsAttributesSayPending() {
    String arn = sns.subscribe(b -> b.topicArn(topic).protocol("email-json").endpoint("a@example.com")
        .returnSubscriptionArn(true)).subscriptionArn();
    assertThat(arn).startsWith(topic + ":");
    assertThat(sns.getSubscriptionAttributes(b -> b.subscriptionArn(arn)).attributes())
        .containsEntry("PendingConfirmation", "true");
  }

  @Test
  void aPendingSubscriptionCannotBeUnsubscribed() {
    sns.subscribe(b -> b.topicArn(topic).protocol("email").endpoint("a@example.com"));
    assertThatThrownBy(() -> sns.unsubscribe(b -> b.subscriptionArn("PendingConfirmation")))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("a subscription pending confirmation cannot be unsubscribed");
    assertThat(subscriptions()).hasSize(1);
  }

  @Test
  void otherProtocolsNeedNoConfirmation() {
    String arn = sns.subscribe(b -> b.topicArn(topic).protocol("sqs")
        .endpoint("arn:aws:sqs:us-east-1:123456789012:q")).subscriptionArn();
    assertThat(arn).startsWith(topic + ":");
    assertThat(subscriptions()).extracting(Subscription::subscriptionArn).containsExactly(arn);
  }

  @Test
  void aConfirmedSubscriptionIsUnsubscribedAndDeletingTheTopicForgetsPendingOnes() {
    sns.subscribe(b -> b.topicArn(topic).protocol("email").endpoint("a@example.com"));
    sns.subscribe(b -> b.topicArn(topic).protocol("email").endpoint("b@example.com"));
    gap.confirm("a@example.com");
    String confirmed = subscriptions().stream().filter(s -> s.endpoint().equals("a@example.com")).findFirst()
        .orElseThrow().subscriptionArn();
    sns.unsubscribe(b -> b.subscriptionArn(confirmed));
    assertThat(subscriptions()).extracting(Subscription::endpoint).containsExactly("b@example.com");

    sns.deleteTopic(b -> b.topicArn(topic));
    assertThat(gap.isPending("b@example.com")).isFalse();
  }
}
