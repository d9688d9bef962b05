package dev.failover.kea;

import dev.failover.errors.ConflictException;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock an apply holds on one Kea server from its guard {@code config-get} to the
 * {@code config-get} that reads its result back. Kea has no compare-and-set, so two writers that
 * both read the same configuration would both set theirs, the later one silently replacing the
 * earlier. Held in this JVM (one lock per endpoint, whatever the backend instance) and, through
 * an OS file lock in the temporary directory ({@code failover-kea-locks/<hash of the endpoint>.lock},
 * an empty file per endpoint, never deleted: deleting a lock file races), by every program on this machine. Writers on other
 * machines are found by the read-back instead ({@link KeaBackend#apply}).
 */
final class WriteLock implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WriteLock.class);
  private static final ConcurrentMap<String, ReentrantLock> LOCAL = new ConcurrentHashMap<>();
  private static final long POLL_MILLIS = 20;

  private final ReentrantLock local;
  private final FileChannel channel;
  private final FileLock file;

  private WriteLock(ReentrantLock local, FileChannel channel, FileLock file) {
    this.local = local;
    this.channel = channel;
    this.file = file;
  }

  /**
   * Takes the lock of the server at {@code endpoint}, waiting at most {@code wait} for another
   * apply to finish.
   *
   * @throws ConflictException when another apply held it all that time
   */
  static WriteLock acquire(String server, URI endpoint, Duration wait) {
    String key = key(endpoint);
    ReentrantLock local = LOCAL.computeIfAbsent(key, k -> new ReentrantLock());
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      if (!local.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw busy(server, wait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConflictException(server, "interrupted while waiting for another apply to this server to finish");
    }
    if (local.getHoldCount() > 1) {
      // the same thread again (an undo inside a failed apply): the file lock is held already
      return new WriteLock(local, null, null);
    }
    Path path = Path.of(System.getProperty("java.io.tmpdir"), "failover-kea-locks", hash(key) + ".lock");
    FileChannel channel;
    try {
      java.nio.file.Files.createDirectories(path.getParent());
      channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.warn("kea {}: cannot open the lock file {} ({}): applies from other programs on this machine are"
          + " found only by the read-back", server, path, e.getMessage());
      return new WriteLock(local, null, null);
    }
    try {
      for (long polls = 0; ; polls++) {
        FileLock lock = channel.tryLock();
        if (lock != null) {
          return new WriteLock(local, channel, lock);
        }
        if (System.nanoTime() > deadline || polls > wait.toMillis() / POLL_MILLIS + 1) {
          throw busy(server, wait);
        }
        TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
      }
    } catch (IOException | OverlappingFileLockException e) {
      LOG.warn("kea {}: cannot lock {} ({}): applies from other programs on this machine are found only by the"
          + " read-back", server, path, e.toString());
      closeQuietly(channel);
      return new WriteLock(local, null, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(channel);
      local.unlock();
      throw new ConflictException(server, "interrupted while waiting for another apply to this server to finish");
    } catch (RuntimeException e) {
      closeQuietly(channel);
      local.unlock();
      throw e;
    }
  }

  private static ConflictException busy(String server, Duration wait) {
    return new ConflictException(server, "another apply to this server (from this or another program on this"
        + " machine) has been changing it for more than " + wait.toSeconds() + " s");
  }

  private static String key(URI endpoint) {
    String host = endpoint.getHost() == null ? "" : endpoint.getHost().toLowerCase(Locale.ROOT);
    return endpoint.getScheme().toLowerCase(Locale.ROOT) + "://" + host + ":" + endpoint.getPort()
        + (endpoint.getRawPath() == null ? "" : endpoint.getRawPath());
  }

  private static String hash(String key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("closing a lock file: {}", e.toString());
    }
  }

  @Override
  public void close() {
    try {
      if (file != null) {
        file.release();
      }
    } catch (IOException e) {
      LOG.debug("releasing a lock file: {}", e.toString());
    } finally {
      if (channel != null) {
        closeQuietly(channel);
      }
      local.unlock();
    }
  }
}
