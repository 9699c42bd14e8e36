package dev.lakehouse.cli.options;

import dev.lakehouse.provision.engine.Address;
import dev.lakehouse.provision.resource.DataRisk;
import dev.lakehouse.provision.resource.Overrides;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** What plan, apply and destroy share: which resources, what data they may lose, how many at once. */
public final class ChangeOptions {
  @Option(names = "--target", paramLabel = "ADDRESS",
      description = "Only this resource and what it needs (destroy: and what needs it); repeatable. "
          + "Addresses as in the plan, e.g. s3_bucket.raw.")
  public List<String> targets = new ArrayList<>();

  @Option(names = "--allow-data-loss", paramLabel = "KIND", split = ",", completionCandidates = Kinds.class,
      description = "Allow a change to lose that kind of data (repeatable): ${COMPLETION-CANDIDATES}.")
  public List<String> allowDataLoss = new ArrayList<>();

  @Option(names = "--parallelism", paramLabel = "N", defaultValue = "20",
      description = "Changes and AWS reads in flight at once (default: ${DEFAULT-VALUE}).")
  public int parallelism;

  /** The command these options are mixed into, for its usage errors. */
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /**
   * Refuses, as a usage error, values no run can take, before the command reads the config or
   * calls AWS. Of a target only the form is checked: which addresses the stack has is known once
   * it is read.
   */
  public void check() {
    if (parallelism < 1) {
      throw usage("--parallelism must be at least 1, cannot be: " + parallelism);
    }
    for (String kind : allowDataLoss) {
      if (!DataRisk.KINDS.contains(kind)) {
        throw usage("--allow-data-loss: '" + kind + "' is not a kind of data loss; use one of "
            + String.join(", ", DataRisk.KINDS));
      }
    }
    for (String target : targets) {
      try {
        Address.parse(target);
      } catch (IllegalArgumentException e) {
        throw usage("--target: '" + target + "' is not a resource address; write TYPE.NAME, e.g. s3_bucket.raw");
      }
    }
  }

  /** The overrides these options give, with or without adoption. */
  public Overrides overrides(boolean adopt) {
    return new Overrides(Set.copyOf(allowDataLoss), adopt);
  }

  private ParameterException usage(String message) {
    return new ParameterException(command.commandLine(), message);
  }

  /** The kinds of data loss, for the option's help and shell completion. */
  static final class Kinds implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return DataRisk.KINDS.iterator();
    }
  }
}
