package dev.lakehouse.provision.monitoring;

import dev.lakehouse.aws.AwsFailure;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.Subscription;

/**
 * An e-mail subscription of the alert topic. It is found among the topic's subscriptions by
 * protocol and endpoint, confirmed or not, so that an address that has not confirmed yet is
 * not subscribed again on every apply (each Subscribe sends the recipient another e-mail).
 */
public final class SnsSubscriptionResource implements ResourceType<SubscriptionSpec> {
  /** Why apply leaves an unconfirmed subscription alone, for plans and errors. */
  static final String PENDING_CANNOT_UNSUBSCRIBE = "SNS cannot unsubscribe an address that has not confirmed its "
      + "subscription; SNS deletes the pending subscription itself 48 hours after it was made";

  private final SnsClient sns;
  /** A topic's subscriptions as the read of the whole stack has them. */
  private final Function<String, List<SubscriptionSpec>> listed;

  /**
   * @param listed a topic's subscriptions for the engine's read of the whole stack, listed once for
   *     all its subscriptions and the search for the ones it no longer declares
   */
  public SnsSubscriptionResource(SnsClient sns, Function<String, List<SubscriptionSpec>> listed) {
    this.sns = sns;
    this.listed = listed;
  }

  @Override
  public String name() {
    return Addresses.SNS_SUBSCRIPTION;
  }

  @Override
  public Optional<SubscriptionSpec> read(SubscriptionSpec desired) {
    return find(subscriptions(sns, desired.topicArn()), desired.protocol(), desired.endpoint());
  }

  @Override
  public boolean readsTogether() {
    return true;
  }

  /** The subscriptions, each found in its topic's subscriptions listed once. */
  @Override
  public List<Optional<SubscriptionSpec>> readAll(List<SubscriptionSpec> desired) {
    return desired.stream().map(spec -> find(listed.apply(spec.topicArn()), spec.protocol(), spec.endpoint())).toList();
  }

  /**
   * Every subscription of the topic, confirmed or pending, but those its recipient unsubscribed
   * from, which SNS lists for a while yet delivers nothing to; none when the topic does not exist.
   */
  static List<SubscriptionSpec> subscriptions(SnsClient sns, String topicArn) {
    List<SubscriptionSpec> all = new ArrayList<>();
    try {
      for (Subscription s : sns.listSubscriptionsByTopicPaginator(b -> b.topicArn(topicArn)).subscriptions()) {
        SubscriptionSpec subscription = flatten(s);
        if (!subscription.deleted()) {
          all.add(subscription);
        }
      }
    } catch (NotFoundException e) {
      return List.of();
    }
    return all;
  }

  static SubscriptionSpec flatten(Subscription subscription) {
    return new SubscriptionSpec(subscription.topicArn(), subscription.protocol(), subscription.endpoint(),
        subscription.subscriptionArn());
  }

  /** The subscription with that protocol and endpoint, whatever its state. */
  static Optional<SubscriptionSpec> find(List<SubscriptionSpec> subscriptions, String protocol, String endpoint) {
    return subscriptions.stream()
        .filter(s -> protocol.equals(s.protocol()) && endpoint.equals(s.endpoint()))
        .findFirst();
  }

  /** Subscribes the endpoint; SNS e-mails the recipient a link to confirm. */
  @Override
  public void create(SubscriptionSpec desired) {
    sns.subscribe(b -> b.topicArn(desired.topicArn()).protocol(desired.protocol()).endpoint(desired.endpoint()));
  }

  /**
   * Nothing to do: the topic, protocol and endpoint identify the subscription and every one of
   * them forces a replacement ({@link #replacedWhenChanged}), so no change is made in place.
   */
  @Override
  public void update(SubscriptionSpec observed, SubscriptionSpec desired, Set<String> changed) {
  }

  @Override
  public Set<String> replacedWhenChanged() {
    return Set.of("topicArn", "protocol", "endpoint");
  }

  @Override
  public Optional<String> removedOnlyWithDependencies(SubscriptionSpec observed) {
    return observed.pending()
        ? Optional.of("it is still pending confirmation, and SNS deletes pending subscriptions with their topic")
        : Optional.empty();
  }

  @Override
  public void delete(SubscriptionSpec observed) {
    if (observed.pending()) {
      throw new AwsFailure("delete", "SNS subscription", observed.endpoint(), PENDING_CANNOT_UNSUBSCRIBE);
    }
    sns.unsubscribe(b -> b.subscriptionArn(observed.subscriptionArn()));
  }
}
