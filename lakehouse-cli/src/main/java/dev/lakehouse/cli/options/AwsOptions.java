package dev.lakehouse.cli.options;

import dev.lakehouse.aws.EndpointUrls;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** How to reach AWS. */
public final class AwsOptions {
  @Option(names = "--profile", paramLabel = "NAME",
      description = "The AWS profile to use (default: the SDK's credential chain: environment, AWS_PROFILE, SSO, instance role).")
  public String profile;

  @Option(names = "--region", paramLabel = "REGION",
      description = "The AWS region (default: the environment's region in the config, then the config's, "
          + "then AWS_REGION, then AWS_DEFAULT_REGION).")
  public String region;

  @Option(names = "--endpoint-url", paramLabel = "URL", converter = EndpointConverter.class,
      description = "One endpoint for every AWS service, as LocalStack and moto serve. "
          + "AWS_ENDPOINT_URL and the SDK's per-service variables work too.")
  public URI endpointUrl;

  /**
   * An http or https URL with a host. A bad one is refused as a usage error that shows it without
   * its user-info, which may hold a password (picocli's own conversion quotes the value whole).
   */
  public static final class EndpointConverter implements ITypeConverter<URI> {
    @Override
    public URI convert(String value) {
      EndpointUrls.given(value);
      URI uri = null;
      try {
        uri = new URI(value.trim());
      } catch (URISyntaxException e) {
        // Refused below.
      }
      if (uri == null || uri.getHost() == null || uri.getScheme() == null
          || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
        throw new TypeConversionException("'" + EndpointUrls.redact(value) + "' is not an http or https URL with a "
            + "host, such as http://127.0.0.1:4566 (a password in it must be URL-encoded)");
      }
      return uri;
    }
  }
}
