package dev.lakehouse.provision.lakeformation;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A zone bucket registered with Lake Formation, which then vends credentials for its data
 * through the service-linked role.
 *
 * @param resourceArn the bucket's ARN, {@code arn:aws:s3:::<bucket>}
 * @param roleArn the role Lake Formation uses for the location, as it reports it; not compared
 */
public record LocationSpec(String resourceArn, @JsonIgnore String roleArn) {}
