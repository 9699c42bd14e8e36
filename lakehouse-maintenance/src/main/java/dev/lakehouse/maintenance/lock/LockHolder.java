package dev.lakehouse.maintenance.lock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Who holds a table's lock: the body of the lock object,
 * {@code {"owner":…,"host":…,"pid":…,"acquiredAt":…,"expiresAt":…}} with ISO-8601 instants.
 */
public record LockHolder(String owner, String host, long pid, Instant acquiredAt, Instant expiresAt) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public LockHolder {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(acquiredAt, "acquiredAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Whether the lock has expired at {@code now}: a crashed run's lock may be taken over then. */
  public boolean expiredAt(Instant now) {
    return expiresAt.isBefore(now);
  }

  /** E.g. {@code nightly on cron-1 (pid 4242) since 2026-11-26T02:00:00Z, until 2026-11-26T08:00:00Z}. */
  public String describe() {
    return owner + " on " + host + " (pid " + pid + ") since " + acquiredAt + ", until " + expiresAt;
  }

  LockHolder until(Instant expiry) {
    return new LockHolder(owner, host, pid, acquiredAt, expiry);
  }

  byte[] toJson() {
    ObjectNode body = JSON.createObjectNode()
        .put("owner", owner)
        .put("host", host)
        .put("pid", pid)
        .put("acquiredAt", acquiredAt.toString())
        .put("expiresAt", expiresAt.toString());
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
        instant(json, "acquiredAt"), instant(json, "expiresAt"));
  }

  private static String text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("no " + field);
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
