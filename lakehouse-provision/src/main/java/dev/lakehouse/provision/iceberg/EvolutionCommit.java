package dev.lakehouse.provision.iceberg;

import dev.lakehouse.config.schema.ColumnTypes;
import dev.lakehouse.config.schema.PartitionTransform;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdatePartitionSpec;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.types.Type;

/**
 * Carries out a {@link TableEvolution} as one Iceberg transaction, so that the table moves
 * to its new schema, partition spec and properties in a single metadata commit, or not at
 * all. No data file is read or written.
 *
 * <p>Within the transaction the schema changes come first (renames, so that partition
 * fields name their columns' new names, and additions, so that new partition fields find
 * their sources), then the partition spec, then dropped columns (a column cannot be dropped
 * while the current spec partitions by it), then properties and the location.
 */
final class EvolutionCommit {
  private final TableEvolution evolution;
  private final Map<String, String> renames;

  private EvolutionCommit(TableEvolution evolution) {
    this.evolution = evolution;
    this.renames = evolution.renames();
  }

  /**
   * Commits the Iceberg steps of the evolution; the managed-property record is rewritten when it
   * differs. Whether there was anything to commit.
   */
  static boolean commit(Table table, TableEvolution evolution, TableSpec observed, TableSpec desired) {
    return new EvolutionCommit(evolution).commit(table, observed, desired);
  }

  private boolean commit(Table table, TableSpec observed, TableSpec desired) {
    Transaction transaction = table.newTransaction();
    boolean changed = evolveSchema(transaction);
    changed |= evolvePartitioning(transaction);
    changed |= dropColumns(transaction);
    changed |= updateProperties(transaction, observed, desired);
    for (TableEvolution.SetLocation location : evolution.steps(TableEvolution.SetLocation.class)) {
      transaction.updateLocation().setLocation(location.to()).commit();
      changed = true;
    }
    if (changed) {
      transaction.commitTransaction();
    }
    return changed;
  }

  private boolean evolveSchema(Transaction transaction) {
    List<TableEvolution.Step> steps = evolution.steps().stream().filter(EvolutionCommit::changesSchema).toList();
    if (steps.isEmpty()) {
      // A transaction takes no new update while one it made is uncommitted: make one only when needed.
      return false;
    }
    UpdateSchema update = transaction.updateSchema();
    for (TableEvolution.Step step : steps) {
      if (step instanceof TableEvolution.RenameColumn rename) {
        update.renameColumn(rename.from(), rename.to());
      } else if (step instanceof TableEvolution.AddColumn add) {
        Type type = IcebergTypes.toIceberg(ColumnTypes.parse(add.type()));
        if (add.parent() == null) {
          update.addColumn(add.name(), type, add.comment());
        } else {
          update.addColumn(current(add.parent()), add.name(), type, add.comment());
        }
      } else if (step instanceof TableEvolution.WidenColumn widen) {
        update.updateColumn(current(widen.path()), IcebergTypes.toIceberg(ColumnTypes.parse(widen.to())).asPrimitiveType());
      } else if (step instanceof TableEvolution.MakeOptional optional) {
        update.makeColumnOptional(current(optional.name()));
      } else if (step instanceof TableEvolution.UpdateComment comment) {
        update.updateColumnDoc(current(comment.name()), comment.comment());
      } else if (step instanceof TableEvolution.MoveColumn move) {
        if (move.after() == null) {
          update.moveFirst(current(move.path()));
        } else {
          update.moveAfter(current(move.path()), current(move.after()));
        }
      }
    }
    update.commit();
    return true;
  }

  /** The schema changes made before the partition spec's (drops come after it). */
  private static boolean changesSchema(TableEvolution.Step step) {
    return step instanceof TableEvolution.RenameColumn || step instanceof TableEvolution.AddColumn
        || step instanceof TableEvolution.WidenColumn || step instanceof TableEvolution.MakeOptional
        || step instanceof TableEvolution.UpdateComment || step instanceof TableEvolution.MoveColumn;
  }

  /**
   * The name a column has in the table before this update: Iceberg's schema update finds
   * existing columns by their old names (and added ones by their new names).
   */
  private String current(String path) {
    int dot = path.indexOf('.');
    String top = dot < 0 ? path : path.substring(0, dot);
    String old = renames.get(top);
    return old == null ? path : old + path.substring(top.length());
  }

  private boolean evolvePartitioning(Transaction transaction) {
    var removals = evolution.steps(TableEvolution.RemovePartitionField.class);
    var additions = evolution.steps(TableEvolution.AddPartitionField.class);
    if (removals.isEmpty() && additions.isEmpty()) {
      return false;
    }
    UpdatePartitionSpec update = transaction.updateSpec();
    for (TableEvolution.RemovePartitionField removal : removals) {
      PartitionTransform field = resolvable(removal.field());
      if (field != null) {
        // By transform and source: the spec binds it to the schema as renamed above.
        update.removeField(PartitionFields.term(renamed(field)));
      } else {
        update.removeField(removal.icebergName());
      }
    }
    for (TableEvolution.AddPartitionField addition : additions) {
      update.addField(PartitionFields.term(PartitionTransform.parse(addition.field())));
    }
    update.commit();
    return true;
  }

  /** The field, or null when its source column no longer exists ({@code day(#5)}). */
  private static PartitionTransform resolvable(String field) {
    try {
      return PartitionTransform.parse(field);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private PartitionTransform renamed(PartitionTransform field) {
    for (Map.Entry<String, String> rename : renames.entrySet()) {
      String old = rename.getValue();
      if (field.column().equals(old) || field.column().startsWith(old + ".")) {
        return new PartitionTransform(field.transform(), field.parameter(),
            rename.getKey() + field.column().substring(old.length()));
      }
    }
    return field;
  }

  private boolean dropColumns(Transaction transaction) {
    var drops = evolution.steps(TableEvolution.DropColumn.class);
    if (drops.isEmpty()) {
      return false;
    }
    UpdateSchema update = transaction.updateSchema();
    drops.forEach(drop -> update.deleteColumn(drop.path()));
    update.commit();
    return true;
  }

  private boolean updateProperties(Transaction transaction, TableSpec observed, TableSpec desired) {
    var sets = evolution.steps(TableEvolution.SetProperty.class);
    var unsets = evolution.steps(TableEvolution.UnsetProperty.class);
    var upgrades = evolution.steps(TableEvolution.UpgradeFormatVersion.class);
    boolean record = !observed.managedProperties().equals(desired.managedProperties());
    if (sets.isEmpty() && unsets.isEmpty() && upgrades.isEmpty() && !record) {
      return false;
    }
    UpdateProperties update = transaction.updateProperties();
    sets.forEach(set -> update.set(set.key(), set.value()));
    unsets.forEach(unset -> update.remove(unset.key()));
    if (record) {
      update.set(TableConverters.MANAGED_PROPERTIES, TableConverters.managedPropertiesValue(desired.managedProperties()));
    }
    // Iceberg reads a format-version property as a request to upgrade the table's format.
    upgrades.forEach(upgrade -> update.set(TableProperties.FORMAT_VERSION, Integer.toString(upgrade.to())));
    update.commit();
    return true;
  }
}
