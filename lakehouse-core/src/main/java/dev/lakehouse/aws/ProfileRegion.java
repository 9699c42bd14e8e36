package dev.lakehouse.aws;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * The region a profile of the AWS config file names ({@code region = eu-west-1}), as the AWS CLI
 * and the SDKs take it when nothing else names one: the profile {@code --profile} names, else
 * {@code AWS_PROFILE}, else {@code default}, in {@code AWS_CONFIG_FILE}, else {@code ~/.aws/config}.
 */
public record ProfileRegion(String region, String profile, String file) {

  /** The profile's region, or null when the file, the profile or its region is missing or unreadable. */
  public static ProfileRegion of(String profile, Map<String, String> environment) {
    String name = nonBlank(profile) != null ? profile
        : nonBlank(environment.get("AWS_PROFILE")) != null ? environment.get("AWS_PROFILE") : "default";
    String configured = nonBlank(environment.get("AWS_CONFIG_FILE"));
    String home = nonBlank(environment.get("HOME"));
    if (configured == null && home == null) {
      return null;
    }
    Path file = configured != null ? Path.of(configured.startsWith("~/") && home != null
        ? home + configured.substring(1) : configured) : Path.of(home, ".aws", "config");
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      String region = ProfileFile.builder().content(file).type(ProfileFile.Type.CONFIGURATION).build()
          .profile(name).flatMap(found -> found.property("region")).map(String::trim).orElse(null);
      return nonBlank(region) == null ? null
          : new ProfileRegion(region, name, configured != null ? "AWS_CONFIG_FILE" : "~/.aws/config");
    } catch (RuntimeException unreadable) {
      // A file the SDK cannot parse: the credentials, read from it next, report it.
      return null;
    }
  }

  private static String nonBlank(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
