package dev.lakehouse.provision.lakeformation;

import dev.lakehouse.provision.resource.AttributeReads;
import dev.lakehouse.provision.resource.Digests;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.lakeformation.LakeFormationClient;
import software.amazon.awssdk.services.lakeformation.model.AlreadyExistsException;
import software.amazon.awssdk.services.lakeformation.model.EntityNotFoundException;

/**
 * The record of what the stack itself made in Lake Formation, so that it takes away only what it
 * made: the data lake admins it added, the grants it made, the locations it registered and the
 * data cells filters it created. Lake Formation has no tags on any of these, and the stack keeps
 * no state file, so the record lives in Lake Formation itself: an LF-Tag named
 * {@code lakehouse:<project>:<env>} whose values are one entry per thing the stack made,
 * {@code <kind>-<digest>}, the digest being the first 16 hex digits of the SHA-256 of the thing's
 * identity (an admin's ARN; a grant's principal and resource; a location's ARN; a filter's
 * catalog, database, table and name). Digests because LF-Tag values are at most 256 characters
 * of a restricted alphabet, stored in lower case, while ARNs need not be.
 *
 * <p>The rules this makes: a thing is the stack's if the stack made it (an admin the stack
 * added, a registration or filter it created, a grant it granted permissions in, even to a
 * principal that held some on the resource before); a thing that was there before the config
 * named it, untouched, is managed while the config names it and left in place when the config
 * drops it; a thing the record lost (the LF-Tag deleted by hand) is never taken away. The record
 * can only err towards keeping things. Anyone can see it in the Lake Formation console under
 * LF-Tags; it is not meant to be attached to resources.
 *
 * <p>Why not something else: Lake Formation admins, grants and registrations carry no tags; IAM
 * tags on the principals would touch roles and users the stack does not own (and principals can
 * be accounts); "whatever the config names now" cannot tell, once the config drops a grant,
 * whether the stack made it; and deriving ownership from the principal (grants to the stack's own
 * roles are the stack's) would revoke grants others made to those roles. An LF-Tag holds up to
 * 1000 values, enough for any one stack.
 *
 * <p>A thing is recorded after it is made, never before: a run cut short in between leaves a
 * thing the record lacks, which is kept for ever, never an entry for a thing the stack did not
 * make, which would let it take away another's. A create the SDK sent again, whose earlier attempt
 * made the thing and lost the answer, meets the thing made; it is recorded all the same (the
 * callers tell it by the call's retries, {@code CallAttempts}). The record is read while the thing is made
 * ({@link #recording()}), so that recording it after costs one write, which a create leaves to be
 * made beside the engine's read-back of the thing ({@code ResourceType.createDeferring}). Writes
 * to one record are serialised within the JVM, since apply changes resources in parallel, and
 * grouped: what is recorded while a write is under way goes into the next write, one call for all
 * of it, rather than one call each in turn (against AWS a filter made beside two grants waited for
 * three writes). What another run wrote in the meantime is met as Lake Formation answers it (a tag
 * already made, or gone).
 */
public final class OwnershipLedger {

  /** The kinds of things recorded, each its own prefix of entries. */
  public enum Kind {
    ADMIN("admin"), GRANT("grant"), LOCATION("location"), FILTER("filter");

    private final String prefix;

    Kind(String prefix) {
      this.prefix = prefix;
    }
  }

  /** UpdateLFTag and CreateLFTag take at most this many values per call. */
  static final int VALUES_PER_CALL = 50;

  /** One writer per record in this JVM: providers make ledgers for desired and for discovered resources alike. */
  private static final ConcurrentMap<String, Writer> WRITERS = new ConcurrentHashMap<>();

  private final LakeFormationClient lakeFormation;
  private final String catalogId;
  private final String tagKey;
  private final Writer writer;

  public OwnershipLedger(LakeFormationClient lakeFormation, String catalogId, String project, String env) {
    this.lakeFormation = lakeFormation;
    this.catalogId = catalogId;
    this.tagKey = tagKey(project, env);
    this.writer = WRITERS.computeIfAbsent(catalogId + "|" + tagKey, key -> new Writer());
  }

  /** The LF-Tag that holds the record of one stack. */
  public static String tagKey(String project, String env) {
    return "lakehouse:" + project + ":" + env;
  }

  /** The entry that records a thing of a kind, by its identity. */
  public static String entry(Kind kind, String identity) {
    return kind.prefix + "-" + Digests.sha256(identity, 8);
  }


  /**
   * Every entry of the record; empty when the stack has recorded nothing. A read takes no lock:
   * it sees the record before or after a write of this process, as it would another process's.
   */
  public Set<String> entries() {
    return read();
  }

  private Set<String> read() {
    try {
      return new LinkedHashSet<>(lakeFormation.getLFTag(b -> b.catalogId(catalogId).tagKey(tagKey)).tagValues());
    } catch (EntityNotFoundException e) {
      return new LinkedHashSet<>();
    }
  }

  /** Whether the record holds the thing. */
  public boolean owns(Set<String> entries, Kind kind, String identity) {
    return entries.contains(entry(kind, identity));
  }

  /**
   * Starts reading the record now, to record things once they are made: call it before the call
   * that makes them, so that the read and that call go side by side.
   */
  public Recording recording() {
    return new Recording(AttributeReads.startAhead(this::read));
  }

  /** The record as read before things were made, to add them to once they are. */
  public final class Recording {
    private final Supplier<Set<String>> present;

    private Recording(Supplier<Set<String>> present) {
      this.present = present;
    }

    /** Whether the record, as read, holds the thing. */
    public boolean holds(Kind kind, String identity) {
      return present.get().contains(entry(kind, identity));
    }

    /** Records things the stack has just made: the entries the record lacks, in one write for up to 50. */
    public void record(Kind kind, Collection<String> identities) {
      List<String> entries = identities.stream().map(identity -> entry(kind, identity)).distinct().toList();
      if (entries.isEmpty()) {
        return;
      }
      Set<String> read = present.get();
      List<String> missing = entries.stream().filter(entry -> !read.contains(entry)).toList();
      if (!missing.isEmpty()) {
        writer.add(new Addition(missing, !read.isEmpty()),
            grouped -> add(grouped.entries(), grouped.tagExists()));
      }
    }
  }

  /** Entries to add, and whether the tag was there when the record was read. */
  private record Addition(List<String> entries, boolean tagExists) {}

  /**
   * The writes to one record: one at a time, each taking every addition waiting when it starts.
   * An addition is queued, then its thread takes the writer's lock; there it finds its addition written by
   * the write it waited for, or makes the next write, of everything queued by then, its own
   * included. Every addition of a write that fails fails with it.
   */
  private static final class Writer {
    private final Queue<Pending> queued = new ConcurrentLinkedQueue<>();

    void add(Addition addition, Consumer<Addition> write) {
      Pending mine = new Pending(addition);
      queued.add(mine);
      synchronized (this) {
        if (!mine.settled) {
          List<Pending> batch = new ArrayList<>();
          for (Pending next = queued.poll(); next != null; next = queued.poll()) {
            batch.add(next);
          }
          Set<String> entries = new LinkedHashSet<>();
          batch.forEach(pending -> entries.addAll(pending.addition.entries()));
          boolean tagExists = batch.stream().anyMatch(pending -> pending.addition.tagExists());
          Throwable failure = null;
          try {
            write.accept(new Addition(List.copyOf(entries), tagExists));
          } catch (RuntimeException | Error e) {
            failure = e;
          }
          for (Pending pending : batch) {
            pending.settled = true;
            pending.failure = failure;
          }
        }
        if (mine.failure instanceof RuntimeException e) {
          throw e;
        }
        if (mine.failure instanceof Error e) {
          throw e;
        }
      }
    }

    /** An addition queued; its fields after the first are read and written under the writer's lock only. */
    private static final class Pending {
      final Addition addition;
      boolean settled;
      Throwable failure;

      Pending(Addition addition) {
        this.addition = addition;
      }
    }
  }

  /**
   * Adds entries to the tag, made when it was not there when read. Either guess may have gone
   * stale since: another run made the tag (it is added to), or took its last entry away and
   * dropped it (it is made again).
   */
  private void add(List<String> added, boolean tagExists) {
    if (added.isEmpty()) {
      return;
    }
    List<List<String>> batches = batches(added);
    int first = 0;
    if (!tagExists && create(batches.get(0))) {
      first = 1;
    }
    for (List<String> batch : batches.subList(first, batches.size())) {
      try {
        lakeFormation.updateLFTag(b -> b.catalogId(catalogId).tagKey(tagKey).tagValuesToAdd(batch));
      } catch (EntityNotFoundException e) {
        if (!create(batch)) {
          lakeFormation.updateLFTag(b -> b.catalogId(catalogId).tagKey(tagKey).tagValuesToAdd(batch));
        }
      }
    }
  }

  /** Makes the tag with these values; false when another run made it first. */
  private boolean create(List<String> values) {
    try {
      lakeFormation.createLFTag(b -> b.catalogId(catalogId).tagKey(tagKey).tagValues(values));
      return true;
    } catch (AlreadyExistsException e) {
      return false;
    }
  }

  /**
   * Takes things away with {@code removal}, forgetting them first: a run cut short in between leaves
   * a thing the record lacks (kept, or taken away by the next destroy when it depends on what the
   * stack owns), never an entry for a thing gone, which would claim whatever someone makes under
   * that identity later. When the removal fails, the things the record held are recorded again, so
   * that the next run takes them away in turn (never one it did not hold: that would claim a thing
   * the stack may not have made); unless Lake Formation answered that they are not there (a removal
   * the SDK sent again after an attempt that took them away and whose answer was lost).
   */
  public void forgetWhile(Kind kind, Collection<String> identities, Runnable removal) {
    List<String> held = forget(kind, identities);
    try {
      removal.run();
    } catch (RuntimeException e) {
      List<String> again = identities.stream().filter(identity -> held.contains(entry(kind, identity))).toList();
      if (!gone(e) && !again.isEmpty()) {
        try {
          recording().record(kind, again);
        } catch (RuntimeException also) {
          e.addSuppressed(also);
        }
      }
      throw e;
    }
  }

  private static boolean gone(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof EntityNotFoundException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Forgets things the stack has taken away; drops the LF-Tag when nothing is left. Returns the
   * entries the record held of them.
   */
  public List<String> forget(Kind kind, Collection<String> identities) {
    if (identities.isEmpty()) {
      return List.of();
    }
    synchronized (writer) {
      return remove(identities.stream().map(identity -> entry(kind, identity)).distinct().toList());
    }
  }

  private List<String> remove(List<String> entries) {
    Set<String> present = read();
    List<String> removed = entries.stream().filter(present::contains).toList();
    if (removed.isEmpty()) {
      return removed;
    }
    if (present.size() == removed.size()) {
      lakeFormation.deleteLFTag(b -> b.catalogId(catalogId).tagKey(tagKey));
      return removed;
    }
    for (List<String> batch : batches(removed)) {
      lakeFormation.updateLFTag(b -> b.catalogId(catalogId).tagKey(tagKey).tagValuesToDelete(batch));
    }
    return removed;
  }

  private static List<List<String>> batches(List<String> values) {
    List<List<String>> batches = new ArrayList<>();
    for (int i = 0; i < values.size(); i += VALUES_PER_CALL) {
      batches.add(values.subList(i, Math.min(values.size(), i + VALUES_PER_CALL)));
    }
    return batches;
  }
}
