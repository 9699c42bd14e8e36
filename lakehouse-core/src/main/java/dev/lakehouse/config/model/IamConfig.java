package dev.lakehouse.config.model;

import java.util.List;

/**
 * The IAM roles of the stack.
 *
 * @param permissionsBoundary the managed policy that bounds every role of the stack that names no
 *     boundary of its own; null for none
 */
public record IamConfig(List<RoleConfig> roles, String permissionsBoundary) {
  public IamConfig {
    roles = Defaults.list(roles);
  }
}
