package dev.lakehouse.provision.resource;

import dev.lakehouse.aws.AwsClients;
import dev.lakehouse.config.Stack;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What providers build desired resources from: the stack, the AWS clients and the user's
 * overrides; and what the providers given this same context share ({@link #shared}): the engine
 * gives one context to the declarations and searches of one read of the stack.
 */
public final class ProvisionContext {
  private final Stack stack;
  private final AwsClients aws;
  private final Overrides overrides;
  private final Map<String, Object> shared = new ConcurrentHashMap<>();

  public ProvisionContext(Stack stack, AwsClients aws, Overrides overrides) {
    this.stack = stack;
    this.aws = aws;
    this.overrides = overrides;
  }

  public Stack stack() {
    return stack;
  }

  public AwsClients aws() {
    return aws;
  }

  public Overrides overrides() {
    return overrides;
  }

  /**
   * The value under {@code key}, made by the first caller given this context: a listing of the
   * account that several providers or resources use is asked for once per read of the stack.
   */
  @SuppressWarnings("unchecked")
  public <T> T shared(String key, Supplier<T> make) {
    return (T) shared.computeIfAbsent(key, k -> make.get());
  }
}
