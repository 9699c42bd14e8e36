package dev.lakehouse.provision.resource;

import java.util.Map;
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
 * <p>Implementations are stateless apart from their AWS client, and do no waiting of their
 * own for writes to show: the engine reads back after every write.
 */
public interface ResourceType<S> {

  /** The type part of addresses, such as {@code s3_bucket}. */
  String name();

  /** What AWS holds for the resource the spec identifies (by name), or empty when it does not exist. */
  Optional<S> read(S desired);

  /** Creates the resource with every attribute of the spec. */
  void create(S desired);

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

  /** Why deleting this resource as it is now would lose data, or empty when it would not. */
  default Optional<String> dataAtRisk(S observed) {
    return Optional.empty();
  }
}
