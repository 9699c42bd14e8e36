package dev.lakehouse.provision.monitoring;

import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.AlarmsConfig;
import dev.lakehouse.config.model.MonitoringConfig;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.engine.Address;
import dev.lakehouse.provision.resource.AttributeReads;
import dev.lakehouse.provision.resource.Desired;
import dev.lakehouse.provision.resource.Discovered;
import dev.lakehouse.provision.resource.Outputs;
import dev.lakehouse.provision.resource.Ownership;
import dev.lakehouse.provision.resource.ProvisionContext;
import dev.lakehouse.provision.resource.ResourceProvider;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code monitoring} section: the alert topic ({@code sns_topic.alerts}), an e-mail
 * subscription per address ({@code sns_subscription.<address>}), the alarms
 * ({@code cloudwatch_alarm.<key>}: topic first, and the alarmed workgroup when the stack has
 * it) and the dashboard ({@code cloudwatch_dashboard.<name>}, after the alarms it shows).
 *
 * <p>What the stack owns there without declaring it: topics carrying its ownership tags other
 * than the one the config names (the old one of a renamed {@code alertTopic}, deleted with its
 * subscriptions), e-mail subscriptions of its topic whose address left the config (unsubscribed,
 * or only noted while pending confirmation, which SNS cannot unsubscribe), and the alarms of the
 * three keys, named after the stack, that the config no longer declares. Other subscriptions of
 * the topic (an SQS queue, a chat integration) are someone else's and left alone. Dashboards
 * carrying the stack's ownership tags but the one the config names (a renamed
 * {@code monitoring.dashboard}, or the key dropped) are deleted.
 */
public final class MonitoringProvider implements ResourceProvider {
  static final String EMAIL = "email";

  @Override
  public List<Desired<?>> desired(ProvisionContext context) {
    Stack stack = context.stack();
    MonitoringConfig monitoring = stack.config().monitoring();
    if (monitoring == null || monitoring.alertTopic() == null) {
      return List.of();
    }
    String topicArn = topicArn(stack, monitoring.alertTopic());
    boolean withKey = stack.config().encryption().kmsKey() != null;
    List<Desired<?>> desired = new ArrayList<>();
    desired.add(Desired.of(Addresses.alertTopic(), topicType(context),
        withKey ? Set.of(Addresses.kmsKey()) : Set.of(), outputs -> topicSpec(stack, monitoring, withKey, outputs)));

    SnsSubscriptionResource subscriptions = subscriptionType(context);
    for (String address : monitoring.alertEmails()) {
      SubscriptionSpec spec = SubscriptionSpec.email(topicArn, address);
      desired.add(Desired.of(Addresses.subscription(address), subscriptions, Set.of(Addresses.alertTopic()),
          outputs -> spec));
    }

    CloudWatchAlarmResource alarms = new CloudWatchAlarmResource(context.aws().cloudWatch());
    Map<String, AlarmSpec> alarmSpecs = AlarmConverters.fromConfig(stack, monitoring.alarms(), topicArn);
    alarmSpecs.forEach((key, spec) -> desired.add(Desired.of(Addresses.alarm(key), alarms,
        alarmDependencies(monitoring.alarms(), key), outputs -> spec)));

    if (monitoring.dashboard() != null) {
      DashboardSpec dashboard = DashboardSpec.desired(monitoring.dashboard(), Dashboards.body(stack.region(), alarmSpecs),
          stack.roleTagsWith(Map.of()), DashboardSpec.arn(stack.partition(), stack.account(), monitoring.dashboard()));
      Set<Address> shown = new LinkedHashSet<>();
      alarmSpecs.keySet().forEach(key -> shown.add(Addresses.alarm(key)));
      desired.add(Desired.of(Addresses.dashboard(monitoring.dashboard()),
          new CloudWatchDashboardResource(context.aws().cloudWatch()), shown, outputs -> dashboard));
    }
    return desired;
  }

  /** The topic, encrypted with the stack's key when it has one. */
  static TopicSpec topicSpec(Stack stack, MonitoringConfig monitoring, boolean withKey, Outputs outputs) {
    String arn = topicArn(stack, monitoring.alertTopic());
    return new TopicSpec(monitoring.alertTopic(), withKey ? outputs.get(Addresses.kmsKey(), "arn") : null,
        TopicPolicies.alertTopic(stack.partition(), stack.account(), stack.region(), arn), stack.tagsWith(Map.of()), arn);
  }

  /** The topic's ARN, known from its name before it exists. */
  static String topicArn(Stack stack, String name) {
    return "arn:" + stack.partition() + ":sns:" + stack.region() + ":" + stack.account() + ":" + name;
  }

  /**
   * An alarm needs the topic it notifies and, for an Athena alarm, the workgroup: an alarm on a
   * workgroup the stack does not create yet would watch nothing.
   */
  private static Set<Address> alarmDependencies(AlarmsConfig alarms, String key) {
    String workgroup = switch (key) {
      case AlarmConverters.SLOW_QUERIES -> alarms.slowQueries().workgroup();
      case AlarmConverters.DATA_SCANNED -> alarms.dataScanned().workgroup();
      default -> null;
    };
    return workgroup == null ? Set.of(Addresses.alertTopic())
        : Set.of(Addresses.alertTopic(), Addresses.workgroup(workgroup));
  }

  @Override
  public List<Discovered<?>> discover(ProvisionContext context, Set<Address> declared) {
    Stack stack = context.stack();
    List<Discovered<?>> found = new ArrayList<>(undeclaredAlarms(context, declared));
    MonitoringConfig monitoring = stack.config().monitoring();
    boolean withTopic = monitoring != null && monitoring.alertTopic() != null;
    found.addAll(undeclaredTopics(context, declared, withTopic ? topicArn(stack, monitoring.alertTopic()) : null));
    found.addAll(undeclaredDashboards(context, declared));
    if (withTopic) {
      SnsSubscriptionResource type = subscriptionType(context);
      found.addAll(undeclaredSubscriptions(type, listedSubscriptions(context, topicArn(stack, monitoring.alertTopic())),
          declared));
    }
    return found;
  }

  /** The topic type of one read of the stack, which lists a topic's subscriptions once. */
  private static SnsTopicResource topicType(ProvisionContext context) {
    return new SnsTopicResource(context.aws().sns(), topicArn -> listedSubscriptions(context, topicArn));
  }

  /** The subscription type of one read of the stack, which lists a topic's subscriptions once. */
  private static SnsSubscriptionResource subscriptionType(ProvisionContext context) {
    return new SnsSubscriptionResource(context.aws().sns(), topicArn -> listedSubscriptions(context, topicArn));
  }

  /** The topic's subscriptions, listed by the first caller given this context. */
  private static List<SubscriptionSpec> listedSubscriptions(ProvisionContext context, String topicArn) {
    return context.<Supplier<List<SubscriptionSpec>>>shared("sns subscriptions " + topicArn,
        () -> AttributeReads.start(() -> SnsSubscriptionResource.subscriptions(context.aws().sns(), topicArn))).get();
  }

  /**
   * The e-mail subscriptions of the topic the config does not declare: confirmed ones to
   * unsubscribe, pending ones noted (SNS cannot unsubscribe them).
   */
  static List<Discovered<?>> undeclaredSubscriptions(SnsSubscriptionResource type, List<SubscriptionSpec> subscriptions,
      Set<Address> declared) {
    List<Discovered<?>> found = new ArrayList<>();
    for (SubscriptionSpec subscription : subscriptions) {
      Address address = Addresses.subscription(subscription.endpoint());
      if (!EMAIL.equals(subscription.protocol()) || declared.contains(address)) {
        continue;
      }
      found.add(subscription.pending()
          ? Discovered.noted(address, type, List.of(subscription.endpoint() + " is not in monitoring.alertEmails "
              + "but has not confirmed its subscription, so apply leaves it: "
              + SnsSubscriptionResource.PENDING_CANNOT_UNSUBSCRIBE))
          : new Discovered<>(address, type, subscription, Set.of(Addresses.alertTopic())));
    }
    return found;
  }

  /**
   * Topics carrying the stack's ownership tags but the one the config names (a topic renamed, or
   * monitoring removed): {@code sns_topic.alerts} when the config does not use that address, else
   * {@code sns_topic.<topic name>}. Deleting one deletes its subscriptions with it.
   */
  private static List<Discovered<?>> undeclaredTopics(ProvisionContext context, Set<Address> declared,
      String declaredArn) {
    SnsTopicResource type = topicType(context);
    Set<Address> taken = new HashSet<>(declared);
    List<Discovered<?>> found = new ArrayList<>();
    for (TopicSpec topic : type.tagged(context.stack().ownershipTags(), arn -> arn.equals(declaredArn))) {
      Address address = taken.contains(Addresses.alertTopic())
          ? new Address(Addresses.SNS_TOPIC, topic.name()) : Addresses.alertTopic();
      if (taken.add(address)) {
        found.add(new Discovered<>(address, type, topic,
            topic.kmsMasterKeyId() == null ? Set.of() : Set.of(Addresses.kmsKey())));
      }
    }
    return found;
  }

  /**
   * Dashboards carrying the stack's ownership tags that the config does not declare, but those of
   * the stack's deployment in another region: a dashboard's name is the same in every region.
   */
  private static List<Discovered<?>> undeclaredDashboards(ProvisionContext context, Set<Address> declared) {
    Stack stack = context.stack();
    CloudWatchDashboardResource type = new CloudWatchDashboardResource(context.aws().cloudWatch());
    List<Discovered<?>> found = new ArrayList<>();
    for (DashboardSpec dashboard : type.tagged(stack.ownershipTags(), stack.partition(), stack.account(),
        name -> declared.contains(Addresses.dashboard(name)))) {
      if (Ownership.of(Optional.of(dashboard.tags()), stack) != Ownership.OWNED) {
        continue;
      }
      found.add(new Discovered<>(Addresses.dashboard(dashboard.name()), type, dashboard, Set.of()));
    }
    return found;
  }

  /** Alarms of the three keys, named after this stack and carrying its ownership tags, that the config does not declare. */
  private static List<Discovered<?>> undeclaredAlarms(ProvisionContext context, Set<Address> declared) {
    Stack stack = context.stack();
    List<String> names = new ArrayList<>();
    for (String key : List.of(AlarmConverters.SLOW_QUERIES, AlarmConverters.DATA_SCANNED,
        AlarmConverters.SNAPSHOT_COUNT)) {
      if (!declared.contains(Addresses.alarm(key))) {
        names.add(AlarmConverters.alarmName(stack, key));
      }
    }
    if (names.isEmpty()) {
      return List.of();
    }
    CloudWatchAlarmResource type = new CloudWatchAlarmResource(context.aws().cloudWatch());
    List<Discovered<?>> found = new ArrayList<>();
    for (AlarmSpec alarm : type.find(names)) {
      if (alarm.tags().entrySet().containsAll(stack.ownershipTags().entrySet())) {
        String key = alarm.name().substring(AlarmConverters.alarmName(stack, "").length());
        found.add(new Discovered<>(Addresses.alarm(key), type, alarm, Set.of(Addresses.alertTopic())));
      }
    }
    return found;
  }
}
