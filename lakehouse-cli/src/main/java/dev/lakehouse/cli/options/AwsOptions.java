package dev.lakehouse.cli.options;

import java.net.URI;
import picocli.CommandLine.Option;

/** How to reach AWS. */
public final class AwsOptions {
  @Option(names = "--profile", paramLabel = "NAME",
      description = "The AWS profile to use (default: the SDK's credential chain: environment, AWS_PROFILE, SSO, instance role).")
  public String profile;

  @Option(names = "--region", paramLabel = "REGION",
      description = "The AWS region (default: the environment's, then the config's region).")
  public String region;

  @Option(names = "--endpoint-url", paramLabel = "URL",
      description = "One endpoint for every AWS service, as LocalStack and moto serve. "
          + "AWS_ENDPOINT_URL and the SDK's per-service variables work too.")
  public URI endpointUrl;
}
