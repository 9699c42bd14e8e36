package dev.lakehouse.provision;

import dev.lakehouse.config.ConfigLoader;
import dev.lakehouse.config.Stack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The canonical stack of the contract, as tests of the provisioning code load it. */
public final class StackFixtures {
  /** {@code examples/lakehouse.yaml}, the contract's canonical stack, from this module's directory. */
  public static final Path CANONICAL = Path.of("..", "examples", "lakehouse.yaml");
  public static final String ACCOUNT = "111122223333";

  private StackFixtures() {}

  /** The canonical stack for {@code env} in {@code account}. */
  public static Stack canonical(String env, String account) {
    return new ConfigLoader(Map.of()).load(ConfigLoader.Request.of(CANONICAL, env).withAccount(account));
  }

  /** The canonical dev stack in {@link #ACCOUNT}. */
  public static Stack canonicalDev() {
    return canonical("dev", ACCOUNT);
  }

  /** The canonical stack with its text edited first (each edit must change something), for env in account. */
  public static Stack edited(String env, String account, UnaryOperator<String> edit) {
    String original = canonicalText();
    String changed = edit.apply(original);
    if (changed.equals(original)) {
      throw new IllegalArgumentException("the edit changed nothing in " + CANONICAL);
    }
    try {
      Path file = Files.createTempFile("lakehouse", ".yaml");
      file.toFile().deleteOnExit();
      Files.writeString(file, changed, StandardCharsets.UTF_8);
      return new ConfigLoader(Map.of()).load(ConfigLoader.Request.of(file, env).withAccount(account));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String canonicalText() {
    try {
      return Files.readString(CANONICAL);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
