package dev.lakehouse.cli;

import dev.lakehouse.aws.Accounts;
import dev.lakehouse.aws.AwsClients;
import dev.lakehouse.aws.AwsSettings;
import dev.lakehouse.cli.options.AwsOptions;
import dev.lakehouse.cli.options.ConfigOptions;
import dev.lakehouse.config.ConfigException;
import dev.lakehouse.config.ConfigLoader;
import dev.lakehouse.config.ConfigPath;
import dev.lakehouse.config.ConfigProblem;
import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.RoleConfig;
import dev.lakehouse.provision.iam.IamProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * A command's stack and its AWS clients. The config is loaded and validated in full before
 * the first AWS call; then the account is asked of STS, and the config loaded again with
 * {@code ${account}} resolved. The clients the command names are made meanwhile, on a thread of
 * their own, from the moment the config has named the region.
 */
final class StackContext implements AutoCloseable {
  private final Stack stack;
  private final AwsClients aws;

  private StackContext(Stack stack, AwsClients aws) {
    this.stack = stack;
    this.aws = aws;
  }

  /**
   * The stack, loaded and checked without AWS: also for what plan would refuse of the config alone,
   * so that validate never passes a config that plan refuses.
   */
  static Stack loadOffline(ConfigOptions config, AwsOptions awsOptions, Environment environment) {
    Stack stack = new ConfigLoader(environment.variables()).load(request(config, awsOptions));
    List<ConfigProblem> problems = new ArrayList<>();
    List<RoleConfig> roles = stack.config().iam().roles();
    for (int i = 0; i < roles.size(); i++) {
      ConfigPath access = ConfigPath.of("iam", "roles").index(i).key("access");
      for (String reason : IamProvider.beyondLimits(stack, roles.get(i))) {
        problems.add(new ConfigProblem(stack.file(), stack.sources().keyPosition(access), access, reason));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return stack;
  }

  /** The stack, with the clients of STS and {@code services} made ahead of their first use. */
  static StackContext open(ConfigOptions config, AwsOptions awsOptions, Environment environment, Output output,
      List<AwsClients.Service> services) {
    awsOptions.checkEndpointVariables(environment.variables());
    Ahead ahead = new Ahead(awsOptions, environment, services);
    try {
      // Validates the whole config before the first AWS call; the stack used is loaded again below, with the account.
      new ConfigLoader(environment.variables()).load(request(config, awsOptions), ahead::start);
    } catch (RuntimeException e) {
      ahead.discard();
      throw e;
    }
    AwsClients aws = ahead.clients();
    try {
      String account = Accounts.callerAccount(aws);
      Stack stack = new ConfigLoader(environment.variables()).load(request(config, awsOptions).withAccount(account));
      output.detail("Stack " + stack.project() + "/" + stack.env() + " in account " + account + ", "
          + stack.region() + " (" + aws.endpointDescription() + ")");
      return new StackContext(stack, aws);
    } catch (RuntimeException e) {
      aws.close();
      throw e;
    }
  }

  private static ConfigLoader.Request request(ConfigOptions config, AwsOptions awsOptions) {
    return new ConfigLoader.Request(config.file, config.file.toString(), config.env, awsOptions.region,
        awsOptions.profile, null);
  }

  Stack stack() {
    return stack;
  }

  AwsClients aws() {
    return aws;
  }

  @Override
  public void close() {
    aws.close();
  }

  /**
   * The clients, made on a thread of their own while the config is validated: STS first, for the
   * account, then the command's. Making a client calls nothing; one that fails to be made here is
   * made again on first use, and fails there with the command's error.
   */
  private static final class Ahead {
    private final AwsOptions options;
    private final Environment environment;
    private final List<AwsClients.Service> services;
    private AwsClients clients;
    private boolean made;
    private boolean discarded;

    Ahead(AwsOptions options, Environment environment, List<AwsClients.Service> services) {
      this.options = options;
      this.environment = environment;
      this.services = services;
    }

    synchronized void start(String region) {
      AwsClients aws = new AwsClients(AwsSettings.of(options.profile, region, options.endpointUrl, environment.variables()),
          environment.recorder(), environment.variables());
      clients = aws;
      Thread maker = new Thread(() -> {
        try {
          aws.make(List.of(AwsClients.Service.STS));
          aws.make(services);
        } catch (RuntimeException e) {
          // Made again on first use, where the failure is the command's to report.
        } finally {
          made(aws);
        }
      }, "lakehouse-clients");
      maker.setDaemon(true);
      maker.start();
    }

    /** The clients, once the config has loaded (it names the region whenever it loads). */
    synchronized AwsClients clients() {
      return clients;
    }

    /** The config failed: the clients, if begun, are closed, now or once made. */
    synchronized void discard() {
      discarded = true;
      if (clients != null && made) {
        clients.close();
      }
    }

    private synchronized void made(AwsClients aws) {
      made = true;
      if (discarded) {
        aws.close();
      }
    }
  }
}
