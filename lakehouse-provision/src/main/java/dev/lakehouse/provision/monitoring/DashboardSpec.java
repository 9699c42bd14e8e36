package dev.lakehouse.provision.monitoring;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.provision.resource.TaggedSpec;
import java.util.Map;

/**
 * A CloudWatch dashboard: its name, its body in canonical form ({@link Dashboards#canonical}), so
 * that a body CloudWatch hands back reformatted compares equal to the one written, and its tags.
 * The ARN follows from the name and the account (a dashboard belongs to no region); it identifies
 * the dashboard and is not compared, nor is {@code untagged}: read from AWS, whether the dashboard
 * carries no tag at all.
 */
public record DashboardSpec(
    String name,
    JsonNode body,
    Map<String, String> tags,
    @JsonIgnore String arn,
    @JsonIgnore boolean untagged) implements TaggedSpec<DashboardSpec> {

  public DashboardSpec {
    tags = Map.copyOf(tags);
  }

  /** The dashboard as the stack writes it. */
  public static DashboardSpec desired(String name, JsonNode body, Map<String, String> tags, String arn) {
    return new DashboardSpec(name, body, tags, arn, false);
  }

  @Override
  public DashboardSpec withTags(Map<String, String> tags) {
    return new DashboardSpec(name, body, tags, arn, untagged);
  }

  /** A dashboard's ARN: {@code arn:<partition>:cloudwatch::<account>:dashboard/<name>}. */
  public static String arn(String partition, String account, String name) {
    return "arn:" + partition + ":cloudwatch::" + account + ":dashboard/" + name;
  }
}
