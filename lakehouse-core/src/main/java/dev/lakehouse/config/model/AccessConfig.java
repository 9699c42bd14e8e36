package dev.lakehouse.config.model;

import java.util.List;

/** Zone access from which a least-privilege inline policy is generated. */
public record AccessConfig(List<String> read, List<String> write, List<String> athenaWorkgroups) {
  public AccessConfig {
    read = Defaults.list(read);
    write = Defaults.list(write);
    athenaWorkgroups = Defaults.list(athenaWorkgroups);
  }
}
