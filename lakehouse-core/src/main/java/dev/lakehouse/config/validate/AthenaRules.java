package dev.lakehouse.config.validate;

import dev.lakehouse.config.ConfigPath;
import dev.lakehouse.config.Problems;
import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.AthenaConfig;
import dev.lakehouse.config.model.WorkgroupConfig;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Athena: workgroup names and settings Athena would refuse. */
final class AthenaRules extends Rules {
  /** Athena refuses a per-query scan limit below this many bytes. */
  static final long MINIMUM_SCAN_CUTOFF_BYTES = 10_000_000L;
  static final List<String> ENGINE_VERSIONS = List.of("AUTO", "Athena engine version 3");
  private static final Pattern WORKGROUP = Pattern.compile("[a-zA-Z0-9._-]{1,128}");

  AthenaRules(Stack stack, Problems problems) {
    super(stack, problems);
  }

  @Override
  void validate() {
    AthenaConfig athena = stack.config().athena();
    if (athena == null) {
      return;
    }
    ConfigPath path = ConfigPath.of("athena");
    atLeast(athena.resultsExpirationDays(), 1, path.key("resultsExpirationDays"), "resultsExpirationDays");
    List<WorkgroupConfig> workgroups = athena.workgroups();
    unique(workgroups, WorkgroupConfig::name, path.key("workgroups"), "name", "workgroup");
    for (int i = 0; i < workgroups.size(); i++) {
      WorkgroupConfig workgroup = workgroups.get(i);
      ConfigPath at = path.key("workgroups").index(i);
      if (required(workgroup.name(), at.key("name"))
          && matches(workgroup.name(), WORKGROUP, at.key("name"),
              "may hold only letters, digits, '.', '_' and '-' (at most 128)")
          && workgroup.name().equals("primary")) {
        problems.add(at.key("name"), "the 'primary' workgroup exists in every account; name a workgroup of the stack's own");
      }
      if (workgroup.bytesScannedCutoffPerQuery() != null
          && workgroup.bytesScannedCutoffPerQuery().bytes() < MINIMUM_SCAN_CUTOFF_BYTES) {
        // Athena counts its minimum in decimal bytes, this file in binary units: say both.
        problems.add(at.key("bytesScannedCutoffPerQuery"), workgroup.bytesScannedCutoffPerQuery()
            + " is below Athena's minimum per-query limit of " + MINIMUM_SCAN_CUTOFF_BYTES + " bytes (about "
            + String.format(Locale.ROOT, "%.2f", MINIMUM_SCAN_CUTOFF_BYTES / (double) (1 << 20))
            + "MB in this file's binary units); use 10MB or more");
      }
      if (workgroup.engineVersion() != null) {
        oneOf(workgroup.engineVersion(), ENGINE_VERSIONS, at.key("engineVersion"), "Athena engine version");
      }
      if (workgroup.description() != null && workgroup.description().length() > 1024) {
        problems.add(at.key("description"), "must be at most 1024 characters long");
      }
      tags(workgroup.tags(), at.key("tags"));
      tagCount(workgroup.tags(), at.key("tags"), "a workgroup");
    }
  }
}
