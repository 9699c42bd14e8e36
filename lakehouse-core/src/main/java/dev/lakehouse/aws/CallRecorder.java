package dev.lakehouse.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;

/**
 * Records every AWS API call the tool makes (one entry per call, not per retry), so that
 * a run can report how many calls it made and how many of them changed something.
 */
public final class CallRecorder implements ExecutionInterceptor {
  private static final Set<String> READ_PREFIXES =
      Set.of("Get", "List", "Describe", "Head", "Search", "BatchGet", "Lookup", "Select");

  /** One API call. */
  public record Call(String service, String operation, boolean mutating) {
    @Override
    public String toString() {
      return service + "." + operation;
    }
  }

  private final List<Call> calls = new ArrayList<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    Call call = new Call(service, operation, isMutating(operation));
    synchronized (calls) {
      calls.add(call);
    }
  }

  /**
   * Marks a failed call's exception with the service, operation and region, so that error messages
   * can name them without changing the exception's type.
   */
  @Override
  public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
    Throwable failure = context.exception();
    for (Throwable suppressed : failure.getSuppressed()) {
      if (suppressed instanceof FailedCall) {
        return failure;
      }
    }
    Region region = attributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
    failure.addSuppressed(new FailedCall(
        attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
        attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), region == null ? null : region.id()));
    return failure;
  }

  /** The call an SDK exception came from, if the exception passed through a recorder. */
  public static FailedCall failedCall(Throwable failure) {
    for (Throwable suppressed : failure.getSuppressed()) {
      if (suppressed instanceof FailedCall call) {
        return call;
      }
    }
    return null;
  }

  /** Carried as a suppressed exception: which call failed. Has no stack trace of its own. */
  public static final class FailedCall extends RuntimeException {
    private final String service;
    private final String operation;
    private final String region;

    FailedCall(String service, String operation) {
      this(service, operation, null);
    }

    FailedCall(String service, String operation, String region) {
      super(service + "." + operation, null, false, false);
      this.service = service;
      this.operation = operation;
      this.region = region;
    }

    /** The service as AWS writes its name: STS, KMS, IAM, SNS, Lake Formation, S3, Glue... */
    public String service() {
      return switch (service) {
        case "Sts", "Kms", "Iam", "Sns" -> service.toUpperCase(Locale.ROOT);
        case "LakeFormation" -> "Lake Formation";
        default -> service;
      };
    }

    public String operation() {
      return operation;
    }

    /** The region the call was signed for, or null when not known. */
    public String region() {
      return region;
    }
  }

  /** Whether an operation of that name can change something in the account. */
  public static boolean isMutating(String operation) {
    for (String prefix : READ_PREFIXES) {
      if (operation.startsWith(prefix)) {
        return false;
      }
    }
    return true;
  }

  public List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  public List<Call> mutatingCalls() {
    return calls().stream().filter(Call::mutating).toList();
  }
}
