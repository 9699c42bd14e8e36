package dev.lakehouse.maintenance.report;

import dev.lakehouse.maintenance.athena.StatementOutcome;
import dev.lakehouse.maintenance.decide.Decision;

/**
 * One action of a table: what was decided, and how its statement went.
 *
 * @param outcome the statement's outcome; null when it was not due or nothing ran (dry run, lock held)
 * @param noEffect when the statement succeeded but the table's metadata shows no change, what is
 *     unchanged; else null
 */
public record ActionReport(Decision decision, StatementOutcome outcome, String noEffect) {}
