package dev.lakehouse.cli;

import dev.lakehouse.aws.Accounts;
import dev.lakehouse.aws.AwsClients;
import dev.lakehouse.aws.AwsSettings;
import dev.lakehouse.cli.options.AwsOptions;
import dev.lakehouse.cli.options.ConfigOptions;
import dev.lakehouse.config.ConfigLoader;
import dev.lakehouse.config.Stack;

/**
 * A command's stack and its AWS clients. The config is loaded and validated in full before
 * the first AWS call; then the account is asked of STS, and the config loaded again with
 * {@code ${account}} resolved.
 */
final class StackContext implements AutoCloseable {
  private final Stack stack;
  private final AwsClients aws;

  private StackContext(Stack stack, AwsClients aws) {
    this.stack = stack;
    this.aws = aws;
  }

  static Stack loadOffline(ConfigOptions config, AwsOptions awsOptions, Environment environment) {
    return new ConfigLoader(environment.variables()).load(request(config, awsOptions));
  }

  static StackContext open(ConfigOptions config, AwsOptions awsOptions, Environment environment, Output output) {
    Stack offline = loadOffline(config, awsOptions, environment);
    AwsClients aws = new AwsClients(
        new AwsSettings(awsOptions.profile, offline.region(), awsOptions.endpointUrl), environment.recorder(),
        environment.variables());
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
    return new ConfigLoader.Request(config.file, config.file.toString(), config.env, awsOptions.region, null);
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
}
