package dev.lakehouse.config.model;

import java.util.List;

/** The IAM roles of the stack. */
public record IamConfig(List<RoleConfig> roles) {
  public IamConfig {
    roles = Defaults.list(roles);
  }
}
