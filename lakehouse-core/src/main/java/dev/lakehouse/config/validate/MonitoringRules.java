package dev.lakehouse.config.validate;

import dev.lakehouse.config.ConfigPath;
import dev.lakehouse.config.Problems;
import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.AlarmsConfig;
import dev.lakehouse.config.model.MonitoringConfig;
import java.util.regex.Pattern;

/**
 * Monitoring: topic and dashboard names, e-mail addresses, alarm thresholds and workgroups (which
 * must publish their query metrics, or the alarm never sees a data point), and a dashboard that
 * has something to show.
 */
final class MonitoringRules extends Rules {
  /** The longest average query time an alarm can sensibly watch for, in seconds. */
  static final long MAX_QUERY_SECONDS = 604_800;

  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9_-]{1,256}");
  private static final Pattern DASHBOARD = Pattern.compile("[A-Za-z0-9_-]{1,255}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  MonitoringRules(Stack stack, Problems problems) {
    super(stack, problems);
  }

  @Override
  void validate() {
    MonitoringConfig monitoring = stack.config().monitoring();
    if (monitoring == null) {
      return;
    }
    ConfigPath path = ConfigPath.of("monitoring");
    AlarmsConfig alarms = monitoring.alarms();
    boolean anyAlarm = alarms.slowQueries() != null || alarms.dataScanned() != null || alarms.snapshotCount() != null;
    if (monitoring.alertTopic() == null && (anyAlarm || !monitoring.alertEmails().isEmpty())) {
      problems.add(path.key("alertTopic"), "is required: alarms and e-mail alerts go through an SNS topic");
    }
    matches(monitoring.alertTopic(), TOPIC, path.key("alertTopic"),
        "is not a valid SNS topic name (letters, digits, '_' and '-', at most 256)");
    for (int i = 0; i < monitoring.alertEmails().size(); i++) {
      matches(monitoring.alertEmails().get(i), EMAIL, path.key("alertEmails").index(i), "is not an e-mail address");
    }
    uniqueValues(monitoring.alertEmails(), path.key("alertEmails"), "e-mail address");
    matches(monitoring.dashboard(), DASHBOARD, path.key("dashboard"),
        "is not a valid dashboard name (letters, digits, '_' and '-', at most 255)");
    ConfigPath at = path.key("alarms");
    if (alarms.slowQueries() != null) {
      ConfigPath slow = at.key("slowQueries");
      alarmedWorkgroup(alarms.slowQueries().workgroup(), slow.key("workgroup"));
      Double seconds = alarms.slowQueries().averageSecondsAbove();
      if (required(seconds, slow.key("averageSecondsAbove")) && !(seconds > 0 && seconds <= MAX_QUERY_SECONDS)) {
        // NaN and infinities fail the comparison too.
        problems.add(slow.key("averageSecondsAbove"), "must be more than 0 and at most " + MAX_QUERY_SECONDS
            + " (a week: no Athena query runs longer)");
      }
    }
    if (alarms.dataScanned() != null) {
      ConfigPath scanned = at.key("dataScanned");
      alarmedWorkgroup(alarms.dataScanned().workgroup(), scanned.key("workgroup"));
      if (required(alarms.dataScanned().bytesPerHourAbove(), scanned.key("bytesPerHourAbove"))
          && alarms.dataScanned().bytesPerHourAbove().bytes() == 0) {
        problems.add(scanned.key("bytesPerHourAbove"), "must be more than 0");
      }
    }
    if (alarms.snapshotCount() != null
        && required(alarms.snapshotCount().above(), at.key("snapshotCount").key("above"))) {
      atLeast(alarms.snapshotCount().above(), 1, at.key("snapshotCount").key("above"), "above");
    }
    if (monitoring.dashboard() != null && !anyAlarm) {
      problems.add(path.key("dashboard"), "the dashboard shows the metrics of the alarms, and none is declared; "
          + "declare at least one under monitoring.alarms");
    }
  }

  /** An alarmed workgroup must be declared and publish its query metrics to CloudWatch. */
  private void alarmedWorkgroup(String name, ConfigPath path) {
    if (!required(name, path) || !workgroupExists(name, path)) {
      return;
    }
    boolean publishes = stack.config().athena().workgroups().stream()
        .anyMatch(w -> w.name().equals(name) && w.publishCloudWatchMetrics());
    if (!publishes) {
      problems.add(path, "workgroup '" + name + "' does not publish CloudWatch metrics, so the alarm would never "
          + "see a data point; set publishCloudWatchMetrics: true on it");
    }
  }
}
