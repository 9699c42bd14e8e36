package dev.lakehouse.aws;

import java.net.URI;

/**
 * How to reach AWS: the named profile (else the SDK's default credential chain), the
 * region, and one endpoint for every service (as LocalStack and moto serve), or null.
 */
public record AwsSettings(String profile, String region, URI endpoint) {}
