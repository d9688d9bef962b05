package dev.failover.cli;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** "Known: …; did you mean …?" for a name the operator typed that does not exist. */
public final class Suggestions {

  private Suggestions() {}

  /**
   * The known names, quoted, and the nearest one when it is close enough to be a typo: {@code
   * known relationships: "isc-pair", "kea-pair"; did you mean "kea-pair"?}.
   *
   * @param what what the names are, plural ({@code relationships})
   * @param typed the name the operator typed, or null
   * @param names the names that exist
   * @return the sentence to append to the "not found" message
   */
  public static String known(String what, String typed, Collection<String> names) {
    if (names.isEmpty()) {
      return "there are no " + what;
    }
    String list = names.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", "));
    return "known " + what + ": " + list + nearest(typed, names).map(n -> "; did you mean \"" + n + "\"?").orElse("");
  }

  /** The name nearest to {@code typed}, when it is within a third of its length in edits (at least 2). */
  static Optional<String> nearest(String typed, Collection<String> names) {
    if (typed == null) {
      return Optional.empty();
    }
    String t = typed.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String n : names) {
      String c = n.toLowerCase(Locale.ROOT);
      int d = c.startsWith(t) || t.startsWith(c) ? Math.abs(c.length() - t.length()) : distance(t, c);
      if (d < bestDistance) {
        best = n;
        bestDistance = d;
      }
    }
    int allowed = Math.max(2, t.length() / 3);
    return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
