package dev.lakehouse.provision.monitoring;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A subscription of the alert topic, identified by the topic, the protocol and the endpoint.
 * Whether the recipient has confirmed it is AWS's business, not a difference: SNS lists an
 * unconfirmed subscription with the ARN {@value #PENDING}, and subscribing again would only
 * send another confirmation e-mail.
 *
 * @param subscriptionArn the subscription's ARN, or {@value #PENDING}; null in desired specs
 */
public record SubscriptionSpec(
    String topicArn,
    String protocol,
    String endpoint,
    @JsonIgnore String subscriptionArn) {

  /** The subscription ARN SNS lists for a subscription not confirmed yet. */
  public static final String PENDING = "PendingConfirmation";

  public static SubscriptionSpec email(String topicArn, String address) {
    return new SubscriptionSpec(topicArn, "email", address, null);
  }

  /** Whether the recipient has not confirmed the subscription yet. */
  @JsonIgnore
  public boolean pending() {
    return PENDING.equals(subscriptionArn);
  }
}
