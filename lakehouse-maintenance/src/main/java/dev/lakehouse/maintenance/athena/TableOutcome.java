package dev.lakehouse.maintenance.athena;

import java.util.List;

/** How one table went; lockedBy is non-null when another run held the table's lock (nothing ran). */
public record TableOutcome(TableWork work, List<StatementOutcome> statements, String lockedBy) {}
