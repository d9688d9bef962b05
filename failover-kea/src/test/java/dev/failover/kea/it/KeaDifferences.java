package dev.failover.kea.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The differences between the testkit's fake Kea and real Kea that the testkit README lists
 * ("Where the fake differs from real Kea"), each as {@code - `case` (versions): reason}. The
 * differential suite fails on any other difference, and on a listed one that no longer differs.
 */
final class KeaDifferences {

  private static final Pattern ENTRY = Pattern.compile("^- `([a-z0-9-]+)` \\(([0-9., ]+)\\): (.+)$");
  private static final Path README = Path.of("..", "failover-testkit", "README.md");

  private final Map<String, Set<String>> versions;

  private KeaDifferences(Map<String, Set<String>> versions) {
    this.versions = versions;
  }

  static KeaDifferences listed() {
    List<String> lines;
    try {
      lines = Files.readAllLines(README);
    } catch (IOException e) {
      throw new UncheckedIOException("the testkit README (" + README.toAbsolutePath() + ") lists the fake's"
          + " differences from real Kea; it cannot be read", e);
    }
    Map<String, Set<String>> map = new HashMap<>();
    boolean inSection = false;
    for (String line : lines) {
      if (line.startsWith("#")) {
        inSection = line.contains("Where the fake differs from real Kea");
        continue;
      }
      Matcher m = ENTRY.matcher(line.strip());
      if (inSection && m.matches()) {
        if (m.group(3).strip().length() < 8) {
          throw new IllegalStateException("the README's difference `" + m.group(1) + "` gives no reason");
        }
        map.put(m.group(1), Set.of(m.group(2).split(",\\s*")));
      }
    }
    return new KeaDifferences(map);
  }

  /** Whether the README lists case {@code id} as differing on Kea {@code version} ("2.2", "2.6", "3.0"). */
  boolean excuses(String id, String version) {
    return versions.getOrDefault(id, Set.of()).contains(version);
  }
}
