package dev.lakehouse.cli.render;

import dev.lakehouse.cli.Output;
import dev.lakehouse.maintenance.report.MaintenanceReport;

/** Shows a maintenance run or dry run, table by table; one implementation for people, one for machines. */
public interface MaintainView {
  /**
   * @param workgroup the Athena workgroup the statements run (or would run) in
   * @param only the {@code --only} filter, or null
   */
  void report(MaintenanceReport report, String workgroup, String only);

  static MaintainView of(Output output) {
    return output.json() ? new JsonMaintainView(output) : new HumanMaintainView(output);
  }
}
