package dev.lakehouse.provision.iam;

import java.util.List;

/** Pure comparisons that turn a role's policy attachments into the calls that make them as the config wants. */
public final class RoleConverters {
  /** IAM's maximum session duration for a role that names none. */
  public static final int DEFAULT_SESSION_SECONDS = 3600;

  private RoleConverters() {}

  /** Managed policies to detach and to attach, each sorted, so that exactly the desired ones stay attached. */
  public record PolicyChanges(List<String> detach, List<String> attach) {}

  public static PolicyChanges policyChanges(List<String> attached, List<String> desired) {
    return new PolicyChanges(
        attached.stream().filter(arn -> !desired.contains(arn)).sorted().distinct().toList(),
        desired.stream().filter(arn -> !attached.contains(arn)).sorted().distinct().toList());
  }
}
