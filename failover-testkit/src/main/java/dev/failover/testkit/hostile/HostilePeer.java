package dev.failover.testkit.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP peer on 127.0.0.1 and an ephemeral port that answers every connection in one hostile way,
 * named by its factory:
 *
 * <ul>
 *   <li>{@link #dripping}: sends a first part at once (say HTTP headers), then one filler byte
 *       per interval, never finishing: a client whose timeout counts only the wait for the next
 *       byte waits for ever;</li>
 *   <li>{@link #endless}: sends a first part, then filler bytes as fast as the client takes them,
 *       never finishing: a client without a size limit fills its memory.</li>
 * </ul>
 *
 * Whatever the client sends is read and discarded. Every connection ends when the client closes
 * it, when the peer is closed, or after {@link #DEFAULT_LIFETIME} (so a test that goes wrong
 * still ends); {@link #bytesSent()} says how much the peer sent in all.
 *
 * <pre>{@code
 * try (HostilePeer peer = HostilePeer.dripping(HostilePeer.httpHeaders(1_000_000), (byte) ' ', Duration.ofSeconds(2))) {
 *   … point the client at peer.port() …
 * }
 * }</pre>
 */
public final class HostilePeer implements AutoCloseable {

  /** How long one connection lasts at most. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(3);

  private final byte[] first;
  private final byte filler;
  private final Duration interval;
  private final ServerSocket listener;
  private final List<Socket> sockets = new ArrayList<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicInteger connections = new AtomicInteger();
  private final CountDownLatch closed = new CountDownLatch(1);

  private HostilePeer(byte[] first, byte filler, Duration interval) throws IOException {
    this.first = first.clone();
    this.filler = filler;
    this.interval = interval;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "hostile-peer-accept-" + listener.getLocalPort());
    accept.setDaemon(true);
    accept.start();
  }

  /**
   * Sends {@code first} at once, then one {@code filler} byte every {@code interval}, never ending.
   *
   * @param first the bytes sent at once
   * @param filler the byte dripped
   * @param interval the time between two bytes
   * @return the running peer; close it to stop it
   * @throws IOException when the port cannot be opened
   */
  public static HostilePeer dripping(byte[] first, byte filler, Duration interval) throws IOException {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the drip interval must be positive, was " + interval);
    }
    return new HostilePeer(first, filler, interval);
  }

  /**
   * Sends {@code first} at once, then {@code filler} bytes as fast as the client reads, never ending.
   *
   * @param first the bytes sent at once
   * @param filler the byte repeated
   * @return the running peer; close it to stop it
   * @throws IOException when the port cannot be opened
   */
  public static HostilePeer endless(byte[] first, byte filler) throws IOException {
    return new HostilePeer(first, filler, Duration.ZERO);
  }

  /**
   * {@return the head of an HTTP/1.1 200 answer with a JSON content type and the given
   * {@code Content-Length}, or without one (and with {@code Connection: close}) when it is negative}
   *
   * @param contentLength the length announced; negative for none
   */
  public static byte[] httpHeaders(long contentLength) {
    String length = contentLength >= 0 ? "Content-Length: " + contentLength + "\r\n" : "Connection: close\r\n";
    return ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + length + "\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** {@return the address the peer listens on (loopback)} */
  public String host() {
    return listener.getInetAddress().getHostAddress();
  }

  /** {@return the port the peer listens on} */
  public int port() {
    return listener.getLocalPort();
  }

  /** {@return bytes sent to all clients so far} */
  public long bytesSent() {
    return sent.get();
  }

  /** {@return connections accepted so far} */
  public int connections() {
    return connections.get();
  }

  private void accept() {
    while (closed.getCount() > 0) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        return;
      }
      connections.incrementAndGet();
      synchronized (sockets) {
        sockets.add(socket);
      }
      Thread drain = new Thread(() -> drain(socket), "hostile-peer-drain-" + port());
      drain.setDaemon(true);
      drain.start();
      Thread send = new Thread(() -> send(socket), "hostile-peer-send-" + port());
      send.setDaemon(true);
      send.start();
    }
  }

  private static void drain(Socket socket) {
    byte[] buffer = new byte[8192];
    try (InputStream in = socket.getInputStream()) {
      while (in.read(buffer) >= 0) {
        // discarded
      }
    } catch (IOException e) {
      // the client or the peer closed the connection
    }
  }

  private void send(Socket socket) {
    long deadline = System.nanoTime() + DEFAULT_LIFETIME.toNanos();
    try {
      OutputStream out = socket.getOutputStream();
      out.write(first);
      out.flush();
      sent.addAndGet(first.length);
      byte[] chunk = new byte[interval.isZero() ? 64 * 1024 : 1];
      Arrays.fill(chunk, filler);
      while (System.nanoTime() - deadline < 0) {
        if (!interval.isZero() && closed.await(interval.toNanos(), TimeUnit.NANOSECONDS)) {
          return;
        }
        out.write(chunk);
        out.flush();
        sent.addAndGet(chunk.length);
      }
    } catch (SocketException e) {
      // the client gave up: what the test wants
    } catch (IOException e) {
      // as above
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        socket.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }

  @Override
  public void close() {
    closed.countDown();
    try {
      listener.close();
    } catch (IOException e) {
      // closing anyway
    }
    synchronized (sockets) {
      for (Socket s : sockets) {
        try {
          s.close();
        } catch (IOException e) {
          // closing anyway
        }
      }
    }
  }

  @Override
  public String toString() {
    return "HostilePeer[" + host() + ":" + port() + (interval.isZero() ? ", endless" : ", dripping every " + interval)
        + "]";
  }
}
