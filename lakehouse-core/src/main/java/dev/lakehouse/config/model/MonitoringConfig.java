package dev.lakehouse.config.model;

import java.util.List;

/** CloudWatch alarms, the SNS topic they notify, its e-mail subscribers and a dashboard. */
public record MonitoringConfig(
    String alertTopic, List<String> alertEmails, AlarmsConfig alarms, String dashboard) {
  public MonitoringConfig {
    alertEmails = Defaults.list(alertEmails);
    alarms = alarms == null ? new AlarmsConfig(null, null, null) : alarms;
  }
}
