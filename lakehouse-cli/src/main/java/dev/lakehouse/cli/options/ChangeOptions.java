package dev.lakehouse.cli.options;

import dev.lakehouse.provision.resource.Overrides;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** What plan, apply and destroy share: which resources, what data they may lose, how many at once. */
public final class ChangeOptions {
  @Option(names = "--target", paramLabel = "ADDRESS",
      description = "Only this resource and what it needs (destroy: and what needs it); repeatable. "
          + "Addresses as in the plan, e.g. s3_bucket.raw.")
  public List<String> targets = new ArrayList<>();

  @Option(names = "--allow-data-loss", paramLabel = "KIND", split = ",",
      description = "Allow a change to lose that kind of data (repeatable): bucket-objects, database-tables, "
          + "kms-key, dropped-tables, table-data, dropped-columns.")
  public List<String> allowDataLoss = new ArrayList<>();

  @Option(names = "--parallelism", paramLabel = "N", defaultValue = "20",
      description = "Changes and AWS reads in flight at once (default: ${DEFAULT-VALUE}).")
  public int parallelism;

  /** The overrides these options give, with or without adoption. */
  public Overrides overrides(boolean adopt) {
    return new Overrides(Set.copyOf(allowDataLoss), adopt);
  }
}
