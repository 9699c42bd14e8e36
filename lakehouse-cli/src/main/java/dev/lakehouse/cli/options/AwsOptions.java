package dev.lakehouse.cli.options;

import dev.lakehouse.aws.AwsClients;
import dev.lakehouse.aws.EndpointUrls;
import dev.lakehouse.errors.Refused;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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
          + "then AWS_REGION, then AWS_DEFAULT_REGION, then the AWS profile's region).")
  public String region;

  @Option(names = "--endpoint-url", paramLabel = "URL", converter = EndpointConverter.class,
      description = "One endpoint for every AWS service, as LocalStack and moto serve. "
          + "AWS_ENDPOINT_URL and the SDK's per-service variables work too.")
  public URI endpointUrl;

  /** The endpoint URL a value names, or null when it is not an http or https URL with a host. */
  static URI endpoint(String value) {
    URI uri;
    try {
      uri = new URI(value.trim());
    } catch (URISyntaxException e) {
      return null;
    }
    return uri.getHost() == null || uri.getScheme() == null
        || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT)) ? null : uri;
  }

  /** What a value that is no endpoint URL is told, after it is quoted. */
  private static final String NOT_AN_ENDPOINT = "not an http or https URL with a host, such as http://127.0.0.1:4566 "
      + "(a password in it must be URL-encoded)";

  /**
   * Refuses an {@code AWS_ENDPOINT_URL} (or {@code AWS_ENDPOINT_URL_<SERVICE>}) that is no endpoint
   * URL, as {@code --endpoint-url} is refused, before any AWS call: the SDK would otherwise fail on
   * the first call with its own words ("Expected scheme-specific part at index 10: localhost:"; for
   * one set but empty, which it does not take as unset, "The URI scheme of endpointOverride must not
   * be null"). With {@code --endpoint-url} given the variables are not used, and not checked.
   */
  public void checkEndpointVariables(Map<String, String> variables) {
    if (endpointUrl != null) {
      return;
    }
    new TreeMap<>(variables).forEach((name, value) -> {
      if (value != null && value.isBlank() && AwsClients.ENDPOINT_VARIABLES.contains(name)) {
        throw new Refused("Cannot call AWS: " + name + " is set but empty, which the AWS SDK takes as an endpoint, "
            + "not as unset; unset it (unset " + name + "), give it an endpoint URL, or pass --endpoint-url");
      }
      if ((name.equals("AWS_ENDPOINT_URL") || name.startsWith("AWS_ENDPOINT_URL_")) && value != null
          && !value.isBlank()) {
        EndpointUrls.given(value);
        if (endpoint(value) == null) {
          throw new Refused("Cannot call AWS: " + name + " is '" + EndpointUrls.redact(value) + "', " + NOT_AN_ENDPOINT
              + "; correct or unset it, or pass --endpoint-url");
        }
      }
    });
  }

  /**
   * An http or https URL with a host. A bad one is refused as a usage error that shows it without
   * its user-info, which may hold a password (picocli's own conversion quotes the value whole).
   */
  public static final class EndpointConverter implements ITypeConverter<URI> {
    @Override
    public URI convert(String value) {
      EndpointUrls.given(value);
      URI uri = endpoint(value);
      if (uri == null) {
        throw new TypeConversionException("'" + EndpointUrls.redact(value) + "' is " + NOT_AN_ENDPOINT);
      }
      return uri;
    }
  }
}
