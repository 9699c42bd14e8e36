package dev.lakehouse.provision;

import java.util.Set;

/**
 * How the names the config gives resources of one kind begin ({@code acme-dev-} for the buckets,
 * {@code acme_dev_} for the databases): a search for what the stack made and the config no longer
 * declares reads the tags only of the resources named so, which keeps a plan in an account of
 * hundreds of buckets, databases or workgroups from reading the tags of each. A resource of the
 * stack renamed to a name that does not begin so is not found once the config drops it.
 */
public final class NamePrefixes {
  /** Fewer first characters in common than this tell no pattern. */
  private static final int SHORTEST = 3;

  private NamePrefixes() {}

  /**
   * The first characters the names share; empty (every resource of the kind is looked at) for
   * fewer than two names, or names sharing fewer than three first characters.
   */
  public static String common(Set<String> names) {
    if (names.size() < 2) {
      return "";
    }
    String prefix = null;
    for (String name : names) {
      if (prefix == null) {
        prefix = name;
        continue;
      }
      int same = 0;
      while (same < prefix.length() && same < name.length() && prefix.charAt(same) == name.charAt(same)) {
        same++;
      }
      prefix = prefix.substring(0, same);
    }
    return prefix.length() < SHORTEST ? "" : prefix;
  }
}
