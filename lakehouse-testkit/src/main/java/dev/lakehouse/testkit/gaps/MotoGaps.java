package dev.lakehouse.testkit.gaps;

import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.MotoServer;
import dev.lakehouse.testkit.proxy.AwsProxy;

/**
 * Every gap filler: the AWS APIs the tool uses that moto 5.2.1 lacks, served by the proxy as AWS
 * documents them, so that the canonical stack applies and re-applies against moto exactly as it
 * would against AWS. The product never knows; only tests and the local demo put these in front of moto.
 */
public final class MotoGaps {
  private MotoGaps() {}

  /** Puts every gap filler in front of the proxy's upstream. */
  public static void install(AwsProxy proxy) {
    S3IntelligentTieringGap.install(proxy);
    S3BucketPolicyGap.install(proxy);
    S3ConditionalWriteGap.install(proxy);
    SnsEmailConfirmationGap.install(proxy);
    CloudWatchDashboardTagsGap.install(proxy);
    AthenaWorkGroupUpdateGap.install(proxy);
    AthenaPreparedStatementsGap.install(proxy);
    AthenaRequestTokenGap.install(proxy);
    GlueTableOptimizersGap.install(proxy);
    DataCellsFilters.install(proxy);
    GrantTargets.install(proxy);
    TablePermissionListing.install(proxy);
  }

  /**
   * A recording proxy in front of the emulator, with the gap fillers when the emulator is moto:
   * what integration tests point the tool at. Start one per test: the gap fillers' state follows
   * resets only when they pass through the proxy.
   */
  public static AwsProxy proxy(Emulator emulator) {
    AwsProxy proxy = AwsProxy.start(emulator);
    if (emulator instanceof MotoServer) {
      install(proxy);
    }
    return proxy;
  }
}
