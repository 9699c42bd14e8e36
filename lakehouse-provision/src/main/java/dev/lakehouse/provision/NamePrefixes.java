package dev.lakehouse.provision;

import java.util.Set;

/**
 * How the names the config gives resources of one kind begin ({@code acme-dev} for the buckets,
 * {@code acme_dev} for the databases): a search for what the stack made and the config no longer
 * declares reads the tags only of the resources named so, which keeps a plan in an account of
 * hundreds of buckets, databases or workgroups from reading the tags of each. A resource of the
 * stack renamed to a name that does not begin so is not found once the config drops it.
 */
public final class NamePrefixes {
  /** Fewer first characters in common than this tell no pattern. */
  private static final int SHORTEST = 3;
  private static final String SEPARATORS = "-_.";

  private NamePrefixes() {}

  /**
   * The words the names share at their start, without the separator after them ({@code acme-dev}
   * for {@code acme-dev-main} and {@code acme-dev-adhoc}), so that a name the config gave before
   * ({@code acme-dev}, {@code acme-dev-primary}) begins so too; empty (every resource of the kind is
   * looked at) for fewer than two names, or names sharing fewer than three first characters.
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
    String words = wholeWords(prefix, names);
    return words.length() < SHORTEST ? "" : words;
  }

  private static String wholeWords(String prefix, Set<String> names) {
    int shared = prefix.length();
    int end = shared;
    if (!names.stream().allMatch(name -> name.length() == shared || separator(name.charAt(shared)))) {
      end = 0;
      for (int i = prefix.length() - 1; i >= 0; i--) {
        if (separator(prefix.charAt(i))) {
          end = i;
          break;
        }
      }
    }
    while (end > 0 && separator(prefix.charAt(end - 1))) {
      end--;
    }
    return prefix.substring(0, end);
  }

  private static boolean separator(char c) {
    return SEPARATORS.indexOf(c) >= 0;
  }
}
