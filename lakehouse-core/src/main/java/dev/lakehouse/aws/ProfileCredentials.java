package dev.lakehouse.aws;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The credentials of a named profile ({@code --profile}), else of the SDK's default chain. With one endpoint for every service
 * (LocalStack, moto), the AssumeRole of a profile with {@code role_arn} and {@code source_profile}
 * goes to that endpoint as every other call does: the SDK's own provider sends it to AWS's STS,
 * signed with the source profile's credentials.
 */
public final class ProfileCredentials {
  private ProfileCredentials() {}

  /**
   * The profile's credentials, from the AWS config and credentials files ({@code AWS_CONFIG_FILE},
   * {@code AWS_SHARED_CREDENTIALS_FILE}); the SDK's default chain when no profile is named.
   * {@code endpoint} is null for AWS's own.
   */
  public static AwsCredentialsProvider of(String profile, String region, URI endpoint) {
    if (profile == null) {
      return DefaultCredentialsProvider.builder().build();
    }
    return of(profile, region, endpoint, endpoint == null ? null : ProfileFile.defaultProfileFile());
  }

  /** The profile's credentials from these files, or from the SDK's own reading of them when null. */
  static AwsCredentialsProvider of(String profile, String region, URI endpoint, ProfileFile files) {
    Optional<Profile> found = files == null ? Optional.empty() : files.profile(profile);
    String roleArn = found.flatMap(p -> p.property("role_arn")).orElse(null);
    String source = found.flatMap(p -> p.property("source_profile")).orElse(null);
    if (roleArn == null || source == null || source.equals(profile)) {
      ProfileCredentialsProvider.Builder provider = ProfileCredentialsProvider.builder().profileName(profile);
      return (files == null ? provider : provider.profileFile(files)).build();
    }
    Profile role = found.get();
    StsClient sts = StsClient.builder()
        .region(Region.of(role.property("region").orElse(region)))
        .endpointOverride(endpoint)
        .credentialsProvider(of(source, region, endpoint, files))
        .httpClient(SharedHttpClient.get())
        .build();
    return StsAssumeRoleCredentialsProvider.builder()
        .stsClient(sts)
        .refreshRequest(request -> {
          request.roleArn(roleArn)
              .roleSessionName(role.property("role_session_name").orElse("lakehouse-" + System.currentTimeMillis()));
          role.property("external_id").ifPresent(request::externalId);
          role.property("duration_seconds").map(Integer::valueOf).ifPresent(request::durationSeconds);
        })
        .build();
  }
}
