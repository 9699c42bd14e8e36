package dev.lakehouse.provision.lakeformation;

import software.amazon.awssdk.services.lakeformation.model.ResourceInfo;

/**
 * A zone bucket registered with Lake Formation, which then vends credentials for its data
 * through the service-linked role, and decides who reads it by its permissions alone.
 *
 * @param resourceArn the bucket's ARN, {@code arn:aws:s3:::<bucket>}
 * @param role the role Lake Formation reads and writes the data as: {@value #SERVICE_LINKED} for its
 *     service-linked role (which lakehouse registers with), or the ARN of another
 * @param hybridAccessEnabled whether the location is in hybrid access mode, where principals not
 *     opted in to Lake Formation's permissions read it with their IAM permissions
 * @param withFederation whether the location is registered as a federated resource
 */
public record LocationSpec(String resourceArn, String role, boolean hybridAccessEnabled, boolean withFederation) {
  /** How the spec names Lake Formation's service-linked role. */
  public static final String SERVICE_LINKED = "service-linked";
  /** The name of the role Lake Formation registers a location with when asked for its service-linked role. */
  static final String SERVICE_LINKED_ROLE = "/aws-service-role/lakeformation.amazonaws.com/"
      + "AWSServiceRoleForLakeFormationDataAccess";

  /** The bucket registered as lakehouse registers it: with the service-linked role, in Lake Formation mode. */
  public static LocationSpec wanted(String resourceArn) {
    return new LocationSpec(resourceArn, SERVICE_LINKED, false, false);
  }

  /** The registration as Lake Formation describes it; a role it does not report is the service-linked one. */
  public static LocationSpec of(ResourceInfo info) {
    String role = info.roleArn() == null || info.roleArn().endsWith(SERVICE_LINKED_ROLE) ? SERVICE_LINKED
        : info.roleArn();
    return new LocationSpec(info.resourceArn(), role, Boolean.TRUE.equals(info.hybridAccessEnabled()),
        Boolean.TRUE.equals(info.withFederation()));
  }
}
