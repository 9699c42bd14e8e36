package dev.lakehouse.aws;

import java.net.URI;
import java.util.Map;

/**
 * How to reach AWS: the named profile (else the SDK's default credential chain), the
 * region, and one endpoint for every service (as LocalStack and moto serve), or null.
 */
public record AwsSettings(String profile, String region, URI endpoint) {

  /**
   * A command's settings: the profile {@code --profile} names; else, with {@code --endpoint-url}
   * given, the one {@code AWS_PROFILE} names when the environment holds no keys of its own (which
   * the SDK's chain would take first), so that a role profile's AssumeRole goes to that endpoint as
   * it does for {@code --profile} ({@link ProfileCredentials}) rather than to AWS's own STS.
   */
  public static AwsSettings of(String profile, String region, URI endpoint, Map<String, String> environment) {
    String fromEnvironment = environment.get("AWS_PROFILE");
    boolean environmentProfile = profile == null && endpoint != null && fromEnvironment != null
        && !fromEnvironment.isBlank() && environment.get("AWS_ACCESS_KEY_ID") == null
        && environment.get("AWS_WEB_IDENTITY_TOKEN_FILE") == null;
    return new AwsSettings(environmentProfile ? fromEnvironment : profile, region, endpoint);
  }
}
