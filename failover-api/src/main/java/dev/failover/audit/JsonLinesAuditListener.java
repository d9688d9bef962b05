package dev.failover.audit;

import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.json.FailoverJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes every {@link AuditEvent} as one line of JSON at the end of a file (JSON Lines): an
 * append-only audit trail that a script reads line by line, or back into events with
 * {@link #read(Path)}.
 *
 * <pre>{@code
 * Failover failover = Failover.builder().inventory(inventory)
 *     .audit(JsonLinesAuditListener.open(Path.of("/var/log/failover/audit.jsonl")))
 *     .build();
 * }</pre>
 *
 * <p>A line holds the event's fields in this order, compact, with instants in UTC ISO-8601 and
 * every control character of a value escaped (a name with a line break stays on its line):
 *
 * <pre>{@code
 * {"time":"2026-12-07T14:41:07.512Z","principal":"alice","operation":"replicate scope 10.1.0.0/24 from win-a",
 *  "planDigest":"9f2c…","servers":["win-a","win-b"],"outcome":"SUCCEEDED","detail":"alice may …","serverOutcomes":{}}
 * }</pre>
 *
 * (one line in the file; broken here to fit). An event holds no secret: the SDK's events name
 * servers by id and principals by name, never a credential.
 *
 * <p>Appending: the file is opened in the operating system's append mode for each event (so a
 * log rotated away is followed by a new file) and the whole line is written under an exclusive
 * lock of the file, so several threads of one process and several processes writing to the same
 * file never interleave their lines; each line is forced to the disk before the listener returns.
 * A file it creates is readable by its owner and group only (where the file system has POSIX
 * permissions). When the line cannot be written the listener throws {@link UncheckedIOException}
 * naming the file; the facade logs that as an error (it never changes the attempt's outcome), so
 * {@link #open(Path)} checks the file can be appended to before anything is attempted.
 */
public final class JsonLinesAuditListener implements AuditListener {

  /** One lock per file in this process: a file lock is held by the whole process, not a thread. */
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  private final Path file;
  private final ReentrantLock lock;

  private JsonLinesAuditListener(Path file) {
    this.file = file;
    this.lock = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
  }

  /**
   * A listener appending to {@code file}, created when missing (its directory must exist); checks
   * now that the file can be appended to.
   *
   * @param file the audit log to append to
   * @return a listener appending one line per event to {@code file}
   * @throws ValidationException naming the file when it cannot be created or appended to
   */
  public static JsonLinesAuditListener open(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    if (Files.isDirectory(absolute)) {
      throw invalid(absolute, "must be a file, not a directory");
    }
    try (FileChannel ignored = append(absolute)) {
      return new JsonLinesAuditListener(absolute);
    } catch (IOException | SecurityException e) {
      throw invalid(absolute, "must be a file that can be created and appended to (" + reason(e) + ")");
    }
  }

  /** {@return the file appended to, as an absolute path} */
  public Path file() {
    return file;
  }

  @Override
  public void onEvent(AuditEvent event) {
    byte[] line = (line(event) + "\n").getBytes(StandardCharsets.UTF_8);
    lock.lock();
    try (FileChannel channel = append(file); FileLock ignored = channel.lock()) {
      ByteBuffer buffer = ByteBuffer.wrap(line);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append the audit event (" + event.outcome() + " "
          + event.operation() + ") to audit log " + file + ": " + reason(e), e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The event as the single line this listener writes.
   *
   * @param event the event to render
   * @return its JSON object on one line, without the line break
   */
  public static String line(AuditEvent event) {
    // Jackson escapes every control character in strings, so the text never breaks the line
    return FailoverJson.write(event);
  }

  /**
   * Reads an audit log back, line by line, in file order.
   *
   * @param file an audit log this listener wrote
   * @return its events, in file order
   * @throws IOException when the file cannot be read
   * @throws ValidationException naming the line that is not an audit event
   */
  public static List<AuditEvent> read(Path file) throws IOException {
    List<AuditEvent> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i);
      if (text.isBlank()) {
        continue;
      }
      try {
        out.add(FailoverJson.read(text, AuditEvent.class));
      } catch (ValidationException e) {
        throw new ValidationException("audit log " + file, List.of(new Violation("line " + (i + 1),
            Violation.shown(text), "must be one audit event as JSON: " + e.getMessage())));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "audit log " + file;
  }

  private static FileChannel append(Path file) throws IOException {
    Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
    if (!Files.exists(file) && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      FileAttribute<Set<PosixFilePermission>> ownerAndGroup = PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-r-----"));
      return FileChannel.open(file, options, ownerAndGroup);
    }
    return FileChannel.open(file, options);
  }

  private static String reason(Exception e) {
    String m = e.getMessage();
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "its directory does not exist";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return m == null ? "an input/output error" : m;
  }

  private static ValidationException invalid(Path file, String rule) {
    return new ValidationException("audit log", List.of(new Violation("audit log", file.toString(), rule)));
  }
}
