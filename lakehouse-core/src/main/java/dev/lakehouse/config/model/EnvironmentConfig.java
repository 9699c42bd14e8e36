package dev.lakehouse.config.model;

import java.util.Map;

/**
 * What one environment changes: its variable values, deletion protection, and
 * optionally its own region, extra tags and the only AWS account it may run in.
 */
public record EnvironmentConfig(
    Map<String, Object> variables,
    Boolean deletionProtection,
    String region,
    String account,
    Map<String, String> tags) {

  public EnvironmentConfig {
    variables = Defaults.map(variables);
    tags = Defaults.map(tags);
  }
}
