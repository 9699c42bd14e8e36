package dev.lakehouse.testkit.gaps;

import dev.lakehouse.testkit.proxy.AwsProxy;
import dev.lakehouse.testkit.proxy.ProxiedRequest;
import dev.lakehouse.testkit.proxy.RecordedExchange;
import dev.lakehouse.testkit.proxy.Reply;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The confirmation step of SNS e-mail subscriptions, which moto 5.2.1 skips (it confirms every
 * subscription at once). On AWS an {@code email} or {@code email-json} subscription stays pending
 * until the recipient follows the link SNS mails them; served here as SNS documents it:
 * <ul>
 *   <li>Subscribe answers {@code pending confirmation} in place of the ARN (unless the request sets
 *       {@code ReturnSubscriptionArn}), for a new address and for one still pending alike;</li>
 *   <li>ListSubscriptionsByTopic and ListSubscriptions list a pending subscription with the ARN
 *       {@code PendingConfirmation}, and GetSubscriptionAttributes reports
 *       {@code PendingConfirmation} {@code true};</li>
 *   <li>Unsubscribe of {@code PendingConfirmation} fails with {@code InvalidParameter}: a pending
 *       subscription cannot be unsubscribed.</li>
 * </ul>
 * {@link #confirm(String)} stands for the recipient following the link (Subscribe then answers
 * the confirmed subscription's ARN, as SNS does). SNS's deletion of
 * subscriptions left pending for 48 hours is not emulated. State goes when moto is reset through
 * the proxy, and a subscription's when it is unsubscribed or its topic deleted. The response
 * rewriters are proxy rules: {@link AwsProxy#clearRules()} takes them out.
 */
public final class SnsEmailConfirmationGap {
  /** The ARN SNS lists for a subscription not confirmed yet. */
  public static final String PENDING_ARN = "PendingConfirmation";
  private static final Set<String> CONFIRMED_BY_EMAIL = Set.of("email", "email-json");
  private static final Pattern SUBSCRIPTION_ARN = Pattern.compile("<SubscriptionArn>([^<]*)</SubscriptionArn>");
  private static final Pattern PENDING_ATTRIBUTE =
      Pattern.compile("(<key>PendingConfirmation</key>\\s*<value>)false(</value>)");

  /** Pending subscriptions: their real ARN and endpoint. */
  private final Map<String, String> pending = new ConcurrentHashMap<>();
  /** The real ARNs of subscriptions confirmed through {@link #confirm(String)}. */
  private final Set<String> confirmed = ConcurrentHashMap.newKeySet();

  /** Puts the gap filler in front of the proxy's upstream. */
  public static SnsEmailConfirmationGap install(AwsProxy proxy) {
    SnsEmailConfirmationGap gap = new SnsEmailConfirmationGap();
    proxy.observe(gap::forget);
    proxy.serve(request -> request.is("sns", "Unsubscribe")
        && parameter(request, "SubscriptionArn").filter(PENDING_ARN::equals).isPresent(), request -> cannotUnsubscribe());
    proxy.rule().service("sns").operation("Subscribe").rewriteResponse(gap::subscribed);
    proxy.rule().service("sns").when(request -> request.operation().startsWith("ListSubscriptions"))
        .rewriteResponse(gap::listed);
    proxy.rule().service("sns").operation("GetSubscriptionAttributes").rewriteResponse(gap::attributes);
    return gap;
  }

  /** The recipient at {@code endpoint} follows the confirmation link: their subscriptions are confirmed. */
  public void confirm(String endpoint) {
    pending.entrySet().removeIf(subscription -> {
      boolean of = subscription.getValue().equals(endpoint);
      if (of) {
        confirmed.add(subscription.getKey());
      }
      return of;
    });
  }

  /** Whether a subscription of {@code endpoint} is waiting for confirmation. */
  public boolean isPending(String endpoint) {
    return pending.containsValue(endpoint);
  }


  private void forget(ProxiedRequest request) {
    if (request.isMotoReset()) {
      pending.clear();
      confirmed.clear();
    } else if (request.is("sns", "Unsubscribe")) {
      parameter(request, "SubscriptionArn").ifPresent(arn -> {
        pending.remove(arn);
        confirmed.remove(arn);
      });
    } else if (request.is("sns", "DeleteTopic")) {
      parameter(request, "TopicArn").ifPresent(topic -> {
        pending.keySet().removeIf(arn -> arn.startsWith(topic + ":"));
        confirmed.removeIf(arn -> arn.startsWith(topic + ":"));
      });
    }
  }

  private byte[] subscribed(RecordedExchange exchange) {
    ProxiedRequest request = exchange.request();
    String body = exchange.bodyAsString();
    Matcher arn = SUBSCRIPTION_ARN.matcher(body);
    boolean needsConfirmation = parameter(request, "Protocol").filter(CONFIRMED_BY_EMAIL::contains).isPresent();
    if (exchange.status() != 200 || !arn.find() || !needsConfirmation || confirmed.contains(arn.group(1))) {
      return exchange.body();
    }
    pending.put(arn.group(1), parameter(request, "Endpoint").orElse(""));
    boolean returnArn = parameter(request, "ReturnSubscriptionArn").filter("true"::equalsIgnoreCase).isPresent();
    return returnArn ? exchange.body()
        : arn.replaceFirst("<SubscriptionArn>pending confirmation</SubscriptionArn>").getBytes(StandardCharsets.UTF_8);
  }

  private byte[] listed(RecordedExchange exchange) {
    if (exchange.status() != 200) {
      return exchange.body();
    }
    Matcher arn = SUBSCRIPTION_ARN.matcher(exchange.bodyAsString());
    StringBuilder out = new StringBuilder();
    while (arn.find()) {
      String shown = pending.containsKey(arn.group(1)) ? PENDING_ARN : arn.group(1);
      arn.appendReplacement(out, Matcher.quoteReplacement("<SubscriptionArn>" + shown + "</SubscriptionArn>"));
    }
    arn.appendTail(out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private byte[] attributes(RecordedExchange exchange) {
    boolean isPending = parameter(exchange.request(), "SubscriptionArn").filter(pending::containsKey).isPresent();
    if (exchange.status() != 200 || !isPending) {
      return exchange.body();
    }
    return PENDING_ATTRIBUTE.matcher(exchange.bodyAsString()).replaceFirst("$1true$2").getBytes(StandardCharsets.UTF_8);
  }

  private static Reply cannotUnsubscribe() {
    return Reply.xml(400, "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error>"
        + "<Type>Sender</Type><Code>InvalidParameter</Code><Message>Invalid parameter: SubscriptionArn Reason: "
        + "a subscription pending confirmation cannot be unsubscribed</Message></Error>"
        + "<RequestId>0d5a9c1e-6b1f-4c55-9a8e-1b7e7f0c2d11</RequestId></ErrorResponse>");
  }

  /** A form parameter of a query-protocol request (SNS sends them in the body). */
  private static Optional<String> parameter(ProxiedRequest request, String name) {
    for (String pair : request.bodyAsString().split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0 && URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8).equals(name)) {
        return Optional.of(URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }
}
