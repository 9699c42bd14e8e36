package dev.lakehouse.provision.iceberg;

import dev.lakehouse.config.schema.ColumnType;
import dev.lakehouse.config.schema.ColumnTypes;
import dev.lakehouse.config.schema.PartitionTransform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The in-place changes that take a table from what its metadata holds to what the config
 * wants, worked out without touching AWS: Iceberg's schema evolution (add, rename, widen,
 * make optional, reorder, drop), partition evolution, property changes, the marks of
 * ownership, and the Glue column list, type, location and description where they were edited in
 * Glue. What Iceberg cannot do in place is refused, with the reason.
 *
 * <p>Columns are matched by name, and a config column that names its old name in
 * {@code renamedFrom} matches the table's column of that name, so that a rename keeps the
 * column's field id and data. Steps name columns by their new names.
 */
public final class TableEvolution {

  /** One change, described for plans. */
  public sealed interface Step {
    String describe();
  }

  /** Renames a top-level column; its field id, and so its data, stay. */
  public record RenameColumn(String from, String to, Integer fieldId) implements Step {
    @Override
    public String describe() {
      return "rename column " + from + " to " + to + (fieldId == null ? "" : " (field id " + fieldId + " kept)");
    }
  }

  /** Adds an optional column: top-level when parent is null, else a field of the struct at parent. */
  public record AddColumn(String parent, String name, String type, String comment) implements Step {
    public String path() {
      return parent == null ? name : parent + "." + name;
    }

    @Override
    public String describe() {
      return "add column " + path() + " " + type;
    }
  }

  /** Promotes a primitive type as Iceberg allows: int to long, float to double, a larger decimal precision. */
  public record WidenColumn(String path, String from, String to) implements Step {
    @Override
    public String describe() {
      return "widen column " + path + " from " + from + " to " + to;
    }
  }

  public record MakeOptional(String name) implements Step {
    @Override
    public String describe() {
      return "make column " + name + " optional";
    }
  }

  public record UpdateComment(String name, String comment) implements Step {
    @Override
    public String describe() {
      return comment == null ? "remove the comment of column " + name : "set the comment of column " + name;
    }
  }

  /** Moves a column (or struct field) to just after another, or first when after is null. */
  public record MoveColumn(String path, String after) implements Step {
    @Override
    public String describe() {
      return after == null ? "move column " + path + " first" : "move column " + path + " after " + after;
    }
  }

  public record DropColumn(String path) implements Step {
    @Override
    public String describe() {
      return "drop column " + path;
    }
  }

  public record AddPartitionField(String field) implements Step {
    @Override
    public String describe() {
      return "add partition field " + field + " (new writes use it; existing files keep their partitioning)";
    }
  }

  /** Removes a partition field, which Iceberg names {@code icebergName}. */
  public record RemovePartitionField(String field, String icebergName) implements Step {
    @Override
    public String describe() {
      return "remove partition field " + field + " (existing files keep their partitioning)";
    }
  }

  public record SetProperty(String key, String value) implements Step {
    @Override
    public String describe() {
      return "set property " + key;
    }
  }

  /** Unsets a property the stack set before and the config no longer declares. */
  public record UnsetProperty(String key) implements Step {
    @Override
    public String describe() {
      return "unset property " + key + " (set by this stack before)";
    }
  }

  public record UpgradeFormatVersion(int from, int to) implements Step {
    @Override
    public String describe() {
      return "upgrade the table format from version " + from + " to " + to;
    }
  }

  public record SetLocation(String from, String to) implements Step {
    @Override
    public String describe() {
      return "set the table location to " + to + " (files already written stay at " + from + ")";
    }
  }

  /** Marks the Glue table as this stack's with its ownership parameters. */
  public record MarkOwned(Map<String, String> parameters) implements Step {
    @Override
    public String describe() {
      return "mark the Glue table as this stack's (parameters " + String.join(", ", parameters.keySet()) + ")";
    }
  }

  /**
   * Writes the Glue table's column list back as the table's Iceberg metadata gives it, where it was
   * edited in Glue: an UpdateTable of the Glue table, no Iceberg commit (an Iceberg commit of the
   * same update writes the list anyway).
   */
  public record RewriteGlueColumns() implements Step {
    @Override
    public String describe() {
      return "write the Glue table's column list back as the table's Iceberg schema gives it";
    }
  }

  /**
   * Writes the Glue table's type, {@code table_type} parameter, location and description back as
   * Iceberg's Glue catalog writes them for the table's metadata, where they were edited in Glue: an
   * UpdateTable of the Glue table, as {@link RewriteGlueColumns}.
   */
  public record RewriteGlueEntry(Map<String, String> drifted) implements Step {
    @Override
    public String describe() {
      List<String> names = new TreeMap<>(drifted).keySet().stream()
          .map(key -> key.equals("tableType") ? "table type"
              : key.equals(GlueTables.TABLE_TYPE) ? "table_type parameter" : key).toList();
      String last = names.get(names.size() - 1);
      return "write the Glue table's " + (names.size() == 1 ? last
          : String.join(", ", names.subList(0, names.size() - 1)) + " and " + last)
          + " back as Iceberg's catalog writes " + (names.size() == 1 ? "it" : "them") + " for the table's metadata";
    }
  }

  private final List<Step> steps = new ArrayList<>();
  private final List<String> refusals = new ArrayList<>();
  private final List<String> droppedColumns = new ArrayList<>();
  private final Map<String, String> renames = new LinkedHashMap<>();
  private final TableSpec observed;

  private TableEvolution(TableSpec observed) {
    this.observed = observed;
  }

  /** The changes from observed to desired (both specs of the same table). */
  public static TableEvolution plan(TableSpec observed, TableSpec desired) {
    TableEvolution evolution = new TableEvolution(observed);
    evolution.ownership(observed, desired);
    evolution.formatVersion(observed.formatVersion(), desired.formatVersion());
    evolution.columns(observed, desired);
    evolution.partitions(observed, desired);
    evolution.properties(observed, desired);
    if (!Objects.equals(observed.location(), desired.location())) {
      evolution.steps.add(new SetLocation(observed.location(), desired.location()));
    }
    if (observed.glueColumns() != null) {
      evolution.steps.add(new RewriteGlueColumns());
    }
    if (observed.glueEntry() != null) {
      evolution.steps.add(new RewriteGlueEntry(observed.glueEntry()));
    }
    return evolution;
  }

  /** The changes, in the order they are made. */
  public List<Step> steps() {
    return List.copyOf(steps);
  }

  /** Why the change cannot be made in place, each a sentence; empty when it can. */
  public List<String> refusals() {
    return List.copyOf(refusals);
  }

  /** Columns (and struct fields, by path) the change drops. */
  public List<String> droppedColumns() {
    return List.copyOf(droppedColumns);
  }

  /** Renamed top-level columns: new name to the name the table has now. */
  public Map<String, String> renames() {
    return Map.copyOf(renames);
  }

  /** Whether the change makes an Iceberg metadata commit: a step beyond marking and rewriting the Glue table. */
  public boolean commits() {
    return steps.stream().anyMatch(step -> !(step instanceof MarkOwned || step instanceof RewriteGlueColumns
        || step instanceof RewriteGlueEntry));
  }

  /** The steps of the given kind. */
  public <T extends Step> List<T> steps(Class<T> kind) {
    return steps.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  /**
   * The marks of ownership the Glue table lacks. Whether it may be marked (it is not another
   * stack's, or the user allows adopting it) is the engine's to decide, by {@link IcebergTableResource#tags}.
   */
  private void ownership(TableSpec observed, TableSpec desired) {
    Map<String, String> marks = new TreeMap<>();
    desired.glueParameters().forEach((key, value) -> {
      if (!value.equals(observed.glueParameters().get(key))) {
        marks.put(key, value);
      }
    });
    if (!marks.isEmpty()) {
      steps.add(new MarkOwned(marks));
    }
  }

  private void formatVersion(int observed, int desired) {
    if (observed < desired) {
      steps.add(new UpgradeFormatVersion(observed, desired));
    } else if (observed > desired) {
      refusals.add("the table's format version is " + observed + " and Iceberg cannot take it back to " + desired);
    }
  }

  // Columns

  private void columns(TableSpec observed, TableSpec desired) {
    Map<String, TableSpec.Column> matched = new LinkedHashMap<>();
    for (TableSpec.Column wanted : desired.columns()) {
      TableSpec.Column held = observed.column(wanted.name());
      if (held == null && wanted.renamedFrom() != null) {
        held = observed.column(wanted.renamedFrom());
        if (held != null) {
          renames.put(wanted.name(), held.name());
          steps.add(new RenameColumn(held.name(), wanted.name(), held.fieldId()));
          String source = observed.partitionFieldSources().get(wanted.name());
          if (source != null && !source.equals(held.name())) {
            refusals.add(wanted.at("name") + namedLikePartitionField(
                "column " + held.name() + " cannot be renamed to " + wanted.name(), source));
          }
        }
      }
      if (held != null) {
        matched.put(wanted.name(), held);
      }
    }
    List<String> kept = new ArrayList<>();
    for (TableSpec.Column held : observed.columns()) {
      String name = renames.entrySet().stream().filter(e -> e.getValue().equals(held.name()))
          .map(Map.Entry::getKey).findFirst().orElse(held.name());
      if (matched.containsKey(name)) {
        kept.add(name);
      }
    }
    for (TableSpec.Column wanted : desired.columns()) {
      TableSpec.Column held = matched.get(wanted.name());
      if (held == null) {
        if (wanted.required()) {
          refusals.add(wanted.at("required") + "column " + wanted.name() + " cannot be added as required: the table's existing rows "
              + "have no value for it; add it with required: false");
        }
        String source = observed.partitionFieldSources().get(wanted.name());
        if (source != null) {
          refusals.add(wanted.at("name") + namedLikePartitionField("column " + wanted.name() + " cannot be added",
              source));
        }
        steps.add(new AddColumn(null, wanted.name(), wanted.type(), wanted.comment()));
        continue;
      }
      compareType(wanted.at("type"), wanted.name(), ColumnTypes.parse(held.type()), ColumnTypes.parse(wanted.type()));
      if (held.required() && !wanted.required() && observed.identifierFields().contains(held.name())) {
        refusals.add(wanted.at("required") + "column " + wanted.name() + " cannot become optional: it is an "
            + "identifier field of the table, and Iceberg keeps identifier fields required; take it out of the "
            + "table's identifier fields first (Spark: ALTER TABLE " + observed.qualifiedName()
            + " DROP IDENTIFIER FIELDS " + held.name() + ")");
      } else if (held.required() && !wanted.required()) {
        steps.add(new MakeOptional(wanted.name()));
      } else if (!held.required() && wanted.required()) {
        refusals.add(wanted.at("required") + "column " + wanted.name() + " cannot become required: Iceberg cannot make an optional "
            + "column required, because existing rows may hold nulls");
      }
      if (!Objects.equals(held.comment(), wanted.comment())) {
        steps.add(new UpdateComment(wanted.name(), wanted.comment()));
      }
    }
    List<String> wantedOrder = desired.columns().stream().map(TableSpec.Column::name).toList();
    List<String> current = new ArrayList<>(kept);
    wantedOrder.stream().filter(name -> !matched.containsKey(name)).forEach(current::add);
    order(null, current, wantedOrder);
    for (TableSpec.Column held : observed.columns()) {
      if (!matched.containsValue(held)) {
        drop(held.name());
      }
    }
  }

  /**
   * Drops the column (or struct field) at path, named as the config names it, unless the table's identifier
   * fields or its sort order use it or a field inside it: Iceberg refuses those drops at the commit.
   */
  private void drop(String path) {
    steps.add(new DropColumn(path));
    droppedColumns.add(path);
    String held = heldPath(path);
    Predicate<String> inside = column -> column.equals(held) || column.startsWith(held + ".");
    observed.identifierFields().stream().filter(inside).sorted().findFirst().ifPresent(field -> refusals.add(
        "column " + path + " cannot be dropped: " + (field.equals(held) ? "it is" : field + " in it is")
            + " an identifier field of the table, and Iceberg does not drop identifier fields; take it out of the "
            + "table's identifier fields first (Spark: ALTER TABLE " + observed.qualifiedName()
            + " DROP IDENTIFIER FIELDS " + field + ")"));
    observed.sortColumns().stream().filter(inside).sorted().findFirst().ifPresent(field -> refusals.add(
        "column " + path + " cannot be dropped: the table's sort order sorts by " + (field.equals(held) ? "it"
            : field) + ", and Iceberg does not drop a column its sort order uses; set a sort order without it "
            + "first (Spark: ALTER TABLE " + observed.qualifiedName() + " WRITE ORDERED BY other columns, or "
            + "WRITE UNORDERED)"));
  }

  /** The path of a column or struct field as the table names it before this change's renames. */
  private String heldPath(String path) {
    int dot = path.indexOf('.');
    String top = dot < 0 ? path : path.substring(0, dot);
    return renames.getOrDefault(top, top) + path.substring(top.length());
  }

  /**
   * Iceberg keeps the fields of a table's earlier partition specs, and refuses a column named like one of them, or
   * like a field of the current spec, that is not the field's own source column, while that source is in the table.
   */
  private static String namedLikePartitionField(String refused, String source) {
    return refused + ": the table has a partition field of that name (in its partition spec now or an earlier "
        + "one), made from column " + source
        + ", and Iceberg refuses a column named like a partition field of another column; give the column "
        + "another name";
  }

  /** Moves that turn the current order into the wanted one (names within the struct at parent). */
  private void order(String parent, List<String> current, List<String> wanted) {
    for (int i = 0; i < wanted.size(); i++) {
      String name = wanted.get(i);
      if (!current.get(i).equals(name)) {
        current.remove(name);
        current.add(i, name);
        steps.add(new MoveColumn(qualify(parent, name), i == 0 ? null : qualify(parent, wanted.get(i - 1))));
      }
    }
  }

  private static String qualify(String parent, String name) {
    return parent == null ? name : parent + "." + name;
  }

  /** Compares the types of the column (or nested field) at path; {@code at} says where its type is written. */
  private void compareType(String at, String path, ColumnType held, ColumnType wanted) {
    if (held.equals(wanted)) {
      return;
    }
    if (held.isPrimitive() && wanted.isPrimitive()) {
      comparePrimitive(at, path, held, wanted);
    } else if (held instanceof ColumnType.Struct heldStruct && wanted instanceof ColumnType.Struct wantedStruct) {
      compareStruct(at, path, heldStruct, wantedStruct);
    } else if (held instanceof ColumnType.ListOf heldList && wanted instanceof ColumnType.ListOf wantedList) {
      compareType(at, path + ".element", heldList.element(), wantedList.element());
    } else if (held instanceof ColumnType.MapOf heldMap && wanted instanceof ColumnType.MapOf wantedMap) {
      if (!heldMap.key().equals(wantedMap.key())) {
        refusals.add(at + "column " + path + " cannot change its map key type from " + heldMap.key() + " to "
            + wantedMap.key() + ": Iceberg cannot change map keys");
      } else {
        compareType(at, path + ".value", heldMap.value(), wantedMap.value());
      }
    } else {
      refusals.add(at + "column " + path + " cannot change from " + held + " to " + wanted + ": " + WIDEN_ONLY);
    }
  }

  private static final String WIDEN_ONLY = "Iceberg can only widen a type in place (int -> long, float -> double, "
      + "a larger decimal precision); add a column of the new type instead";

  private void comparePrimitive(String at, String path, ColumnType held, ColumnType wanted) {
    if (widens(held, wanted)) {
      steps.add(new WidenColumn(path, held.toString(), wanted.toString()));
    } else if (widens(wanted, held)) {
      refusals.add(at + "column " + path + " cannot change from " + held + " to " + wanted
          + ": Iceberg cannot narrow a type in place");
    } else if (held instanceof ColumnType.Decimal from && wanted instanceof ColumnType.Decimal to
        && from.scale() != to.scale()) {
      refusals.add(at + "column " + path + " cannot change from " + held + " to " + wanted
          + ": Iceberg cannot change a decimal's scale");
    } else {
      refusals.add(at + "column " + path + " cannot change from " + held + " to " + wanted + ": " + WIDEN_ONLY);
    }
  }

  /** Whether Iceberg (format v2) promotes from to to in place. */
  static boolean widens(ColumnType from, ColumnType to) {
    if (from instanceof ColumnType.Decimal a && to instanceof ColumnType.Decimal b) {
      return a.scale() == b.scale() && b.precision() > a.precision();
    }
    return (from.equals(new ColumnType.Primitive("int")) && to.equals(new ColumnType.Primitive("long")))
        || (from.equals(new ColumnType.Primitive("float")) && to.equals(new ColumnType.Primitive("double")));
  }

  private void compareStruct(String at, String path, ColumnType.Struct held, ColumnType.Struct wanted) {
    Map<String, ColumnType> heldFields = new LinkedHashMap<>();
    held.fields().forEach(f -> heldFields.put(f.name(), f.type()));
    List<String> current = new ArrayList<>();
    for (ColumnType.Field field : held.fields()) {
      if (wanted.fields().stream().anyMatch(f -> f.name().equals(field.name()))) {
        current.add(field.name());
      }
    }
    for (ColumnType.Field field : wanted.fields()) {
      ColumnType heldType = heldFields.get(field.name());
      if (heldType == null) {
        steps.add(new AddColumn(path, field.name(), field.type().toString(), null));
        current.add(field.name());
      } else {
        compareType(at, path + "." + field.name(), heldType, field.type());
      }
    }
    order(path, current, wanted.fields().stream().map(ColumnType.Field::name).toList());
    Set<String> wantedNames = Set.copyOf(wanted.fields().stream().map(ColumnType.Field::name).toList());
    for (ColumnType.Field field : held.fields()) {
      if (!wantedNames.contains(field.name())) {
        drop(path + "." + field.name());
      }
    }
  }

  // Partitioning

  private void partitions(TableSpec observed, TableSpec desired) {
    List<String> held = observed.partitionBy().stream().map(this::renamedSource).toList();
    for (int i = 0; i < observed.partitionBy().size(); i++) {
      String field = observed.partitionBy().get(i);
      if (!desired.partitionBy().contains(held.get(i))) {
        steps.add(new RemovePartitionField(field, observed.partitionFieldNames().get(field)));
      }
    }
    for (String field : desired.partitionBy()) {
      if (!held.contains(field)) {
        steps.add(new AddPartitionField(field));
      }
    }
  }

  /** A partition field of the table as it reads once its source column is renamed. */
  private String renamedSource(String field) {
    PartitionTransform parsed;
    try {
      parsed = PartitionTransform.parse(field);
    } catch (IllegalArgumentException e) {
      return field;
    }
    String source = parsed.column();
    for (Map.Entry<String, String> rename : renames.entrySet()) {
      String oldName = rename.getValue();
      if (source.equals(oldName) || source.startsWith(oldName + ".")) {
        String renamed = rename.getKey() + source.substring(oldName.length());
        return new PartitionTransform(parsed.transform(), parsed.parameter(), renamed).toString();
      }
    }
    return field;
  }

  // Properties

  private void properties(TableSpec observed, TableSpec desired) {
    new TreeMap<>(desired.properties()).forEach((key, value) -> {
      if (!value.equals(observed.properties().get(key))) {
        steps.add(new SetProperty(key, value));
      }
    });
    observed.properties().keySet().stream().sorted().forEach(key -> {
      if (!desired.properties().containsKey(key)) {
        steps.add(new UnsetProperty(key));
      }
    });
  }
}
