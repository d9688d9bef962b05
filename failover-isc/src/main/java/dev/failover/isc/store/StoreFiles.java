package dev.failover.isc.store;

import dev.failover.errors.ConflictException;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the local and the SSH store do alike, whatever carries the bytes: how backups are named,
 * which of them a write prunes, and the second half of the compare-and-swap.
 */
final class StoreFiles {

  /** How many names a backup tries when its stamp is taken ({@code -1} … {@code -99} after the first). */
  static final int BACKUP_ATTEMPTS = 100;

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
      .withZone(ZoneOffset.UTC);
  private static final String BACKUP_SUFFIX = "\\.(\\d{8}T\\d{6}\\.\\d{3}Z)(?:-(\\d+))?\\.bak";

  private StoreFiles() {}

  /** {@return the stamp of the backups a write taken at {@code instant} keeps (UTC, milliseconds)} */
  static String stamp(Instant instant) {
    return STAMP.format(instant);
  }

  /**
   * {@return the name of a backup of {@code fileName}: {@code <name>.<stamp>.bak}, or with
   * {@code -<attempt>} before {@code .bak} when that name is taken}
   */
  static String backupName(String fileName, String stamp, int attempt) {
    return fileName + "." + stamp + (attempt == 0 ? "" : "-" + attempt) + ".bak";
  }

  /** {@return whether {@code name} is the name of a backup of {@code fileName}} */
  static boolean isBackup(String fileName, String name) {
    return Pattern.compile(Pattern.quote(fileName) + BACKUP_SUFFIX).matcher(name).matches();
  }

  /**
   * {@return of the names in a file's directory, the backups of {@code fileName} beyond the newest
   * {@code keep}, oldest first: the ones a write removes}
   */
  static List<String> surplusBackups(String fileName, Iterable<String> names, int keep) {
    Pattern backup = Pattern.compile(Pattern.quote(fileName) + BACKUP_SUFFIX);
    List<String[]> found = new ArrayList<>();
    for (String name : names) {
      Matcher m = backup.matcher(name);
      if (m.matches()) {
        found.add(new String[] {name, m.group(1), String.format("%09d", m.group(2) == null ? 0 : Integer.parseInt(m.group(2)))});
      }
    }
    found.sort(Comparator.<String[], String>comparing(a -> a[1]).thenComparing(a -> a[2]));
    List<String> surplus = new ArrayList<>();
    for (int i = 0; i < found.size() - keep; i++) {
      surplus.add(found.get(i)[0]);
    }
    return surplus;
  }

  /** Reads one file of a configuration by the name it was read under; null when it is not a regular file. */
  interface Reader {
    byte[] read(String name) throws IOException;
  }

  /** The files of a configuration as they are now, by name (for a conflict's fingerprint). */
  interface Current {
    Map<String, byte[]> get() throws IOException;
  }

  /**
   * The second half of the compare-and-swap: every file read before the check still has the bytes
   * it had (a hand edit, or a writer without the lock, during {@code dhcpd -t} is a conflict).
   *
   * @param server the server's name in the conflict
   * @param read the files as read under the lock, by name
   * @param expectedFingerprint the fingerprint the plan was made from
   * @param reader reads a file now
   * @param current the files' fingerprint input now, for the conflict's message
   * @throws ConflictException when any file differs
   * @throws IOException when a file cannot be read
   */
  static void requireUnchanged(String server, Map<String, byte[]> read, String expectedFingerprint, Reader reader,
      Current current) throws IOException {
    for (Map.Entry<String, byte[]> f : read.entrySet()) {
      if (!Arrays.equals(reader.read(f.getKey()), f.getValue())) {
        throw new ConflictException(server, expectedFingerprint, IscConfigStore.fingerprint(current.get()));
      }
    }
  }
}
