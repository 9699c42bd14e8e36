package dev.lakehouse.provision.resource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.aws.AwsFailure;
import dev.lakehouse.provision.engine.Specs;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.Set;

/**
 * One kind of AWS resource the stack manages, behind the four calls every kind has.
 *
 * <p>A spec {@code S} is an immutable record holding every attribute the stack manages, in
 * a normalised form, so that what the config wants and what AWS holds compare with
 * {@code equals} and diff attribute by attribute. Attributes AWS computes (ARNs, ids) are
 * marked {@code @JsonIgnore} and kept out of the diff.
 *
 * <p>Implementations are stateless apart from their AWS client and, at most, what they remember
 * of their own writes in this process to read them back in fewer round trips (a new key's id, a
 * metadata file's content), and what {@link #prepare} began for the write that follows it: never
 * what they read for a plan, which the write reads anew. They do no waiting of their own for
 * writes to show: the engine reads back after every write.
 */
public interface ResourceType<S> {

  /** The type part of addresses, such as {@code s3_bucket}. */
  String name();

  /** What AWS holds for the resource the spec identifies (by name), or empty when it does not exist. */
  Optional<S> read(S desired);

  /**
   * Whether the engine's read of a whole stack reads the resources of this kind together, with
   * one {@link #readAll} call, rather than one {@link #read} each: for a kind whose resources
   * one listing of the account answers. False by default.
   */
  default boolean readsTogether() {
    return false;
  }

  /**
   * What {@link #read} would return for each spec, in their order, for the engine's read of a
   * whole stack: a kind that {@linkplain #readsTogether reads together} answers them from one
   * listing made for this call. Never used to read back a write, which calls {@code read}. The
   * default reads each in turn.
   */
  default List<Optional<S>> readAll(List<S> desired) {
    return desired.stream().map(this::read).toList();
  }

  /** Creates the resource with every attribute of the spec. */
  void create(S desired);

  /**
   * Called as an apply starts, for each resource of this kind it will create or update, while the
   * resources it depends on are still to be made: a kind may begin here what its write will need
   * and no dependency changes (reading the settings it merges its change into, building a
   * document), on a thread of its own, for the write of the same spec to pick up; one round trip
   * or a stretch of CPU fewer once the dependencies are in place. Writes nothing and returns at
   * once. A write with nothing prepared, or whose preparation failed, does it all itself. The
   * default prepares nothing.
   *
   * @param observed what the write will start from: empty when it creates the resource
   */
  default void prepare(Optional<S> observed, S desired) {}

  /**
   * Creates the resource as {@link #create} does, but hands back the part of the create that
   * reading the resource back does not depend on (recording it in the stack's ownership record),
   * for the engine to run beside that read-back rather than before it: one round trip fewer before
   * what depends on the resource can start. Empty, as by default, when {@code create} leaves nothing.
   */
  default Optional<Runnable> createDeferring(S desired) {
    create(desired);
    return Optional.empty();
  }

  /**
   * Reads the resource back just after a write, as {@link #read} does, which the default calls. A
   * kind whose read first looks for the resource and then reads its attributes may start both at
   * once here, since the resource is expected to exist.
   */
  default Optional<S> readAfterWrite(S desired) {
    return read(desired);
  }

  /** Brings the attributes named in {@code changed} (top-level names) from observed to desired. */
  void update(S observed, S desired, Set<String> changed);

  /** Removes the resource. Data-loss guards are checked before, by the engine. */
  void delete(S observed);

  /** Top-level attributes that cannot change in place: a change to one of them is a replacement. */
  default Set<String> replacedWhenChanged() {
    return Set.of();
  }

  /** Values of the existing resource other resources refer to, such as its {@code arn}. */
  default Map<String, String> outputs(S observed) {
    return Map.of();
  }

  /**
   * Why this resource cannot be deleted on its own, when deleting what it depends on removes it
   * too (an SNS subscription still pending confirmation goes only with its topic); empty when it
   * can. Destroy then deletes only what it depends on, and says so.
   */
  default Optional<String> removedOnlyWithDependencies(S observed) {
    return Optional.empty();
  }

  /** The data deleting this resource as it is now would lose, or empty when it would lose none. */
  default Optional<DataRisk> deletionRisk(S observed) {
    return Optional.empty();
  }

  /**
   * The data deleting this resource would lose once the resources that depend on it and are
   * deleted before it in the same run are gone ({@code goingFirst}: their {@link #outputs}): a Glue
   * database that holds only the stack's tables the run drops loses nothing with them. By default,
   * {@link #deletionRisk(Object)}.
   */
  default Optional<DataRisk> deletionRisk(S observed, List<Map<String, String>> goingFirst) {
    return deletionRisk(observed);
  }

  /**
   * Each kind of data deleting this resource would lose once the resources going first are gone
   * ({@link #deletionRisk(Object, List)}), for a resource whose delete may lose more than one kind,
   * each allowed on its own (an Iceberg table's place in the catalog, and its files). By default,
   * {@code deletionRisk}'s one, if any.
   */
  default List<DataRisk> deletionRisks(S observed, List<Map<String, String>> goingFirst) {
    return deletionRisk(observed, goingFirst).stream().toList();
  }

  /**
   * Refuses, unless the user allowed losing it, the data deleting the resource would lose now: a
   * delete the plan found nothing to lose by looks again just before it is made, for a resource
   * whose service deletes what it holds with it (a Glue database's tables, a workgroup's saved
   * queries) and that someone may have written to since.
   *
   * @param thing and {@code id} name the resource in the refusal ({@code Cannot delete <thing> (<id>): ...})
   */
  default void refuseLossUnless(boolean allowed, S observed, String thing, String id) {
    if (!allowed) {
      deletionRisk(observed).ifPresent(risk -> {
        throw new AwsFailure("delete", thing, id, risk.refusal());
      });
    }
  }

  /** The data an in-place update from observed to desired would lose (a dropped column), or empty. */
  default Optional<DataRisk> updateRisk(S observed, S desired) {
    return Optional.empty();
  }

  /**
   * Why the change from observed to desired cannot be made at all (an Iceberg column cannot be
   * narrowed, for one), each reason a sentence; empty when it can. Shown in the plan; apply refuses.
   */
  default List<String> impossibleChanges(S observed, S desired) {
    return List.of();
  }

  /**
   * Where this resource keeps other resources' files, as a URI prefix ({@code s3://bucket/} for a
   * bucket); empty for a kind that keeps none. Deleting it is refused while another resource that
   * stays keeps files there ({@link #filesAt}).
   */
  default Optional<String> holdsFilesAt(S observed) {
    return Optional.empty();
  }

  /** The locations this resource keeps its files at, as URIs ({@code s3://bucket/table}); empty for none. */
  default List<String> filesAt(S observed) {
    return List.of();
  }

  /**
   * Whether this resource, though AWS still shows it, is already on its way out (a KMS key scheduled
   * for deletion): destroy has nothing left to do to it.
   */
  default boolean deletionUnderway(S observed) {
    return false;
  }

  /**
   * Whether AWS holds this resource as a destroy of the stack left it (a KMS key scheduled for
   * deletion, its alias removed): what differs from the config is that destroy's doing, not drift.
   */
  default boolean leftByDestroy(S observed) {
    return false;
  }

  /**
   * Why the resource as the config wants it cannot be made at all, whatever AWS holds now (a
   * policy over IAM's size limit), each reason a sentence; empty when it can. Shown in the plan;
   * apply refuses, before its first write.
   */
  default List<String> beyondLimits(S desired) {
    return List.of();
  }

  /**
   * Why creating the resource would harm what its place already holds (a new Iceberg table over
   * the files of an earlier table of that name), each reason a sentence; empty when nothing stands
   * in the way, or when it cannot be told. Reads AWS; asked only of a resource the plan creates,
   * and not when what holds its files is itself created by the plan ({@link #filesAt},
   * {@link #holdsFilesAt}). Shown in the plan; apply refuses, before its first write.
   */
  default List<String> createConflicts(S desired) {
    return List.of();
  }

  /**
   * What creating the resource leaves as it is in its place, each a sentence shown with the create
   * in the plan (the data lake admins the account has, which stay beside those the config names);
   * empty when nothing. May read AWS; asked, with {@link #createConflicts}, only of a resource the
   * plan creates.
   */
  default List<String> createNotes(S desired) {
    return List.of();
  }

  /**
   * How the change from observed to desired will be carried out, each a sentence (a column
   * renamed, not dropped and added), shown with it in the plan; empty when the attributes say it all.
   */
  default List<String> changeNotes(S observed, S desired) {
    return List.of();
  }

  /**
   * The IAM principals (role ARNs, as written) the resource as the config wants it names: a Lake
   * Formation grant's principal, the data lake admins. A plan refuses to delete a role that one of
   * them still names, which would leave it naming a principal that is gone. Empty for a kind that
   * names none, as by default.
   */
  default List<String> principalsNamed(S desired) {
    return List.of();
  }

  /**
   * What else goes when the resource is deleted, each a sentence (the subscriptions SNS deletes
   * with a topic, those lakehouse does not manage among them), shown with the deletion in the
   * plan; empty when nothing does. May read AWS; asked only of a resource the plan deletes.
   */
  default List<String> deletionNotes(S observed) {
    return List.of();
  }

  /**
   * Elements of the desired spec's keyed lists that are elements of the observed spec under
   * another key, and that the update keeps as they are, renamed (a table's column, renamed with its
   * field id): each the element's path in the desired spec's JSON ({@code columns[customer_id]}) to
   * its path in the observed spec's ({@code columns[customer]}). The plan then shows the element's
   * changed key, not a removal beside an addition. Empty when nothing is renamed.
   */
  default Map<String, String> renamedElements(S observed, S desired) {
    return Map.of();
  }

  /**
   * The spec with one more tag, {@code key} set to {@code value}: how apply writes the mark of the
   * config it applies ({@code AppliedMark}) with the resource's own tags, in the calls that write
   * them. The default adds it to a {@link TaggedSpec}'s tags; empty for a kind that carries no
   * tags, which then carries no mark.
   */
  @SuppressWarnings("unchecked")
  default Optional<S> withTag(S spec, String key, String value) {
    return spec instanceof TaggedSpec<?> tagged
        ? Optional.of((S) tagged.withTags(TagChanges.plus(tagged.tags(), key, value)))
        : Optional.empty();
  }

  /**
   * The resource's tags as AWS holds them, of those the stack manages ({@link TagChanges#managed}:
   * its ownership tags among them), or empty when this kind of resource carries no tags.
   * The engine tells by them whether the stack owns the resource ({@link Ownership}). The
   * default reads the spec's top-level {@code tags} map, so a spec that keeps its tags there, as
   * every taggable kind should, needs nothing more.
   */
  default Optional<Map<String, String>> tags(S observed) {
    JsonNode tags = Specs.toJson(observed).get("tags");
    if (tags == null || !tags.isObject()) {
      return Optional.empty();
    }
    Map<String, String> values = new TreeMap<>();
    tags.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
    return Optional.of(values);
  }

  /**
   * Whether this existing resource, which lacks the stack's ownership tags, is what {@link #create}
   * of {@code desired} leaves when it is cut short before it tags the resource (an apply killed
   * mid-create): untagged, holding nothing, and with nothing but what that create writes. The next
   * apply finishes such a resource instead of showing it for adoption. Kinds whose create call sets
   * the tags itself never leave one: the default is false.
   */
  default boolean unfinished(S observed, S desired) {
    return false;
  }
}
