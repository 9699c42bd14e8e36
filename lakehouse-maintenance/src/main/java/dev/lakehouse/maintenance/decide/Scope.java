package dev.lakehouse.maintenance.decide;

import dev.lakehouse.maintenance.athena.StatementKind;

/**
 * Which actions a run considers ({@code --only}). The retention properties belong to VACUUM:
 * they are what it expires by.
 */
public enum Scope {
  ALL, OPTIMIZE, VACUUM;

  public boolean includes(StatementKind kind) {
    return switch (this) {
      case ALL -> true;
      case OPTIMIZE -> kind == StatementKind.OPTIMIZE;
      case VACUUM -> kind != StatementKind.OPTIMIZE;
    };
  }
}
