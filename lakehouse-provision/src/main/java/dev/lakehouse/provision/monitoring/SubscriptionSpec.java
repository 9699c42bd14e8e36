package dev.lakehouse.provision.monitoring;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A subscription of the alert topic, identified by the topic, the protocol and the endpoint.
 * Whether the recipient has confirmed it is AWS's business, not a difference: SNS lists an
 * unconfirmed subscription with the ARN {@value #PENDING}, and subscribing again would only
 * send another confirmation e-mail. One the recipient has unsubscribed from (the link at the foot
 * of every alert e-mail) SNS still lists for a while, with the ARN {@value #DELETED}: it delivers
 * nothing, and is no subscription.
 *
 * @param subscriptionArn the subscription's ARN, {@value #PENDING} or {@value #DELETED}; null in desired specs
 */
public record SubscriptionSpec(
    String topicArn,
    String protocol,
    String endpoint,
    @JsonIgnore String subscriptionArn) {

  /** The subscription ARN SNS lists for a subscription not confirmed yet. */
  public static final String PENDING = "PendingConfirmation";
  /** The subscription ARN SNS lists, until it drops it, for a subscription its recipient unsubscribed from. */
  public static final String DELETED = "Deleted";

  public static SubscriptionSpec email(String topicArn, String address) {
    return new SubscriptionSpec(topicArn, "email", address, null);
  }

  /** Whether the recipient has not confirmed the subscription yet. */
  @JsonIgnore
  public boolean pending() {
    return PENDING.equals(subscriptionArn);
  }

  /** Whether the recipient has unsubscribed, and SNS lists the subscription only until it drops it. */
  @JsonIgnore
  public boolean deleted() {
    return DELETED.equals(subscriptionArn);
  }
}
