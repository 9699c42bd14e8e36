package dev.lakehouse.provision;

import dev.lakehouse.aws.AwsClients;
import dev.lakehouse.aws.AwsSettings;
import dev.lakehouse.aws.CallRecorder;
import dev.lakehouse.config.Stack;
import dev.lakehouse.provision.engine.ApplyListener;
import dev.lakehouse.provision.engine.ApplyResult;
import dev.lakehouse.provision.engine.Cancellation;
import dev.lakehouse.provision.engine.Engine;
import dev.lakehouse.provision.engine.LiveStack;
import dev.lakehouse.provision.engine.Plan;
import dev.lakehouse.provision.resource.Overrides;
import dev.lakehouse.provision.resource.ResourceProvider;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.TestClients;
import dev.lakehouse.testkit.gaps.MotoGaps;
import dev.lakehouse.testkit.proxy.AwsProxy;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * An emulated account as integration tests of the engine use it: the tool's own AWS clients
 * pointed at a recording proxy (with moto's gap fillers) in front of the emulator, so tests can
 * count the tool's calls, and independent {@link TestClients} straight to the emulator, for
 * reading back what the tool made and for making drift.
 */
public final class EmulatedAccount implements AutoCloseable {
  private static final int PARALLELISM = 4;

  private final Emulator emulator;
  private final AwsProxy proxy;
  private final AwsClients aws;
  private final TestClients clients;
  private final List<ResourceProvider> providers;

  private EmulatedAccount(Emulator emulator, List<ResourceProvider> providers) {
    this.emulator = emulator;
    this.providers = List.copyOf(providers);
    this.proxy = MotoGaps.proxy(emulator);
    useEmulatorCredentials(emulator);
    this.aws = new AwsClients(new AwsSettings(null, emulator.region(), proxy.endpoint()), new CallRecorder(), Map.of());
    this.clients = TestClients.of(emulator);
  }

  /** The account the emulator serves, managed with these providers only. */
  public static EmulatedAccount open(Emulator emulator, List<ResourceProvider> providers) {
    return new EmulatedAccount(emulator, providers);
  }

  /**
   * The tool's clients take credentials from the SDK's default chain, whose first link is the
   * {@code aws.accessKeyId} system properties: set to the emulator's, they keep a developer's
   * real credentials out of the tests.
   */
  private static void useEmulatorCredentials(Emulator emulator) {
    AwsCredentials credentials = emulator.credentials().resolveCredentials();
    System.setProperty("aws.accessKeyId", credentials.accessKeyId());
    System.setProperty("aws.secretAccessKey", credentials.secretAccessKey());
  }

  /** The canonical dev stack in the emulator's account. */
  public Stack canonicalDev() {
    return StackFixtures.canonical("dev", emulator.accountId());
  }

  /** The canonical dev stack in the emulator's account, its text edited first. */
  public Stack editedDev(UnaryOperator<String> edit) {
    return StackFixtures.edited("dev", emulator.accountId(), edit);
  }

  public Engine engine(Overrides overrides) {
    return new Engine(aws, providers, PARALLELISM, overrides);
  }

  public LiveStack read(Stack stack) {
    return engine(Overrides.NONE).read(stack);
  }

  public Plan plan(Stack stack) {
    return read(stack).plan();
  }

  /** Reads the stack, plans and applies, as {@code lakehouse apply --auto-approve} does. */
  public ApplyResult apply(Stack stack, Overrides overrides) {
    Engine engine = engine(overrides);
    LiveStack live = engine.read(stack);
    return engine.apply(live, live.plan(), ApplyListener.NONE, new Cancellation());
  }

  public ApplyResult apply(Stack stack) {
    return apply(stack, Overrides.NONE);
  }

  public AwsProxy proxy() {
    return proxy;
  }

  public TestClients clients() {
    return clients;
  }

  @Override
  public void close() {
    aws.close();
    clients.close();
    proxy.close();
  }
}
