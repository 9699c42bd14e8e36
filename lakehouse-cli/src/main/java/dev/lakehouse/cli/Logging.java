package dev.lakehouse.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log levels from the verbosity: warnings by default, the tool's own debug lines with -v, and
 * the AWS SDK's and Iceberg's informational lines with -vv. The SDK's debug lines are never
 * shown, at any verbosity: its request signer logs each canonical request, session token included.
 */
final class Logging {
  private Logging() {}

  static void configure(int verbosity) {
    if (!(LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext)) {
      return;
    }
    root().setLevel(verbosity < 0 ? Level.ERROR : Level.WARN);
    logger("dev.lakehouse").setLevel(verbosity > 0 ? Level.DEBUG : verbosity < 0 ? Level.ERROR : Level.INFO);
    logger("software.amazon.awssdk").setLevel(verbosity > 1 ? Level.INFO : Level.WARN);
    logger("org.apache.iceberg").setLevel(verbosity > 1 ? Level.INFO : Level.WARN);
    // S3FileIO warns on every start that Hadoop's metrics are absent: the tool runs without Hadoop.
    logger("org.apache.iceberg.aws.s3.S3FileIO").setLevel(verbosity > 1 ? Level.INFO : Level.ERROR);
    // Iceberg warns, stack trace and all, at every retry of a commit or read; the tool reports the
    // failure that remains in its own words, so the retries show only with -v.
    logger("org.apache.iceberg.util.Tasks").setLevel(verbosity > 1 ? Level.INFO : verbosity > 0 ? Level.WARN
        : Level.ERROR);
  }

  private static Logger root() {
    return logger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  private static Logger logger(String name) {
    return (Logger) LoggerFactory.getLogger(name);
  }
}
