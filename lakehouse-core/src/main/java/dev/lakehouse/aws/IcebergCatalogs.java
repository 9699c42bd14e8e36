package dev.lakehouse.aws;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.aws.glue.GlueCatalog;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Apache Iceberg's Glue catalog with S3 file IO, reaching AWS the way the rest of the tool
 * does: the same region, profile or credential chain, and endpoint (path-style S3 when the
 * endpoint is custom), on the URLConnection HTTP client. Iceberg makes its own SDK clients
 * from these properties.
 */
public final class IcebergCatalogs {
  private IcebergCatalogs() {}

  /** A Glue catalog for the account, whose tables live wherever their Glue entries say. */
  public static Catalog glue(AwsSettings settings) {
    GlueCatalog catalog = new GlueCatalog();
    catalog.initialize("lakehouse", properties(settings));
    return catalog;
  }

  static Map<String, String> properties(AwsSettings settings) {
    Map<String, String> properties = new HashMap<>();
    properties.put(CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.aws.s3.S3FileIO");
    properties.put("client.region", settings.region());
    properties.put("http-client.type", "urlconnection");
    properties.put("client.credentials-provider", Credentials.class.getName());
    if (settings.profile() != null) {
      properties.put("client.credentials-provider.profile", settings.profile());
      properties.put("client.credentials-provider.region", settings.region());
      if (settings.endpoint() != null) {
        properties.put("client.credentials-provider.endpoint", settings.endpoint().toString());
      }
    }
    if (settings.endpoint() != null) {
      properties.put("glue.endpoint", settings.endpoint().toString());
      properties.put("s3.endpoint", settings.endpoint().toString());
      properties.put("sts.endpoint", settings.endpoint().toString());
      properties.put("s3.path-style-access", "true");
    } else if (System.getenv("AWS_ENDPOINT_URL") != null || System.getenv("AWS_ENDPOINT_URL_S3") != null) {
      properties.put("s3.path-style-access", "true");
    }
    return properties;
  }

  /**
   * The credentials Iceberg's clients use: the named profile, else the SDK's default chain.
   * Iceberg makes it through {@link #create(Map)} from the catalog properties.
   */
  public static final class Credentials implements AwsCredentialsProvider {
    private final AwsCredentialsProvider delegate;

    private Credentials(AwsCredentialsProvider delegate) {
      this.delegate = delegate;
    }

    public static Credentials create(Map<String, String> properties) {
      String profile = properties.get("profile");
      String endpoint = properties.get("endpoint");
      return new Credentials(ProfileCredentials.of(profile, properties.get("region"),
          endpoint == null ? null : URI.create(endpoint)));
    }

    @Override
    public AwsCredentials resolveCredentials() {
      return delegate.resolveCredentials();
    }
  }
}
