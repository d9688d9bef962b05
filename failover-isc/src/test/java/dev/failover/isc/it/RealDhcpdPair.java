package dev.failover.isc.it;

import dev.failover.isc.omapi.ImmutableOmapiEndpoint;
import dev.failover.isc.omapi.OmapiEndpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real ISC dhcpd 4.4 failover pair for integration tests, built as
 * {@code shared/reference/real-servers.md} describes: two network namespaces joined by a veth
 * pair (primary 192.0.2.1, secondary 192.0.2.2, failover port 647), one {@code dhcpd -f -d} in
 * each with a failover peer {@code fo1}, subnet 192.0.2.0/24 with a pool referring to it, and
 * {@code omapi-port 7911}. OMAPI is reached from the JVM through a {@link NamespaceBridge}
 * (127.0.0.1 on an ephemeral port, relayed into 127.0.0.1:7911 of the namespace).
 *
 * <p>Names carry this JVM's PID and a counter ({@code fo<pid>-<n>a}, veth {@code fv<pid>a<n>}),
 * so parallel runs do not collide. {@link #close()} stops every process it started (by PID),
 * deletes both namespaces (which removes the veth pair) and the temporary directory, also when
 * the pair failed half-way; a shutdown hook does the same if a test run is killed.
 *
 * <p>Nothing here skips: when the namespaces or servers cannot be created, the harness throws
 * with the command's own output, and the test fails.
 */
public final class RealDhcpdPair implements AutoCloseable {

  /** The failover peer's name in both configurations. */
  public static final String PEER = "fo1";
  /** The OMAPI port inside each namespace. */
  public static final int OMAPI_PORT = 7911;
  /** The log line that says the pair is in service. */
  public static final String BOTH_NORMAL = "failover peer " + PEER + ": Both servers normal";

  /** Which server of the pair. */
  public enum Side {
    PRIMARY("a", "192.0.2.1", "192.0.2.2"),
    SECONDARY("b", "192.0.2.2", "192.0.2.1");

    final String letter;
    final String address;
    final String peerAddress;

    Side(String letter, String address, String peerAddress) {
      this.letter = letter;
      this.address = address;
      this.peerAddress = peerAddress;
    }

    /** The other server. */
    public Side other() {
      return this == PRIMARY ? SECONDARY : PRIMARY;
    }
  }

  /**
   * An OMAPI key for both servers' configurations.
   *
   * @param name the key name
   * @param base64Secret the secret as written in dhcpd.conf
   * @param primaryAlgorithm how the primary's configuration spells the algorithm
   * @param secondaryAlgorithm how the secondary's configuration spells it
   */
  public record Key(String name, String base64Secret, String primaryAlgorithm, String secondaryAlgorithm) {}

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final Pattern KEY_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final String id;
  private final Path dir;
  private final Optional<Key> key;
  private final Deque<String> createdNamespaces = new ArrayDeque<>();
  private final Server[] servers = new Server[2];
  private final NamespaceBridge[] bridges = new NamespaceBridge[2];
  private final Thread shutdownHook;
  private long startedAt;
  private boolean closed;

  private RealDhcpdPair(Optional<Key> key) throws IOException {
    this.key = key;
    long pid = ProcessHandle.current().pid();
    this.id = pid + "-" + COUNTER.incrementAndGet();
    this.dir = Files.createTempDirectory("dhcpd-pair-" + id + "-");
    this.shutdownHook = new Thread(this::closeQuietly, "dhcpd-pair-cleanup-" + id);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Creates the namespaces, the veth pair and both configurations, without starting dhcpd.
   *
   * @param key an OMAPI key for both servers ({@code key} statement and {@code omapi-key}), or empty
   */
  public static RealDhcpdPair create(Optional<Key> key) throws IOException, InterruptedException {
    key.ifPresent(k -> {
      if (!KEY_NAME.matcher(k.name()).matches() || !BASE64.matcher(k.base64Secret()).matches()
          || !KEY_NAME.matcher(k.primaryAlgorithm()).matches() || !KEY_NAME.matcher(k.secondaryAlgorithm()).matches()) {
        throw new IllegalArgumentException("the key's name, secret and algorithms must be plain tokens");
      }
    });
    requireTools();
    RealDhcpdPair pair = new RealDhcpdPair(key);
    try {
      pair.createNetwork();
      for (Side side : Side.values()) {
        Files.writeString(pair.config(side), pair.configText(side));
        Files.writeString(pair.dir.resolve(side.name().toLowerCase() + ".leases"), "");
      }
      return pair;
    } catch (IOException | InterruptedException | RuntimeException e) {
      pair.closeQuietly();
      throw e;
    }
  }

  /** Fails early and clearly when a tool is missing (scripts/ensure-dhcp-servers.sh installs them). */
  private static void requireTools() {
    String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    for (String tool : List.of("ip", "dhcpd", "socat")) {
      if (Stream.of(path.split(":")).map(d -> Path.of(d, tool)).noneMatch(Files::isExecutable)) {
        throw new IllegalStateException(tool + " is not installed or not on PATH (" + path + "); run "
            + "scripts/ensure-dhcp-servers.sh as root (the build runs it before the integration tests)");
      }
    }
  }

  /** The namespace a side's dhcpd runs in. */
  public String namespace(Side side) {
    return "fo" + id + side.letter;
  }

  private String veth(Side side) {
    return "fv" + id.replace("-", side.letter);
  }

  /** The configuration file of a side. */
  public Path config(Side side) {
    return dir.resolve(side.name().toLowerCase() + ".conf");
  }

  private void createNetwork() throws IOException, InterruptedException {
    for (Side side : Side.values()) {
      String ns = namespace(side);
      if (run(List.of("ip", "netns", "list")).output().lines().anyMatch(l -> l.split(" ")[0].equals(ns))) {
        // left by an earlier JVM that had this PID and died before cleaning up: it is ours to remove
        mustRun(List.of("ip", "netns", "del", ns));
      }
      mustRun(List.of("ip", "netns", "add", ns));
      createdNamespaces.push(ns);
    }
    String a = namespace(Side.PRIMARY);
    String b = namespace(Side.SECONDARY);
    String va = veth(Side.PRIMARY);
    String vb = veth(Side.SECONDARY);
    mustRun(List.of("ip", "-n", a, "link", "add", va, "type", "veth", "peer", "name", vb, "netns", b));
    for (Side side : Side.values()) {
      String ns = namespace(side);
      mustRun(List.of("ip", "-n", ns, "addr", "add", side.address + "/24", "dev", veth(side)));
      mustRun(List.of("ip", "-n", ns, "link", "set", veth(side), "up"));
      mustRun(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
    }
  }

  /** The configuration of a side: what real-servers.md describes, plus the optional key. */
  String configText(Side side) {
    StringBuilder c = new StringBuilder();
    c.append("# written by RealDhcpdPair for an integration test\n");
    c.append("omapi-port ").append(OMAPI_PORT).append(";\n");
    key.ifPresent(k -> c.append("key ").append(k.name()).append(" {\n")
        .append("  algorithm ").append(side == Side.PRIMARY ? k.primaryAlgorithm() : k.secondaryAlgorithm())
        .append(";\n")
        .append("  secret \"").append(k.base64Secret()).append("\";\n")
        .append("}\n")
        .append("omapi-key ").append(k.name()).append(";\n"));
    c.append(failoverPeerAndSubnet(side == Side.PRIMARY, side.address, side.peerAddress, 60, 3600));
    return c.toString();
  }

  /**
   * The failover declaration and the subnet of real-servers.md's pair as one side writes them: peer
   * {@value #PEER} on port 647 with the timers given ({@code mclt} and {@code split 128} on the
   * primary only), subnet 192.0.2.0/24 with a pool 192.0.2.100–200 referring to it. Both real pairs
   * ({@link RealSshDhcpdPair} too) write it.
   */
  static String failoverPeerAndSubnet(boolean primary, String address, String peerAddress, int maxResponseDelay,
      int mclt) {
    StringBuilder c = new StringBuilder();
    c.append("failover peer \"").append(PEER).append("\" {\n");
    c.append("  ").append(primary ? "primary" : "secondary").append(";\n");
    c.append("  address ").append(address).append(";\n");
    c.append("  port 647;\n");
    c.append("  peer address ").append(peerAddress).append(";\n");
    c.append("  peer port 647;\n");
    c.append("  max-response-delay ").append(maxResponseDelay).append(";\n");
    c.append("  max-unacked-updates 10;\n");
    if (primary) {
      c.append("  mclt ").append(mclt).append(";\n");
      c.append("  split 128;\n");
    }
    c.append("  load balance max seconds 3;\n");
    c.append("}\n");
    c.append("subnet 192.0.2.0 netmask 255.255.255.0 {\n");
    c.append("  pool {\n");
    c.append("    failover peer \"").append(PEER).append("\";\n");
    c.append("    range 192.0.2.100 192.0.2.200;\n");
    c.append("  }\n");
    c.append("}\n");
    return c.toString();
  }

  /** {@code dhcpd -t -cf FILE}: dhcpd's own offline check of a configuration. */
  public CommandResult checkConfig(Side side) throws IOException, InterruptedException {
    return run(List.of("dhcpd", "-t", "-cf", config(side).toString()));
  }

  /** Starts dhcpd in both namespaces and the OMAPI bridges into them. */
  public void start() throws IOException, InterruptedException {
    startedAt = System.nanoTime();
    for (Side side : Side.values()) {
      startServer(side);
    }
    for (Side side : Side.values()) {
      bridges[side.ordinal()] = NamespaceBridge.open(namespace(side), OMAPI_PORT,
          dir.resolve(side.letter + "-omapi.sock"), dir.resolve(side.name().toLowerCase() + "-socat.log"),
          Duration.ofSeconds(10));
    }
  }

  /**
   * Starts one side's dhcpd alone, or again after {@link #stop(Side)} (on its configuration file
   * as it is now), without the OMAPI bridges; its log starts empty.
   */
  public void start(Side side) throws IOException {
    Server running = servers[side.ordinal()];
    if (running != null && running.process.isAlive()) {
      throw new IllegalStateException("dhcpd " + side.name().toLowerCase() + " runs already");
    }
    if (startedAt == 0) {
      startedAt = System.nanoTime();
    }
    startServer(side);
  }

  private void startServer(Side side) throws IOException {
    String name = side.name().toLowerCase();
    Process p = new ProcessBuilder(List.of("ip", "netns", "exec", namespace(side), "dhcpd", "-f", "-d",
        "-cf", config(side).toString(), "-lf", dir.resolve(name + ".leases").toString(),
        "-pf", pidFile(side).toString(), veth(side)))
        .redirectErrorStream(true).start();
    servers[side.ordinal()] = new Server(side, p, dir.resolve(name + ".log"));
  }

  /**
   * Waits until both logs say {@value #BOTH_NORMAL} after line {@code fromLine}.
   *
   * @return how long it took since {@link #start()}
   */
  public Duration awaitBothNormal(int fromPrimaryLine, int fromSecondaryLine, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    awaitLog(Side.PRIMARY, fromPrimaryLine, l -> l.contains(BOTH_NORMAL),
        Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    awaitLog(Side.SECONDARY, fromSecondaryLine, l -> l.contains(BOTH_NORMAL),
        Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    return Duration.ofNanos(System.nanoTime() - startedAt);
  }

  /** How many lines a side's log has now: a mark to wait for lines after it. */
  public int mark(Side side) {
    return server(side).lineCount();
  }

  /**
   * Waits for a log line at or after {@code fromLine} that matches; fails with the log's tail
   * when the time is up or dhcpd has exited.
   *
   * @return the line
   */
  public String awaitLog(Side side, int fromLine, Predicate<String> match, Duration timeout)
      throws InterruptedException {
    return server(side).await(fromLine, match, timeout);
  }

  /** A side's log so far (dhcpd's stderr with {@code -d}). */
  public List<String> log(Side side) {
    return server(side).lines();
  }

  /** An OMAPI endpoint reaching a side's dhcpd (127.0.0.1 and the bridge's port), without a key. */
  public ImmutableOmapiEndpoint.Builder omapi(Side side) {
    NamespaceBridge bridge = bridges[side.ordinal()];
    if (bridge == null) {
      throw new IllegalStateException("the pair is not started");
    }
    return OmapiEndpoint.builder().host("127.0.0.1").port(bridge.port()).serverName("dhcpd-" + side.name().toLowerCase())
        .readTimeout(Duration.ofSeconds(10));
  }

  /** Stops one side's dhcpd (SIGTERM, by PID) and waits for it to exit. */
  public void stop(Side side) throws InterruptedException {
    server(side).stop();
  }

  /** The directory holding configurations, lease files, logs and the OMAPI sockets. */
  public Path directory() {
    return dir;
  }

  /** The PID file a side's dhcpd writes. */
  public Path pidFile(Side side) {
    return dir.resolve(side.name().toLowerCase() + ".pid");
  }

  /** The PID of a side's dhcpd (ip netns exec replaces itself with dhcpd, so it is the process we started). */
  public long pid(Side side) {
    return server(side).process.pid();
  }

  private Server server(Side side) {
    Server s = servers[side.ordinal()];
    if (s == null) {
      throw new IllegalStateException("the pair is not started");
    }
    return s;
  }

  /** Stops what it started, deletes the namespaces and the directory; every step runs even if one fails. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    List<Exception> failures = new ArrayList<>();
    for (NamespaceBridge b : bridges) {
      if (b != null) {
        attempt(failures, b::close);
      }
    }
    for (Server s : servers) {
      if (s != null) {
        attempt(failures, s::stop);
      }
    }
    boolean interrupted = Thread.interrupted(); // finish the clean-up first, then restore the flag
    while (!createdNamespaces.isEmpty()) {
      String ns = createdNamespaces.pop();
      attempt(failures, () -> mustRun(List.of("ip", "netns", "del", ns)));
    }
    attempt(failures, () -> deleteTree(dir));
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // called from the hook itself
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (!failures.isEmpty()) {
      IOException e = new IOException("cleaning up dhcpd pair " + id + " failed");
      failures.forEach(e::addSuppressed);
      throw e;
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (IOException e) {
      System.err.println("RealDhcpdPair " + id + ": " + e);
      for (Throwable s : e.getSuppressed()) {
        System.err.println("  " + s);
      }
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private static void attempt(List<Exception> failures, Step step) {
    try {
      step.run();
    } catch (Exception e) {
      failures.add(e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * The result of a command.
   *
   * @param exitCode the exit status
   * @param output stdout and stderr together
   */
  public record CommandResult(int exitCode, String output) {}

  static CommandResult run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] out;
    try (var in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish within " + COMMAND_TIMEOUT);
    }
    return new CommandResult(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  static void mustRun(List<String> command) throws IOException, InterruptedException {
    CommandResult r = run(command);
    if (r.exitCode() != 0) {
      throw new IOException(String.join(" ", command) + " failed with exit " + r.exitCode() + ": " + r.output().strip()
          + " (the dhcpd pair needs root, iproute2 and network namespaces)");
    }
  }

  /** One running dhcpd: its process, a thread reading its log into memory and a file. */
  private static final class Server {
    private final Side side;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;
    private boolean ended;

    Server(Side side, Process process, Path logFile) throws IOException {
      this.side = side;
      this.process = process;
      process.getOutputStream().close();
      Writer file = Files.newBufferedWriter(logFile);
      this.reader = new Thread(() -> read(file), "dhcpd-log-" + side.name().toLowerCase());
      reader.setDaemon(true);
      reader.start();
    }

    private void read(Writer file) {
      try (file; BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          file.write(line);
          file.write('\n');
          file.flush();
          synchronized (this) {
            lines.add(line);
            notifyAll();
          }
        }
      } catch (IOException e) {
        synchronized (this) {
          lines.add("[log reader: " + e + "]");
        }
      } finally {
        synchronized (this) {
          ended = true;
          notifyAll();
        }
      }
    }

    synchronized int lineCount() {
      return lines.size();
    }

    synchronized List<String> lines() {
      return List.copyOf(lines);
    }

    synchronized String await(int from, Predicate<String> match, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      int checked = from;
      while (true) {
        for (; checked < lines.size(); checked++) {
          if (match.test(lines.get(checked))) {
            return lines.get(checked);
          }
        }
        long left = deadline - System.nanoTime();
        if (ended || left <= 0) {
          throw new AssertionError("dhcpd " + side.name().toLowerCase() + (ended ? " exited" : " did not log the line")
              + " within " + timeout + "; its log:\n  " + String.join("\n  ", tail(40)));
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }

    private List<String> tail(int n) {
      return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }

    void stop() throws InterruptedException {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
      }
      reader.join(STOP_TIMEOUT.toMillis());
    }
  }


}
