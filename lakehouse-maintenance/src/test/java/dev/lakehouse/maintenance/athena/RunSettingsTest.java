package dev.lakehouse.maintenance.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunSettingsTest {
  private static final Duration SECOND = Duration.ofSeconds(1);

  @Test
  void refusesSettingsThatCannotRunAnything() {
    assertThatThrownBy(() -> new RunSettings("wg", 0, SECOND, 1, SECOND, SECOND))
        .hasMessage("Max concurrent queries must be at least 1, cannot be: 0");
    assertThatThrownBy(() -> new RunSettings("wg", 1, Duration.ZERO, 1, SECOND, SECOND))
        .hasMessage("Statement timeout must be positive, cannot be: PT0S");
    assertThatThrownBy(() -> new RunSettings("wg", 1, SECOND, 0, SECOND, SECOND))
        .hasMessage("Max rounds must be at least 1, cannot be: 0");
    assertThatThrownBy(() -> new RunSettings("wg", 1, SECOND, 1, Duration.ofMillis(-1), SECOND))
        .hasMessage("Initial poll interval must be positive, cannot be: PT-0.001S");
    assertThatThrownBy(() -> new RunSettings("wg", 1, SECOND, 1, SECOND, Duration.ofMillis(500)))
        .hasMessage("Max poll interval must be at least the initial one (PT1S), cannot be: PT0.5S");
    assertThatThrownBy(() -> new RunSettings(" ", 1, SECOND, 1, SECOND, SECOND))
        .hasMessage("Workgroup must not be blank");
    assertThatThrownBy(() -> new RunSettings("wg", 1, SECOND, 1, SECOND, SECOND, -1))
        .hasMessage("Max retries must not be negative, cannot be: -1");
    assertThat(new RunSettings("wg", 1, SECOND, 1, SECOND, SECOND).maxRetries()).isEqualTo(2);
  }

  @Test
  void takesTheConcurrencyCapFromTheCommandLine() {
    RunSettings settings = RunSettings.defaults("acme-dev").withMaxConcurrentQueries(9);

    assertThat(settings.maxConcurrentQueries()).isEqualTo(9);
    assertThat(settings.workgroup()).isEqualTo("acme-dev");
    assertThat(settings.maxRounds()).isEqualTo(RunSettings.defaults("acme-dev").maxRounds());
    assertThat(settings.maxRetries()).isEqualTo(RunSettings.DEFAULT_MAX_RETRIES);
  }

  @Test
  void refusesATableWhoseStatementsAreOutOfOrder() {
    MaintenanceStatement vacuum = new MaintenanceStatement(StatementKind.VACUUM, "VACUUM db.t");
    MaintenanceStatement optimize = new MaintenanceStatement(StatementKind.OPTIMIZE,
        "OPTIMIZE db.t REWRITE DATA USING BIN_PACK");

    assertThatThrownBy(() -> new TableWork("db", "t", List.of(vacuum, optimize)))
        .hasMessage("Statements of db.t must run in the order PROPERTIES, OPTIMIZE, VACUUM, cannot be: OPTIMIZE after VACUUM");
    assertThat(new TableWork("db", "t", List.of(optimize, optimize, vacuum)).statements()).hasSize(3);
    assertThatThrownBy(() -> new MaintenanceStatement(StatementKind.VACUUM, " "))
        .hasMessage("SQL of a VACUUM statement must not be blank");
  }
}
