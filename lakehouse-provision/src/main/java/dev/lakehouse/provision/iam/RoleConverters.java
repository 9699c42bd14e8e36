package dev.lakehouse.provision.iam;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Pure comparisons that turn a role as IAM holds it into the calls that make it as the config wants. */
public final class RoleConverters {
  /** IAM's maximum session duration for a role that names none. */
  public static final int DEFAULT_SESSION_SECONDS = 3600;

  private RoleConverters() {}

  /** Managed policies to detach and to attach, each sorted, so that exactly the desired ones stay attached. */
  public record PolicyChanges(List<String> detach, List<String> attach) {}

  /** Tag keys to remove and tags to set (new or with a new value). */
  public record TagChanges(List<String> remove, Map<String, String> put) {}

  public static PolicyChanges policyChanges(List<String> attached, List<String> desired) {
    return new PolicyChanges(
        attached.stream().filter(arn -> !desired.contains(arn)).sorted().distinct().toList(),
        desired.stream().filter(arn -> !attached.contains(arn)).sorted().distinct().toList());
  }

  public static TagChanges tagChanges(Map<String, String> observed, Map<String, String> desired) {
    List<String> remove = observed.keySet().stream().filter(key -> !desired.containsKey(key)).sorted().toList();
    Map<String, String> put = new TreeMap<>();
    desired.forEach((key, value) -> {
      if (!value.equals(observed.get(key))) {
        put.put(key, value);
      }
    });
    return new TagChanges(remove, put);
  }
}
