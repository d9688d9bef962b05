package dev.failover.isc.store;

import dev.failover.spi.Texts;
import dev.failover.errors.BackendException;
import dev.failover.errors.ConflictException;
import dev.failover.isc.conf.IscConfig;
import dev.failover.isc.conf.IscConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * A dhcpd configuration in local files. A write:
 * <ol>
 *   <li>takes the configuration's write lock: an in-JVM lock and an OS file lock
 *       ({@link FileChannel#lock}) on {@code .<main file name>.lock} beside the main file, so that
 *       writes from every process that uses this store are serialised (bounded wait, then a
 *       {@code TRANSPORT} error); removes the temporary and check files that a killed write left;</li>
 *   <li>re-reads the files and refuses with a {@link ConflictException} when their fingerprint is
 *       not the expected one;</li>
 *   <li>writes each changed file to a temporary file in the same directory and forces it to disk;</li>
 *   <li>when the dhcpd binary is present, runs {@code dhcpd -t -cf <temporary main file>} (with
 *       include statements of changed include files pointed at their temporary files, working
 *       directory the main file's directory, bounded by a timeout) and refuses what it rejects
 *       with a {@link BackendException} of kind {@code REJECTED} carrying dhcpd's message;</li>
 *   <li>keeps the previous version of each changed file as {@code <name>.<UTC timestamp>.bak}
 *       (the newest {@link Builder#backups(int)} of each file are kept, older ones removed);</li>
 *   <li>compares every file read in step 2 with its bytes now, immediately before the renames, and
 *       refuses with a {@link ConflictException} when any differs (an edit made by hand, or by a
 *       writer that does not take the lock, while {@code dhcpd -t} ran);</li>
 *   <li>renames the temporary files over the originals (includes first, the main file last),
 *       atomically, keeping the originals' permissions, and forces the directory to disk;</li>
 *   <li>calls the {@link ReloadHook}.</li>
 * </ol>
 * Each file is replaced atomically; a change spanning several files is not atomic as a whole.
 * The fingerprint check and the renames are one compare-and-swap for every writer that takes the
 * lock (this store, in any process); a writer that does not is caught unless it writes in the
 * microseconds between the last comparison and the rename. The lock file is kept (removing it
 * would let two writers lock two different files).
 * Relative include names are resolved against the main file's directory.
 */
public final class LocalFileConfigStore implements IscConfigStore {

  /** The default location of the dhcpd binary (Debian's isc-dhcp-server). */
  public static final Path DEFAULT_DHCPD = Path.of("/usr/sbin/dhcpd");

  /** The default bound on one {@code dhcpd -t} run. */
  public static final Duration DEFAULT_VALIDATION_TIMEOUT = Duration.ofSeconds(30);

  /** The default bound on waiting for another writer's lock. */
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(120);

  /** The default number of backups kept per file. */
  public static final int DEFAULT_BACKUPS = 10;

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LocalFileConfigStore.class);
  private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
  private static final List<String> BANNER = List.of("Internet Systems Consortium DHCP Server", "Copyright ",
      "All rights reserved", "For info, please visit", "Config file:", "Database file:", "PID file:",
      "If you think you have received this message", "than a configuration issue please read",
      "bugs on either our web page", "before submitting a bug", "process and the information we find",
      "exiting.", "ldap_gssapi_principal");

  private final Path mainFile;
  private final Path dhcpd;
  private final Duration validationTimeout;
  private final Duration lockTimeout;
  private final int backups;
  private final ReloadHook reloadHook;
  private final Clock clock;
  private final String server;

  private LocalFileConfigStore(Builder b) {
    this.mainFile = b.mainFile.toAbsolutePath().normalize();
    this.dhcpd = b.dhcpd;
    this.validationTimeout = b.validationTimeout;
    this.lockTimeout = b.lockTimeout;
    this.backups = b.backups;
    this.reloadHook = b.reloadHook;
    this.clock = b.clock;
    this.server = b.server != null ? b.server : mainFile.toString();
  }

  /**
   * {@return a store of the configuration whose main file is {@code mainFile}}
   *
   * @param mainFile the path of dhcpd.conf
   */
  public static Builder builder(Path mainFile) {
    return new Builder(mainFile);
  }

  /** {@return the main file} */
  public Path mainFile() {
    return mainFile;
  }

  /** {@return whether writes are checked with {@code dhcpd -t} (the configured binary is executable)} */
  public boolean validates() {
    return Files.isExecutable(dhcpd);
  }

  @Override
  public IscConfigSnapshot read() {
    Map<String, byte[]> bytes = new LinkedHashMap<>();
    IscConfig config = readInto(bytes);
    return IscConfigSnapshot.of(config, IscConfigStore.fingerprint(bytes));
  }

  private IscConfig readInto(Map<String, byte[]> bytes) {
    try {
      byte[] main = Files.readAllBytes(mainFile);
      bytes.put(mainFile.toString(), main);
      return IscConfig.parse(mainFile.toString(), IscConfig.decode(main), name -> {
        Path p = resolve(name);
        if (!Files.isRegularFile(p)) {
          return Optional.empty();
        }
        try {
          byte[] b = Files.readAllBytes(p);
          bytes.put(name, b);
          return Optional.of(IscConfig.decode(b));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw BackendException.transport(server, "cannot read " + mainFile + ": " + e, e);
    } catch (UncheckedIOException e) {
      throw BackendException.transport(server, "cannot read an include of " + mainFile + ": " + e.getCause(), e);
    }
  }

  private Path resolve(String includeName) {
    Path p = Path.of(includeName);
    return p.isAbsolute() ? p : mainFile.getParent().resolve(p);
  }

  /** The fingerprint of the files as they are now; a text that no longer parses has the fingerprint of its main file. */
  private Map<String, byte[]> current() {
    Map<String, byte[]> bytes = new LinkedHashMap<>();
    try {
      readInto(bytes);
    } catch (IscConfigException e) {
      bytes.keySet().retainAll(List.of(mainFile.toString()));
    }
    return bytes;
  }

  @Override
  public String write(IscConfig config, String expectedFingerprint) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(expectedFingerprint, "expectedFingerprint");
    try (WriteLock lock = lock("write")) {
      Map<String, byte[]> now = current();
      removeLeftovers(now.keySet());
      String actual = IscConfigStore.fingerprint(now);
      if (!actual.equals(expectedFingerprint)) {
        throw new ConflictException(server, expectedFingerprint, actual);
      }
      Map<String, byte[]> written = new LinkedHashMap<>();
      List<Target> changed = changed(config, now, written);
      if (changed.isEmpty()) {
        return actual;
      }
      List<Path> temps = new ArrayList<>();
      try {
        for (Target t : changed) {
          t.temp = temporary(t.path, t.bytes, temps);
        }
        validate(config, changed, temps);
        String stamp = StoreFiles.stamp(clock.instant());
        for (Target t : changed) {
          backup(t.path, stamp);
        }
        requireUnchanged(now, expectedFingerprint);
        changed.sort((a, b) -> Boolean.compare(a.main, b.main));
        for (Target t : changed) {
          move(t.temp, t.path);
          forceDirectory(t.path.getParent());
        }
        for (Target t : changed) {
          prune(t.path);
        }
      } catch (IOException e) {
        throw BackendException.transport(server, "cannot write " + mainFile + ": " + e, e);
      } finally {
        for (Path p : temps) {
          try {
            Files.deleteIfExists(p);
          } catch (IOException e) {
            LOG.warn("could not remove the temporary file {} (the configuration itself is consistent): {}", p, e.toString());
          }
        }
      }
      String fingerprint = IscConfigStore.fingerprint(written);
      LOG.info("wrote {} ({} file(s) changed), fingerprint {}", mainFile, changed.size(), fingerprint);
      try {
        reloadHook.reload(mainFile);
      } catch (Exception e) {
        throw BackendException.transport(server, "the configuration was written (fingerprint "
            + fingerprint + ") but the reload hook failed: " + e, e);
      }
      return fingerprint;
    }
  }

  /**
   * The second half of the compare-and-swap: every file read before the check still has the bytes
   * it had (a hand edit, or a writer without the lock, during {@code dhcpd -t} is a conflict).
   */
  private void requireUnchanged(Map<String, byte[]> read, String expectedFingerprint) throws IOException {
    StoreFiles.requireUnchanged(server, read, expectedFingerprint, name -> {
      Path p = name.equals(mainFile.toString()) ? mainFile : resolve(name);
      return Files.isRegularFile(p) ? Files.readAllBytes(p) : null;
    }, this::current);
  }


  /** The lock file of this configuration: beside the main file, kept once made. */
  Path lockFile() {
    return mainFile.resolveSibling("." + mainFile.getFileName() + ".lock");
  }

  /**
   * Takes the in-JVM lock of the main file, then the OS lock on {@link #lockFile()}, each within
   * the lock timeout; then removes what a killed write left behind.
   */
  private WriteLock lock(String what) {
    long deadline = System.nanoTime() + lockTimeout.toNanos();
    ReentrantLock local = LOCKS.computeIfAbsent(mainFile, k -> new ReentrantLock());
    try {
      if (!local.tryLock(lockTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw busy(what);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BackendException.transport(server, "interrupted while waiting to " + what + " " + mainFile, e);
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock fileLock = tryLock(channel);
      while (fileLock == null) {
        if (System.nanoTime() - deadline > 0) {
          throw busy(what);
        }
        try {
          Thread.sleep(LOCK_POLL_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw BackendException.transport(server, "interrupted while waiting to " + what + " " + mainFile, e);
        }
        fileLock = tryLock(channel);
      }
      WriteLock lock = new WriteLock(local, channel);
      channel = null;
      return lock;
    } catch (IOException e) {
      throw BackendException.transport(server, "cannot lock " + lockFile() + " to " + what + " " + mainFile + ": " + e, e);
    } finally {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException e) {
          LOG.warn("could not close the lock file {}: {}", lockFile(), e.toString());
        }
        local.unlock();
      }
    }
  }

  /** The OS lock, or null while another process (or this JVM, through another path to the file) holds it. */
  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      return null;
    }
  }

  private BackendException busy(String what) {
    return BackendException.transport(server, "another writer held the lock " + lockFile() + " for more than "
        + Texts.duration(lockTimeout) + "; nothing was done (" + what + ")", null);
  }

  private static final long LOCK_POLL_MILLIS = 20;

  /** The OS lock and the in-JVM lock, released together. */
  private static final class WriteLock implements AutoCloseable {
    private final ReentrantLock local;
    private final FileChannel channel;

    WriteLock(ReentrantLock local, FileChannel channel) {
      this.local = local;
      this.channel = channel;
    }

    @Override
    public void close() {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.warn("could not close a lock file: {}", e.toString());
      } finally {
        local.unlock();
      }
    }
  }

  /**
   * Removes temporary and check files of this configuration's files ({@code names}, as
   * {@link #current()} keys them) that a killed write left (called under the lock, so no live
   * write owns them).
   */
  private void removeLeftovers(java.util.Set<String> names) {
    java.util.Set<Path> files = new java.util.LinkedHashSet<>();
    files.add(mainFile);
    for (String name : names) {
      files.add(name.equals(mainFile.toString()) ? mainFile : resolve(name));
    }
    for (Path f : files) {
      String prefix = "." + f.getFileName() + ".";
      try (java.util.stream.Stream<Path> siblings = Files.list(f.getParent())) {
        for (Path p : (Iterable<Path>) siblings::iterator) {
          String n = p.getFileName().toString();
          if (n.startsWith(prefix) && (n.endsWith(".tmp") || n.endsWith(".check")) && Files.isRegularFile(p)) {
            Files.deleteIfExists(p);
            LOG.info("removed {}, left by an earlier write that did not finish", p);
          }
        }
      } catch (IOException e) {
        LOG.warn("could not remove leftovers of earlier writes beside {}: {}", f, e.toString());
      }
    }
  }

  /** Removes all but the newest {@link #backups} backups of {@code target}. */
  private void prune(Path target) {
    List<String> names = new ArrayList<>();
    try (java.util.stream.Stream<Path> siblings = Files.list(target.getParent())) {
      siblings.forEach(p -> names.add(p.getFileName().toString()));
      for (String surplus : StoreFiles.surplusBackups(target.getFileName().toString(), names, backups)) {
        Files.deleteIfExists(target.resolveSibling(surplus));
      }
    } catch (IOException e) {
      LOG.warn("could not prune the backups of {}: {}", target, e.toString());
    }
  }


  /** The files of {@code config} whose bytes differ from {@code now}; every file's bytes go into {@code written}. */
  private List<Target> changed(IscConfig config, Map<String, byte[]> now, Map<String, byte[]> written) {
    List<Target> changed = new ArrayList<>();
    boolean first = true;
    for (Map.Entry<String, String> f : config.renderFiles().entrySet()) {
      String name = first ? mainFile.toString() : f.getKey();
      Path target = first ? mainFile : resolve(f.getKey());
      byte[] bytes = IscConfig.encode(f.getValue());
      written.put(name, bytes);
      if (!Arrays.equals(bytes, now.get(name))) {
        changed.add(new Target(f.getKey(), target, bytes, first));
      }
      first = false;
    }
    return changed;
  }

  /**
   * Runs {@code dhcpd -t} on {@code config} as {@link #write} would (the changed files as
   * temporary files beside the originals, removed afterwards) and writes nothing in place. A
   * configuration that changes no file, or a store without the binary, is not checked.
   */
  @Override
  public void check(IscConfig config) {
    Objects.requireNonNull(config, "config");
    if (!validates()) {
      return;
    }
    try (WriteLock lock = lock("check")) {
      Map<String, byte[]> now = current();
      removeLeftovers(now.keySet());
      check(config, changed(config, now, new LinkedHashMap<>()));
    }
  }

  private void check(IscConfig config, List<Target> changed) {
    if (changed.isEmpty()) {
      return;
    }
    List<Path> temps = new ArrayList<>();
    try {
      for (Target t : changed) {
        t.temp = temporary(t.path, t.bytes, temps);
      }
      validate(config, changed, temps);
    } catch (IOException e) {
      throw BackendException.transport(server, "cannot check " + mainFile + " with dhcpd -t: " + e, e);
    } finally {
      for (Path p : temps) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          LOG.warn("could not remove the temporary file {}: {}", p, e.toString());
        }
      }
    }
  }

  private static final class Target {
    final String name;
    final Path path;
    final byte[] bytes;
    final boolean main;
    Path temp;

    Target(String name, Path path, byte[] bytes, boolean main) {
      this.name = name;
      this.path = path;
      this.bytes = bytes;
      this.main = main;
    }
  }

  private static Path temporary(Path target, byte[] bytes, List<Path> temps) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
    temps.add(temp);
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    if (Files.exists(target)) {
      try {
        Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target));
      } catch (UnsupportedOperationException e) {
        // a file system without POSIX permissions keeps the temporary file's defaults
        return temp;
      }
    }
    return temp;
  }

  private void validate(IscConfig config, List<Target> changed, List<Path> temps) throws IOException {
    if (!validates()) {
      return;
    }
    Target main = changed.stream().filter(t -> t.main).findFirst().orElse(null);
    IscConfig checked = config;
    for (Target t : changed) {
      if (!t.main) {
        checked = checked.withIncludeRenamed(t.name, t.temp.toString());
      }
    }
    Path checkedMain;
    if (checked == config && main != null) {
      checkedMain = main.temp;
    } else {
      checkedMain = temporary(mainFile, IscConfig.encode(checked.render()), temps);
    }
    Path output = Files.createTempFile(mainFile.getParent(), "." + mainFile.getFileName() + ".", ".check");
    try {
      Process process = new ProcessBuilder(dhcpd.toString(), "-t", "-cf", checkedMain.toString())
          .directory(mainFile.getParent().toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.to(output.toFile())).start();
      boolean finished;
      try {
        finished = process.waitFor(validationTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw BackendException.transport(server, "interrupted while dhcpd -t checked the configuration", e);
      }
      if (!finished) {
        process.destroyForcibly();
        throw BackendException.transport(server, "dhcpd -t did not finish within " + validationTimeout
            + "; nothing was written", null);
      }
      if (process.exitValue() != 0) {
        String text = IscConfig.decode(Files.readAllBytes(output));
        throw BackendException.rejected(server, message(text), "dhcpd -t exit " + process.exitValue());
      }
    } finally {
      Files.deleteIfExists(output);
    }
  }

  /** dhcpd's output without its banner and bug-report boilerplate. */
  static String message(String output) {
    String kept = output.lines().filter(l -> !l.isBlank() && BANNER.stream().noneMatch(l::startsWith))
        .collect(Collectors.joining("\n"));
    return kept.isEmpty() ? output.strip() : kept;
  }

  private void backup(Path target, String stamp) throws IOException {
    if (!Files.exists(target)) {
      return;
    }
    for (int i = 0; i < StoreFiles.BACKUP_ATTEMPTS; i++) {
      Path backup = target.resolveSibling(StoreFiles.backupName(target.getFileName().toString(), stamp, i));
      try {
        Files.createLink(backup, target);
        return;
      } catch (FileAlreadyExistsException e) {
        continue;
      } catch (UnsupportedOperationException | IOException e) {
        if (Files.exists(backup)) {
          continue;
        }
        Files.copy(target, backup, StandardCopyOption.COPY_ATTRIBUTES);
        return;
      }
    }
    throw new IOException("no free backup name for " + target + " at " + stamp);
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system of " + target + " cannot rename atomically; nothing was replaced", e);
    }
  }

  private static void forceDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  @Override
  public String toString() {
    return "LocalFileConfigStore[" + mainFile + (validates() ? ", checked by " + dhcpd : "") + "]";
  }

  /** Settings of a {@link LocalFileConfigStore}. */
  public static final class Builder {
    private final Path mainFile;
    private Path dhcpd = DEFAULT_DHCPD;
    private Duration validationTimeout = DEFAULT_VALIDATION_TIMEOUT;
    private Duration lockTimeout = DEFAULT_LOCK_TIMEOUT;
    private int backups = DEFAULT_BACKUPS;
    private ReloadHook reloadHook = ReloadHook.none();
    private Clock clock = Clock.systemUTC();
    private String server;

    private Builder(Path mainFile) {
      this.mainFile = Objects.requireNonNull(mainFile, "mainFile");
    }

    /**
     * The dhcpd binary that checks a configuration before it is written (default /usr/sbin/dhcpd).
     *
     * @param binary the dhcpd binary
     * @return this builder
     */
    public Builder dhcpd(Path binary) {
      this.dhcpd = Objects.requireNonNull(binary, "dhcpd");
      return this;
    }

    /**
     * The bound on one {@code dhcpd -t} run (default 30 s).
     *
     * @param timeout the longest one check may take
     * @return this builder
     */
    public Builder validationTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new dev.failover.errors.ValidationException("local file config store", List.of(
            new dev.failover.errors.Violation("validationTimeout", timeout.toString(), "must be greater than zero")));
      }
      this.validationTimeout = timeout;
      return this;
    }

    /**
     * The bound on waiting for another writer (this or another process) to finish (default 120 s).
     *
     * @param timeout the longest wait for the lock
     * @return this builder
     */
    public Builder lockTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new dev.failover.errors.ValidationException("local file config store", List.of(
            new dev.failover.errors.Violation("lockTimeout", timeout.toString(), "must be greater than zero")));
      }
      this.lockTimeout = timeout;
      return this;
    }

    /**
     * How many backups of each file are kept, the newest (default 10; at least 1).
     *
     * @param count backups kept per file, at least 1
     * @return this builder
     */
    public Builder backups(int count) {
      if (count < 1) {
        throw new dev.failover.errors.ValidationException("local file config store", List.of(
            new dev.failover.errors.Violation("backups", Integer.toString(count), "must be at least 1")));
      }
      this.backups = count;
      return this;
    }

    /**
     * What to do after a successful write (default nothing).
     *
     * @param hook called with the main file's path after each write
     * @return this builder
     */
    public Builder reloadHook(ReloadHook hook) {
      this.reloadHook = Objects.requireNonNull(hook, "reloadHook");
      return this;
    }

    /**
     * The clock that stamps backups (default the system's, UTC).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The server's name in errors (default the main file's path).
     *
     * @param name the server's name in errors
     * @return this builder
     */
    public Builder server(String name) {
      this.server = Objects.requireNonNull(name, "server");
      return this;
    }

    /** {@return the store} */
    public LocalFileConfigStore build() {
      return new LocalFileConfigStore(this);
    }
  }
}
