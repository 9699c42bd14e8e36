package dev.lakehouse.provision.iceberg;

import dev.lakehouse.aws.AwsErrors;
import dev.lakehouse.aws.AwsFailure;
import dev.lakehouse.errors.Refused;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns what Iceberg's library throws (its own exceptions, or the SDK's from its clients,
 * often wrapped) into the tool's "Cannot &lt;verb&gt; Iceberg table (&lt;id&gt;): &lt;reason&gt;".
 */
final class IcebergErrors {
  private IcebergErrors() {}

  static RuntimeException failure(String verb, String table, RuntimeException e) {
    if (e instanceof Refused || e instanceof AwsFailure) {
      return e;
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SdkException sdk) {
        AwsFailure failure = new AwsFailure(verb, "Iceberg table", table, sdk);
        failure.addSuppressed(e);
        return failure;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    AwsFailure failure = new AwsFailure(verb, "Iceberg table", table, e.getMessage());
    failure.initCause(e);
    return failure;
  }

  /** Why a call failed: the SDK's reason where an SDK exception is among the causes, else the message. */
  static String reason(RuntimeException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SdkException sdk) {
        return AwsErrors.reason(sdk);
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return e.getMessage();
  }
}
