package dev.lakehouse.config.model;

import java.util.List;
import java.util.Map;

/**
 * One IAM role: who may assume it, its managed policies, the most they may allow (its permissions
 * boundary) and the zone access it is given.
 */
public record RoleConfig(
    String name,
    String description,
    List<String> trustedServices,
    List<String> trustedAccounts,
    List<String> managedPolicies,
    String permissionsBoundary,
    AccessConfig access,
    Integer maxSessionDurationSeconds,
    Map<String, String> tags) {
  public RoleConfig {
    trustedServices = Defaults.list(trustedServices);
    trustedAccounts = Defaults.list(trustedAccounts);
    managedPolicies = Defaults.list(managedPolicies);
    tags = Defaults.map(tags);
  }
}
