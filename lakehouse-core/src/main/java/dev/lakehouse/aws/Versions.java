package dev.lakehouse.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import software.amazon.awssdk.core.util.VersionInfo;

/** The versions of the tool and of the AWS SDK it carries. */
public final class Versions {
  public static final String LAKEHOUSE = load();
  public static final String AWS_SDK = VersionInfo.SDK_VERSION;

  private Versions() {}

  private static String load() {
    try (InputStream in = Versions.class.getResourceAsStream("version.properties")) {
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
