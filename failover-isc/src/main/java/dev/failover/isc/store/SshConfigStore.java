package dev.failover.isc.store;

import dev.failover.spi.Texts;
import dev.failover.errors.BackendException;
import dev.failover.errors.ConflictException;
import dev.failover.errors.Violations;
import dev.failover.isc.conf.IscConfig;
import dev.failover.isc.conf.IscConfigException;
import dev.failover.ssh.SshLogin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHFsyncExtension;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dhcpd configuration on another host, reached over SSH ({@code ssh://user@host:port/etc/dhcp/dhcpd.conf}):
 * the files are read and written over SFTP, the server's own {@code dhcpd -t} checks a candidate
 * before it replaces the real file, and every exchange (connect, login, the whole read or write)
 * is bounded by {@link Builder#timeout(Duration)}. The same guarantees as {@link LocalFileConfigStore}; a write:
 * <ol>
 *   <li>takes the configuration's lock on the server: {@code flock} on {@code .<main file name>.lock}
 *       beside the main file, held by an SSH channel for the rest of the write (the server releases
 *       it when the channel or the connection ends, also when the SDK dies), so writers from any
 *       number of processes and hosts are serialised (bounded wait, then a {@code TRANSPORT} error);
 *       removes the temporary files that an interrupted write left;</li>
 *   <li>re-reads the files and refuses with a {@link ConflictException} when their fingerprint is
 *       not the expected one;</li>
 *   <li>writes each changed file to a temporary file in the same directory over SFTP and forces it
 *       to disk ({@code fsync@openssh.com}), with the original's permissions;</li>
 *   <li>runs {@code dhcpd -t -cf <temporary main file>} on the server (include statements of
 *       changed include files pointed at their temporary files, in the main file's directory) and
 *       refuses what it rejects with a {@link BackendException} of kind {@code REJECTED} carrying
 *       dhcpd's message;</li>
 *   <li>keeps the previous version of each changed file as {@code <name>.<UTC timestamp>.bak}
 *       (the newest {@link Builder#backups(int)} kept);</li>
 *   <li>compares every file read in step 2 with its bytes now and refuses with a
 *       {@link ConflictException} when any differs (a hand edit during the write);</li>
 *   <li>renames the temporary files over the originals ({@code posix-rename@openssh.com}, atomic;
 *       includes first, the main file last) and forces the directories to disk ({@code sync}).</li>
 * </ol>
 * A connection that drops before the renames leaves every original file as it was. Commands run on
 * the server carry only paths (never a password or key); the password goes only into the SSH login.
 * Files larger than {@link Builder#maxFileBytes(int)} are refused unread.
 */
public final class SshConfigStore implements IscConfigStore, AutoCloseable {

  /** The default dhcpd binary on the server (Debian's isc-dhcp-server). */
  public static final String DEFAULT_DHCPD = "/usr/sbin/dhcpd";
  /** The default bound on one whole exchange (connect, login, read or write and check). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
  /** The default bound on waiting for another writer's lock. */
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(60);
  /** The default largest file read or written. */
  public static final int DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024;
  /** The default number of backups kept per file. */
  public static final int DEFAULT_BACKUPS = 10;

  private static final Logger LOG = LoggerFactory.getLogger(SshConfigStore.class);
  private static final int MAX_FILES = 256;
  private static final int MAX_OUTPUT_BYTES = 256 * 1024;
  private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._/+@:,=-]{1,4095}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "failover-ssh-store-watchdog");
    t.setDaemon(true);
    return t;
  });

  private final SshLogin login;
  private final String mainFile;
  private final String directory;
  private final String dhcpd;
  private final Duration timeout;
  private final Duration lockTimeout;
  private final int maxFileBytes;
  private final int backups;
  private final Clock clock;
  private final String server;

  private SshConfigStore(Builder b) {
    this.login = b.login;
    this.mainFile = b.mainFile;
    this.directory = parent(b.mainFile);
    this.dhcpd = b.dhcpd;
    this.timeout = b.timeout;
    this.lockTimeout = b.lockTimeout;
    this.maxFileBytes = b.maxFileBytes;
    this.backups = b.backups;
    this.clock = b.clock;
    this.server = b.server != null ? b.server : login.server();
  }

  /**
   * {@return a builder of a store of the configuration {@code mainFile} on the server {@code login} reaches}
   *
   * @param login how to reach and log in to the server
   * @param mainFile the absolute path of dhcpd.conf on the server
   */
  public static Builder builder(SshLogin login, String mainFile) {
    return new Builder(login, mainFile);
  }

  /** {@return the main file's path on the server} */
  public String mainFile() {
    return mainFile;
  }

  /** {@return how the store logs in} */
  public SshLogin login() {
    return login;
  }

  /** {@return the server's name in errors} */
  public String server() {
    return server;
  }

  @Override
  public IscConfigSnapshot read() {
    return exchange("read " + mainFile, remote -> {
      Map<String, byte[]> bytes = new LinkedHashMap<>();
      IscConfig config = remote.readInto(bytes);
      return IscConfigSnapshot.of(config, IscConfigStore.fingerprint(bytes));
    });
  }

  @Override
  public String write(IscConfig config, String expectedFingerprint) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(expectedFingerprint, "expectedFingerprint");
    return exchange("write " + mainFile, remote -> {
      try (RemoteLock lock = remote.lock()) {
        Map<String, byte[]> now = remote.current();
        remote.removeLeftovers(now.keySet());
        String actual = IscConfigStore.fingerprint(now);
        if (!actual.equals(expectedFingerprint)) {
          throw new ConflictException(server, expectedFingerprint, actual);
        }
        Map<String, byte[]> written = new LinkedHashMap<>();
        List<Target> changed = changed(config, now, written);
        if (changed.isEmpty()) {
          return actual;
        }
        List<String> temps = new ArrayList<>();
        try {
          for (Target t : changed) {
            t.temp = remote.temporary(t.path, t.bytes, temps);
          }
          remote.validate(config, changed, temps);
          String stamp = StoreFiles.stamp(clock.instant());
          for (Target t : changed) {
            remote.backup(t.path, stamp);
          }
          remote.requireUnchanged(now, expectedFingerprint);
          changed.sort((a, b) -> Boolean.compare(a.main, b.main));
          Set<String> dirs = new LinkedHashSet<>();
          for (Target t : changed) {
            remote.rename(t.temp, t.path);
            temps.remove(t.temp);
            dirs.add(parent(t.path));
          }
          remote.sync(dirs);
          for (Target t : changed) {
            remote.prune(t.path);
          }
        } finally {
          remote.removeQuietly(temps);
        }
        String fingerprint = IscConfigStore.fingerprint(written);
        LOG.info("wrote {} on {} ({} file(s) changed), fingerprint {}", mainFile, server, changed.size(), fingerprint);
        return fingerprint;
      }
    });
  }

  /**
   * Runs the server's {@code dhcpd -t} on {@code config} as {@link #write} would (changed files as
   * temporary files beside the originals, removed afterwards); writes nothing in place.
   */
  @Override
  public void check(IscConfig config) {
    Objects.requireNonNull(config, "config");
    exchange("check " + mainFile, remote -> {
      try (RemoteLock lock = remote.lock()) {
        Map<String, byte[]> now = remote.current();
        remote.removeLeftovers(now.keySet());
        List<Target> changed = changed(config, now, new LinkedHashMap<>());
        if (changed.isEmpty()) {
          return null;
        }
        List<String> temps = new ArrayList<>();
        try {
          for (Target t : changed) {
            t.temp = remote.temporary(t.path, t.bytes, temps);
          }
          remote.validate(config, changed, temps);
        } finally {
          remote.removeQuietly(temps);
        }
        return null;
      }
    });
  }

  /**
   * Runs a command on the server (bounded by the store's timeout) and returns its exit status and
   * output; the command must carry no secret.
   *
   * @param command the command line, run by the login shell of the SSH user
   * @return the exit status and the output (standard output and error, at most 256 KiB)
   */
  public CommandResult run(String command) {
    Objects.requireNonNull(command, "command");
    return exchange("run a command", remote -> remote.exec(command));
  }

  /**
   * Puts a backup made by an earlier write back in place of the main file (atomically, over SFTP),
   * keeping the current main file as a backup too.
   *
   * @param backupName the backup's file name (in the main file's directory)
   */
  public void restore(String backupName) {
    if (!StoreFiles.isBackup(name(mainFile), backupName)) {
      throw new IllegalArgumentException("not a backup of " + mainFile + ": " + backupName);
    }
    exchange("restore " + mainFile, remote -> {
      try (RemoteLock lock = remote.lock()) {
        String backup = directory + "/" + backupName;
        byte[] bytes = remote.readFile(backup);
        List<String> temps = new ArrayList<>();
        try {
          String temp = remote.temporary(mainFile, bytes, temps);
          remote.backup(mainFile, StoreFiles.stamp(clock.instant()));
          remote.rename(temp, mainFile);
          temps.remove(temp);
          remote.sync(Set.of(directory));
        } finally {
          remote.removeQuietly(temps);
        }
        LOG.info("restored {} on {} from {}", mainFile, server, backupName);
        return null;
      }
    });
  }

  /**
   * The result of a command on the server.
   *
   * @param exitCode the exit status
   * @param output standard output and error together
   */
  public record CommandResult(int exitCode, String output) {}

  /** Closes the SSH client. */
  @Override
  public void close() {
    login.close();
  }

  @Override
  public String toString() {
    return "SshConfigStore[" + login + ", " + mainFile + ", checked by " + dhcpd + "]";
  }

  private interface Body<T> {
    T run(Remote remote) throws IOException;
  }

  /** One exchange: a session and an SFTP channel, closed by the watchdog when the time is up. */
  private <T> T exchange(String what, Body<T> body) {
    long started = System.nanoTime();
    ClientSession session = login.open();
    AtomicBoolean expired = new AtomicBoolean();
    ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
      expired.set(true);
      session.close(true);
    }, Math.max(1, timeout.toNanos() - (System.nanoTime() - started)), TimeUnit.NANOSECONDS);
    try (session; SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
      return body.run(new Remote(session, sftp));
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      if (expired.get()) {
        throw new BackendException(BackendException.Kind.TRANSPORT, server, "no answer within " + Texts.duration(timeout) + " to "
            + what + " over SSH; the connection was closed (files not yet renamed are as they were)", "timeout",
            true, e);
      }
      throw BackendException.transport(server, "SSH exchange to " + what + " on " + login.target() + " failed: "
          + dev.failover.spi.Texts.failure(e instanceof UncheckedIOException u ? u.getCause() : e), e);
    } finally {
      watchdog.cancel(false);
    }
  }

  private static final class Target {
    final String path;
    final String name;
    final byte[] bytes;
    final boolean main;
    String temp;

    Target(String name, String path, byte[] bytes, boolean main) {
      this.name = name;
      this.path = path;
      this.bytes = bytes;
      this.main = main;
    }
  }

  private List<Target> changed(IscConfig config, Map<String, byte[]> now, Map<String, byte[]> written) {
    List<Target> changed = new ArrayList<>();
    boolean first = true;
    for (Map.Entry<String, String> f : config.renderFiles().entrySet()) {
      String key = first ? mainFile : f.getKey();
      String path = first ? mainFile : resolve(f.getKey());
      byte[] bytes = IscConfig.encode(f.getValue());
      if (bytes.length > maxFileBytes) {
        throw BackendException.rejected(server, "the file " + path + " would be " + bytes.length
            + " bytes, more than the limit of " + maxFileBytes, "too large");
      }
      written.put(key, bytes);
      if (!Arrays.equals(bytes, now.get(key))) {
        changed.add(new Target(f.getKey(), path, bytes, first));
      }
      first = false;
    }
    return changed;
  }

  private String resolve(String includeName) {
    String p = includeName.startsWith("/") ? includeName : directory + "/" + includeName;
    return requirePath(p);
  }

  private String requirePath(String p) {
    if (!PATH.matcher(p).matches() || p.contains("/../") || p.endsWith("/..")) {
      throw BackendException.rejected(server, "the path " + p + " is not one this store writes over SSH (absolute,"
          + " letters, digits and . _ / + @ : , = - only, no ..)", "path");
    }
    return p;
  }

  private static String parent(String path) {
    int i = path.lastIndexOf('/');
    return i <= 0 ? "/" : path.substring(0, i);
  }

  private static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** A path in single quotes for the server's shell (paths are checked against {@link #PATH} first). */
  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** The lock: an exec channel running {@code flock}, open until the write ends. */
  private static final class RemoteLock implements AutoCloseable {
    private final ChannelExec channel;

    RemoteLock(ChannelExec channel) {
      this.channel = channel;
    }

    /** Ends {@code cat}'s input (flock then exits, releasing the lock) and closes the channel. */
    @Override
    public void close() {
      try {
        channel.getInvertedIn().close();
        channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED, ClientChannelEvent.EXIT_STATUS), Duration.ofSeconds(5));
      } catch (IOException | RuntimeException e) {
        LOG.debug("the lock channel ended abruptly (the server releases the lock with it): {}", e.toString());
      } finally {
        channel.close(true);
      }
    }
  }

  /** What one exchange does on the server. */
  private final class Remote {
    private final ClientSession session;
    private final SftpClient sftp;

    Remote(ClientSession session, SftpClient sftp) {
      this.session = session;
      this.sftp = sftp;
    }

    IscConfig readInto(Map<String, byte[]> bytes) throws IOException {
      byte[] main = readFile(mainFile);
      bytes.put(mainFile, main);
      return IscConfig.parse(mainFile, IscConfig.decode(main), name -> {
        try {
          if (bytes.size() >= MAX_FILES) {
            throw BackendException.rejected(server, mainFile + " includes more than " + MAX_FILES + " files",
                "too many includes");
          }
          Optional<byte[]> b = readIfFile(resolve(name));
          b.ifPresent(x -> bytes.put(name, x));
          return b.map(IscConfig::decode);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }

    /** The files as they are now; a text that no longer parses has the fingerprint of its main file. */
    Map<String, byte[]> current() throws IOException {
      Map<String, byte[]> bytes = new LinkedHashMap<>();
      try {
        readInto(bytes);
      } catch (IscConfigException e) {
        bytes.keySet().retainAll(List.of(mainFile));
      }
      return bytes;
    }

    byte[] readFile(String path) throws IOException {
      return readIfFile(path).orElseThrow(() -> new IOException(path + " does not exist or is not a regular file"));
    }

    Optional<byte[]> readIfFile(String path) throws IOException {
      SftpClient.Attributes a;
      try {
        a = sftp.stat(path);
      } catch (SftpException e) {
        if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
          return Optional.empty();
        }
        throw e;
      }
      if (!a.isRegularFile()) {
        return Optional.empty();
      }
      if (a.getSize() > maxFileBytes) {
        throw BackendException.rejected(server, path + " is " + a.getSize() + " bytes, more than the limit of "
            + maxFileBytes + "; it was not read", "too large");
      }
      try (InputStream in = sftp.read(path)) {
        byte[] b = in.readNBytes(maxFileBytes + 1);
        if (b.length > maxFileBytes) {
          throw BackendException.rejected(server, path + " grew past the limit of " + maxFileBytes
              + " bytes while it was read", "too large");
        }
        return Optional.of(b);
      }
    }

    String temporary(String target, byte[] bytes, List<String> temps) throws IOException {
      byte[] random = new byte[6];
      RANDOM.nextBytes(random);
      String temp = parent(target) + "/." + name(target) + "." + HexFormat.of().formatHex(random) + ".tmp";
      temps.add(temp);
      try (SftpClient.CloseableHandle h = sftp.open(temp, EnumSet.of(SftpClient.OpenMode.Write,
          SftpClient.OpenMode.Create, SftpClient.OpenMode.Exclusive))) {
        int chunk = 32 * 1024;
        for (int off = 0; off < bytes.length; off += chunk) {
          sftp.write(h, off, bytes, off, Math.min(chunk, bytes.length - off));
        }
        OpenSSHFsyncExtension fsync = sftp.getExtension(OpenSSHFsyncExtension.class);
        if (fsync != null && fsync.isSupported()) {
          fsync.fsync(h);
        } else {
          mustExec("sync -- " + quote(temp), "force " + temp + " to disk");
        }
      }
      try {
        SftpClient.Attributes original = sftp.stat(target);
        SftpClient.Attributes perms = new SftpClient.Attributes();
        perms.setPermissions(original.getPermissions() & 07777);
        sftp.setStat(temp, perms);
      } catch (SftpException e) {
        if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) {
          throw e;
        }
      }
      return temp;
    }

    void validate(IscConfig config, List<Target> changed, List<String> temps) throws IOException {
      Target main = changed.stream().filter(t -> t.main).findFirst().orElse(null);
      IscConfig checked = config;
      for (Target t : changed) {
        if (!t.main) {
          checked = checked.withIncludeRenamed(t.name, t.temp);
        }
      }
      String checkedMain = checked == config && main != null ? main.temp
          : temporary(mainFile, IscConfig.encode(checked.render()), temps);
      CommandResult r = exec("cd " + quote(directory) + " && " + quote(dhcpd) + " -t -cf " + quote(checkedMain));
      if (r.exitCode() == 127 || r.exitCode() == 126) {
        throw BackendException.transport(server, "the server could not run " + dhcpd + " to check the configuration"
            + " (exit " + r.exitCode() + "): " + r.output().strip() + "; nothing was written", null);
      }
      if (r.exitCode() != 0) {
        throw BackendException.rejected(server, LocalFileConfigStore.message(r.output()), "dhcpd -t exit " + r.exitCode());
      }
    }

    void backup(String target, String stamp) throws IOException {
      if (readIfExists(target) == null) {
        return;
      }
      for (int i = 0; i < StoreFiles.BACKUP_ATTEMPTS; i++) {
        String backup = target.substring(0, target.length() - name(target).length())
            + StoreFiles.backupName(name(target), stamp, i);
        if (readIfExists(backup) != null) {
          continue;
        }
        mustExec("ln -- " + quote(target) + " " + quote(backup) + " 2>/dev/null || cp -p -- " + quote(target) + " "
            + quote(backup), "keep a backup of " + target);
        return;
      }
      throw new IOException("no free backup name for " + target + " at " + stamp);
    }

    private SftpClient.Attributes readIfExists(String path) throws IOException {
      try {
        return sftp.lstat(path);
      } catch (SftpException e) {
        if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
          return null;
        }
        throw e;
      }
    }

    void requireUnchanged(Map<String, byte[]> read, String expectedFingerprint) throws IOException {
      StoreFiles.requireUnchanged(server, read, expectedFingerprint,
          name -> readIfFile(name.equals(mainFile) ? mainFile : resolve(name)).orElse(null), this::current);
    }


    void rename(String temp, String target) throws IOException {
      OpenSSHPosixRenameExtension rename = sftp.getExtension(OpenSSHPosixRenameExtension.class);
      if (rename != null && rename.isSupported()) {
        rename.posixRename(temp, target);
      } else {
        mustExec("mv -f -- " + quote(temp) + " " + quote(target), "rename " + temp + " over " + target);
      }
    }

    void sync(Set<String> dirs) throws IOException {
      StringBuilder c = new StringBuilder("sync --");
      dirs.forEach(d -> c.append(' ').append(quote(d)));
      mustExec(c.toString(), "force the directory to disk");
    }

    void prune(String target) {
      try {
        List<String> names = new ArrayList<>();
        for (SftpClient.DirEntry e : sftp.readDir(parent(target))) {
          names.add(e.getFilename());
        }
        for (String surplus : StoreFiles.surplusBackups(name(target), names, backups)) {
          sftp.remove(parent(target) + "/" + surplus);
        }
      } catch (IOException e) {
        LOG.warn("could not prune the backups of {} on {}: {}", target, server, e.toString());
      }
    }


    void removeLeftovers(Set<String> names) {
      Set<String> files = new LinkedHashSet<>();
      files.add(mainFile);
      for (String n : names) {
        files.add(n.equals(mainFile) ? mainFile : resolve(n));
      }
      for (String f : files) {
        String prefix = "." + name(f) + ".";
        try {
          for (SftpClient.DirEntry e : sftp.readDir(parent(f))) {
            String n = e.getFilename();
            if (n.startsWith(prefix) && n.endsWith(".tmp") && e.getAttributes().isRegularFile()) {
              sftp.remove(parent(f) + "/" + n);
              LOG.info("removed {}/{} on {}, left by an earlier write that did not finish", parent(f), n, server);
            }
          }
        } catch (IOException e) {
          LOG.warn("could not remove leftovers of earlier writes beside {} on {}: {}", f, server, e.toString());
        }
      }
    }

    void removeQuietly(List<String> temps) {
      for (String t : temps) {
        try {
          sftp.remove(t);
        } catch (IOException e) {
          LOG.warn("could not remove the temporary file {} on {} (the next write removes it): {}", t, server,
              e.toString());
        }
      }
    }

    RemoteLock lock() throws IOException {
      String lockFile = directory + "/." + name(mainFile) + ".lock";
      long seconds = Math.max(1, lockTimeout.toSeconds());
      ChannelExec channel = session.createExecChannel("flock -x -w " + seconds + " " + quote(lockFile)
          + " sh -c 'echo locked; exec cat >/dev/null'");
      CountDownLatch locked = new CountDownLatch(1);
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      channel.setOut(new OutputStream() {
        private final StringBuilder seen = new StringBuilder();

        @Override
        public void write(int b) {
          if (seen.length() < 64) {
            seen.append((char) b);
            if (seen.toString().contains("locked\n")) {
              locked.countDown();
            }
          }
        }
      });
      channel.setErr(new OutputStream() {
        @Override
        public synchronized void write(int b) {
          if (err.size() < 4096) {
            err.write(b);
          }
        }
      });
      boolean ok = false;
      try {
        channel.open().verify(login.connectTimeout());
        long deadline = System.nanoTime() + lockTimeout.toNanos() + TimeUnit.SECONDS.toNanos(5);
        while (!locked.await(50, TimeUnit.MILLISECONDS)) {
          if (channel.isClosed() || channel.getExitStatus() != null) {
            Integer status = channel.getExitStatus();
            throw BackendException.transport(server, status != null && status == 1
                ? "another writer held the lock " + lockFile + " for more than " + Texts.duration(lockTimeout) + "; nothing was done"
                : "could not take the lock " + lockFile + " with flock (exit " + status + "): "
                    + err.toString(StandardCharsets.UTF_8).strip(), null);
          }
          if (System.nanoTime() - deadline > 0) {
            throw BackendException.transport(server, "another writer held the lock " + lockFile + " for more than "
                + Texts.duration(lockTimeout) + "; nothing was done", null);
          }
        }
        ok = true;
        return new RemoteLock(channel);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw BackendException.transport(server, "interrupted while waiting for the lock " + lockFile, e);
      } finally {
        if (!ok) {
          channel.close(true);
        }
      }
    }

    void mustExec(String command, String what) throws IOException {
      CommandResult r = exec(command);
      if (r.exitCode() != 0) {
        throw new IOException("could not " + what + " (exit " + r.exitCode() + "): " + r.output().strip());
      }
    }

    CommandResult exec(String command) throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      OutputStream bounded = new OutputStream() {
        @Override
        public synchronized void write(int b) {
          if (out.size() < MAX_OUTPUT_BYTES) {
            out.write(b);
          }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
          out.write(b, off, Math.max(0, Math.min(len, MAX_OUTPUT_BYTES - out.size())));
        }
      };
      try (ChannelExec channel = session.createExecChannel(command)) {
        channel.setOut(bounded);
        channel.setErr(bounded);
        channel.open().verify(timeout);
        channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
        Integer status = channel.getExitStatus();
        if (status == null) {
          throw new IOException("the command ended without an exit status (the connection closed)");
        }
        synchronized (bounded) {
          return new CommandResult(status, out.toString(StandardCharsets.UTF_8));
        }
      }
    }
  }

  /** Settings of an {@link SshConfigStore}. */
  public static final class Builder {
    private final SshLogin login;
    private final String mainFile;
    private String dhcpd = DEFAULT_DHCPD;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration lockTimeout = DEFAULT_LOCK_TIMEOUT;
    private int maxFileBytes = DEFAULT_MAX_FILE_BYTES;
    private int backups = DEFAULT_BACKUPS;
    private Clock clock = Clock.systemUTC();
    private String server;

    private Builder(SshLogin login, String mainFile) {
      this.login = login;
      this.mainFile = mainFile;
    }

    /**
     * The dhcpd binary on the server that checks a candidate (default /usr/sbin/dhcpd).
     *
     * @param path its absolute path on the server
     * @return this builder
     */
    public Builder dhcpd(String path) {
      this.dhcpd = path;
      return this;
    }

    /**
     * The bound on one whole exchange: connect, login, read or lock, write, check and rename (default 120 s).
     *
     * @param timeout the longest one exchange may take
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * The bound on waiting for another writer's lock (default 60 s; within the exchange's timeout).
     *
     * @param timeout the longest wait for the lock
     * @return this builder
     */
    public Builder lockTimeout(Duration timeout) {
      this.lockTimeout = timeout;
      return this;
    }

    /**
     * The largest file read or written (default 8 MiB).
     *
     * @param bytes the limit in bytes
     * @return this builder
     */
    public Builder maxFileBytes(int bytes) {
      this.maxFileBytes = bytes;
      return this;
    }

    /**
     * How many backups of each file are kept (default 10; at least 1).
     *
     * @param count backups kept per file
     * @return this builder
     */
    public Builder backups(int count) {
      this.backups = count;
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
     * The server's name in errors (default the login's).
     *
     * @param name the server's name
     * @return this builder
     */
    public Builder server(String name) {
      this.server = name;
      return this;
    }

    /** {@return the store, its settings checked} */
    public SshConfigStore build() {
      Violations.collect()
          .check(login != null, "login", "none", "must be given")
          .check(mainFile != null && PATH.matcher(mainFile).matches() && !mainFile.contains("/../")
              && !mainFile.endsWith("/"), "mainFile", mainFile,
              "must be an absolute path of letters, digits and . _ / + @ : , = - (no ..)")
          .check(dhcpd != null && PATH.matcher(dhcpd).matches(), "dhcpd", dhcpd, "must be an absolute path")
          .check(timeout != null && !timeout.isNegative() && !timeout.isZero(), "timeout", timeout, "must be positive")
          .check(lockTimeout != null && !lockTimeout.isNegative() && !lockTimeout.isZero()
              && (timeout == null || lockTimeout.compareTo(timeout) < 0), "lockTimeout", lockTimeout,
              "must be positive and shorter than the exchange's timeout")
          .check(maxFileBytes >= 1024, "maxFileBytes", maxFileBytes, "must be at least 1024")
          .check(backups >= 1, "backups", backups, "must be at least 1")
          .check(server == null || !server.isBlank(), "server", server, "must not be blank")
          .throwIfAny("SSH config store");
      return new SshConfigStore(this);
    }
  }
}
