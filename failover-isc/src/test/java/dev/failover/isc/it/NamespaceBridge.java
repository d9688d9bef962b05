package dev.failover.isc.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A way from the test JVM into a TCP port that listens on 127.0.0.1 inside a network namespace
 * (dhcpd's OMAPI on 127.0.0.1:7911 of its namespace), keeping every packet on loopback:
 * <ol>
 *   <li>{@code ip netns exec NS socat UNIX-LISTEN:DIR/x.sock,fork TCP4:127.0.0.1:PORT} runs
 *       inside the namespace; a path-named Unix socket is reachable from every namespace,
 *       TCP is not;</li>
 *   <li>the JVM listens on 127.0.0.1 with an ephemeral port and relays each connection to
 *       that Unix socket.</li>
 * </ol>
 * So the client under test connects over real TCP to 127.0.0.1:{@link #port()}, and the bytes
 * reach 127.0.0.1:PORT inside the namespace. No route, address or interface is added to the
 * host's own namespace. The socat process and its per-connection children are the only
 * processes this starts; {@link #close()} stops them by PID.
 */
final class NamespaceBridge implements AutoCloseable {

  private static final int MAX_CONNECTIONS = 16;

  private final Process socat;
  private final ServerSocket listener;
  private final Path unixSocket;
  private final ExecutorService pumps = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "netns-bridge");
    t.setDaemon(true);
    return t;
  });
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private NamespaceBridge(Process socat, Path unixSocket) throws IOException {
    this.socat = socat;
    this.unixSocket = unixSocket;
    this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    pumps.execute(this::acceptLoop);
  }

  /**
   * Starts the relay to {@code 127.0.0.1:port} inside {@code namespace}; waits (at most
   * {@code timeout}) for socat's Unix socket to appear.
   */
  static NamespaceBridge open(String namespace, int port, Path unixSocket, Path socatLog, Duration timeout)
      throws IOException, InterruptedException {
    Process socat = new ProcessBuilder(List.of("ip", "netns", "exec", namespace, "socat",
        "UNIX-LISTEN:" + unixSocket + ",fork,unlink-early,mode=600", "TCP4:127.0.0.1:" + port))
        .redirectErrorStream(true).redirectOutput(socatLog.toFile()).start();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!Files.exists(unixSocket)) {
      if (!socat.isAlive()) {
        throw new IllegalStateException("socat in namespace " + namespace + " exited with " + socat.exitValue()
            + ": " + Files.readString(socatLog));
      }
      if (System.nanoTime() > deadline) {
        stop(socat);
        throw new IllegalStateException("socat in namespace " + namespace + " did not create " + unixSocket
            + " within " + timeout);
      }
      Thread.sleep(20);
    }
    try {
      return new NamespaceBridge(socat, unixSocket);
    } catch (IOException e) {
      stop(socat);
      throw e;
    }
  }

  /** The port on 127.0.0.1 that leads into the namespace. */
  int port() {
    return listener.getLocalPort();
  }

  /** The socat process inside the namespace. */
  long socatPid() {
    return socat.pid();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket tcp;
      try {
        tcp = listener.accept();
      } catch (IOException e) {
        return;
      }
      if (links.size() >= MAX_CONNECTIONS) {
        closeQuietly(tcp);
        continue;
      }
      try {
        SocketChannel unix = SocketChannel.open(StandardProtocolFamily.UNIX);
        unix.connect(UnixDomainSocketAddress.of(unixSocket));
        Link link = new Link(tcp, unix);
        links.add(link);
        pumps.execute(link::inbound);
        pumps.execute(link::outbound);
      } catch (IOException | RuntimeException e) {
        closeQuietly(tcp);
      }
    }
  }

  /** One relayed connection: two pumps, closed when both have finished or one failed. */
  private final class Link {
    private final Socket tcp;
    private final SocketChannel unix;
    private final AtomicInteger running = new AtomicInteger(2);

    Link(Socket tcp, SocketChannel unix) {
      this.tcp = tcp;
      this.unix = unix;
    }

    void inbound() {
      try {
        InputStream in = tcp.getInputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
          ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
          while (b.hasRemaining()) {
            unix.write(b);
          }
        }
        unix.shutdownOutput();
        done();
      } catch (IOException e) {
        abort();
      }
    }

    void outbound() {
      try {
        Channels.newInputStream(unix).transferTo(tcp.getOutputStream());
        tcp.shutdownOutput();
        done();
      } catch (IOException e) {
        abort();
      }
    }

    private void done() {
      if (running.decrementAndGet() == 0) {
        abort();
      }
    }

    void abort() {
      closeQuietly(tcp);
      closeQuietly(unix);
      links.remove(this);
    }
  }

  /** Closes every relayed connection and stops socat; bounded, and complete even when interrupted. */
  @Override
  public void close() {
    closed = true;
    closeQuietly(listener);
    for (Link link : links) {
      link.abort();
    }
    pumps.shutdownNow();
    boolean interrupted = false;
    try {
      pumps.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      interrupted = true;
    }
    try {
      stop(socat);
    } catch (InterruptedException e) {
      interrupted = true;
      socat.descendants().forEach(ProcessHandle::destroyForcibly);
      socat.destroyForcibly();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops socat's per-connection children, then socat itself, by PID; bounded. */
  static void stop(Process process) throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // closing on the way out; nothing left to do with the error
    }
  }
}
