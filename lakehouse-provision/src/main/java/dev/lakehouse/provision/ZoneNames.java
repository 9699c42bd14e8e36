package dev.lakehouse.provision;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which zone a resource the config no longer declares was made for, told by its name the way
 * the config names the zones' resources of its kind: when every declared zone's bucket (or
 * database) is the zone's name between one same prefix and suffix ({@code acme-dev-} and
 * {@code -123456789012}), a bucket named {@code acme-dev-raw-123456789012} was zone {@code raw}'s.
 * A removed zone's resources then keep the address they had ({@code s3_bucket.raw}).
 */
public final class ZoneNames {
  /** What a zone may be called, as the config's rules allow it. */
  private static final Pattern ZONE = Pattern.compile("[a-z][a-z0-9_-]{0,62}");

  private ZoneNames() {}

  /**
   * The zone {@code name} was made for, given the declared zones' names of that kind by zone;
   * empty when the declared names share no one pattern (or there are none), when {@code name}
   * does not follow it, or when it names a declared zone's resource.
   */
  public static Optional<String> zoneOf(String name, Map<String, String> namesByZone) {
    Set<List<String>> patterns = null;
    for (Map.Entry<String, String> zone : namesByZone.entrySet()) {
      Set<List<String>> around = around(zone.getValue(), zone.getKey());
      if (patterns == null) {
        patterns = around;
      } else {
        patterns.retainAll(around);
      }
    }
    if (patterns == null || patterns.size() != 1) {
      return Optional.empty();
    }
    List<String> pattern = patterns.iterator().next();
    String prefix = pattern.get(0);
    String suffix = pattern.get(1);
    if (name.length() <= prefix.length() + suffix.length() || !name.startsWith(prefix) || !name.endsWith(suffix)) {
      return Optional.empty();
    }
    String zone = name.substring(prefix.length(), name.length() - suffix.length());
    return ZONE.matcher(zone).matches() && !namesByZone.containsKey(zone) ? Optional.of(zone) : Optional.empty();
  }

  /** Every way {@code name} is {@code zone} between a prefix and a suffix, as [prefix, suffix]. */
  private static Set<List<String>> around(String name, String zone) {
    Set<List<String>> found = new LinkedHashSet<>();
    for (int at = name.indexOf(zone); at >= 0; at = name.indexOf(zone, at + 1)) {
      found.add(List.of(name.substring(0, at), name.substring(at + zone.length())));
    }
    return found;
  }
}
