package dev.lakehouse.maintenance.lock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Who holds a table's lock: the body of the lock object, {@code {"owner":…,"host":…,"pid":…,
 * "acquiredAt":…,"expiresAt":…,"lease":…,"query":{"id":…,"workgroup":…}}} with ISO-8601 instants and
 * duration. {@code acquiredAt} and {@code expiresAt} are on the holder's clock, for people to read;
 * {@code lease} is how long the lock holds after each write of it, which S3's clock measures (see
 * {@link TableLocks}). {@code query} names the query execution the holder has running in Athena on
 * the table, if any. A body without {@code lease} has none ({@code null}); one without {@code query}
 * names none ({@code null}).
 */
public record LockHolder(String owner, String host, long pid, Instant acquiredAt, Instant expiresAt, Duration lease,
    RunningQuery query) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public LockHolder {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(acquiredAt, "acquiredAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** A holder naming no running query. */
  public LockHolder(String owner, String host, long pid, Instant acquiredAt, Instant expiresAt, Duration lease) {
    this(owner, host, pid, acquiredAt, expiresAt, lease, null);
  }

  /** A holder whose lock holds {@code lease} after each write, from {@code acquiredAt} on. */
  LockHolder(String owner, String host, long pid, Instant acquiredAt, Duration lease) {
    this(owner, host, pid, acquiredAt, acquiredAt.plus(lease), lease);
  }

  /** Whether the lock has expired at {@code now} on the holder's clock. */
  public boolean expiredAt(Instant now) {
    return expiresAt.isBefore(now);
  }

  /** E.g. {@code nightly on cron-1 (pid 4242) since 2026-11-26T02:00:00Z, until 2026-11-26T08:00:00Z}. */
  public String describe() {
    return owner + " on " + host + " (pid " + pid + ") since " + acquiredAt + ", until " + expiresAt;
  }

  /** This holder's lock written again at {@code now}: it holds its lease from then on. */
  LockHolder renewedAt(Instant now) {
    return new LockHolder(owner, host, pid, acquiredAt, now.plus(lease), lease, query);
  }

  /** This holder naming {@code query} (null: none) as running on the table. */
  LockHolder running(RunningQuery query) {
    return new LockHolder(owner, host, pid, acquiredAt, expiresAt, lease, query);
  }

  byte[] toJson() {
    ObjectNode body = JSON.createObjectNode()
        .put("owner", owner)
        .put("host", host)
        .put("pid", pid)
        .put("acquiredAt", acquiredAt.toString())
        .put("expiresAt", expiresAt.toString());
    if (lease != null) {
      body.put("lease", lease.toString());
    }
    if (query != null) {
      body.putObject("query").put("id", query.id()).put("workgroup", query.workgroup());
    }
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The holder a lock object names; throws IllegalArgumentException for a body that is not one. */
  static LockHolder parse(byte[] body) {
    JsonNode json;
    try {
      json = JSON.readTree(new String(body, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    return new LockHolder(text(json, "owner"), text(json, "host"), json.path("pid").asLong(-1),
        instant(json, "acquiredAt"), instant(json, "expiresAt"), json.has("lease") ? lease(json) : null,
        json.has("query") ? query(json.get("query")) : null);
  }

  private static RunningQuery query(JsonNode query) {
    if (!query.isObject()) {
      throw new IllegalArgumentException("query is not a JSON object: " + query);
    }
    return new RunningQuery(text(query, "query.id", "id"), text(query, "query.workgroup", "workgroup"));
  }

  private static Duration lease(JsonNode json) {
    Duration lease;
    try {
      lease = Duration.parse(text(json, "lease"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("lease is not an ISO-8601 duration: " + json.get("lease").asText());
    }
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease is not positive: " + lease);
    }
    return lease;
  }

  private static String text(JsonNode json, String field) {
    return text(json, field, field);
  }

  /** The text of {@code json}'s {@code field}, known in messages as {@code name}. */
  private static String text(JsonNode json, String name, String field) {
    JsonNode value = json.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("no " + name);
    }
    return value.asText();
  }

  private static Instant instant(JsonNode json, String field) {
    try {
      return Instant.parse(text(json, field));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field + " is not an ISO-8601 instant: " + json.get(field).asText());
    }
  }
}
