package dev.lakehouse.aws;

import software.amazon.awssdk.core.exception.SdkException;

/**
 * An AWS call failed: says what the tool was doing to which resource, and why, in the
 * form "Cannot &lt;verb&gt; &lt;thing&gt; (&lt;id&gt;): &lt;reason&gt;". The cause keeps the SDK's exception
 * for {@code -v}.
 */
public final class AwsFailure extends RuntimeException {
  public AwsFailure(String verb, String thing, String id, SdkException cause) {
    super("Cannot " + verb + " " + thing + (id == null ? "" : " (" + id + ")") + ": " + AwsErrors.reason(cause), cause);
  }

  public AwsFailure(String verb, String thing, String id, String reason) {
    super("Cannot " + verb + " " + thing + (id == null ? "" : " (" + id + ")") + ": " + reason);
  }
}
