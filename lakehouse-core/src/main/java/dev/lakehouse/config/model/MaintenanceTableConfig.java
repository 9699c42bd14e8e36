package dev.lakehouse.config.model;

import dev.lakehouse.config.units.Size;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Settings for the tables whose {@code <zone>.<table>} name matches a glob; the last
 * matching entry wins over earlier ones and over the defaults. Takes the same keys as
 * {@link MaintenancePolicy}, beside {@code match}. Entries match {@code <zone>.<glob>}
 * ({@code *} any run of characters, {@code ?} one, {@code [...]} a class; the zone may be {@code *}).
 */
public record MaintenanceTableConfig(
    String match,
    Duration snapshotRetention,
    Integer minSnapshotsToKeep,
    Integer maxMetadataFilesToKeep,
    Duration orphanFileAge,
    Size targetFileSize,
    Integer compactWhenSmallFilesAbove,
    Integer compactWhenDeleteFilesAbove) {

  /** The settings of this entry, as a policy to lay over the defaults. */
  public MaintenancePolicy policy() {
    return new MaintenancePolicy(
        snapshotRetention,
        minSnapshotsToKeep,
        maxMetadataFilesToKeep,
        orphanFileAge,
        targetFileSize,
        compactWhenSmallFilesAbove,
        compactWhenDeleteFilesAbove);
  }

  /** Whether this entry matches the table. */
  public boolean matches(String zone, String table) {
    return matches(match, zone, table);
  }

  /** Whether {@code match} ({@code <zone>.<glob>}) matches the table. */
  public static boolean matches(String match, String zone, String table) {
    int dot = match.indexOf('.');
    if (dot < 0) {
      return false;
    }
    String matchZone = match.substring(0, dot);
    return (matchZone.equals("*") || matchZone.equals(zone)) && glob(match.substring(dot + 1)).matcher(table).matches();
  }

  /** The glob as a regular expression: {@code *}, {@code ?} and {@code [...]} ({@code [!...]} negated). */
  static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      int close = c == '[' ? glob.indexOf(']', i + 1) : -1;
      if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else if (close > i + 1) {
        String set = glob.substring(i + 1, close);
        regex.append('[').append(set.startsWith("!") ? "^" + classMembers(set.substring(1)) : classMembers(set))
            .append(']');
        i = close;
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }

  /** The members of a {@code [...]} class, ranges ({@code a-z}) kept and every other sign taken literally. */
  private static String classMembers(String set) {
    StringBuilder members = new StringBuilder();
    for (char c : set.toCharArray()) {
      members.append(Character.isLetterOrDigit(c) || c == '-' ? String.valueOf(c) : "\\" + c);
    }
    return members.toString();
  }
}
