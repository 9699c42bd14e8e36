package dev.lakehouse.provision.monitoring;

import dev.lakehouse.config.ConfigLoader;
import dev.lakehouse.config.Stack;
import java.nio.file.Path;
import java.util.Map;

/** The contract's canonical stack for the dev environment, in account 123456789012. */
final class CanonicalStack {
  static final String ACCOUNT = "123456789012";
  static final String TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:acme-dev-lakehouse-alerts";

  private CanonicalStack() {}

  static Stack dev() {
    return new ConfigLoader(Map.of())
        .load(ConfigLoader.Request.of(Path.of("..", "examples", "lakehouse.yaml"), "dev").withAccount(ACCOUNT));
  }
}
