package dev.lakehouse.provision;

import dev.lakehouse.config.ConfigLoader;
import dev.lakehouse.config.Stack;
import java.nio.file.Path;
import java.util.Map;

/** The contract's canonical stack, loaded for tests as the tool loads it. */
public final class CanonicalStack {
  public static final Path FILE = Path.of("..", "examples", "lakehouse.yaml");
  public static final String ACCOUNT = "123456789012";

  private CanonicalStack() {}

  /** The canonical stack's dev environment in {@link #ACCOUNT}. */
  public static Stack dev() {
    return load("dev", ACCOUNT);
  }

  public static Stack load(String env, String account) {
    return new ConfigLoader(Map.of()).load(ConfigLoader.Request.of(FILE, env).withAccount(account));
  }
}
