package dev.failover.kea.it;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.BackendException;
import dev.failover.kea.client.HaHeartbeat;
import dev.failover.kea.client.KeaClient;
import dev.failover.kea.internal.KeaJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Kea 2.2 HA pair on loopback, started by a test and stopped by it: two
 * {@code kea-dhcp4} processes (three with a backup server, {@link Builder#servers}), each behind
 * its own {@code kea-ctrl-agent} on a free 127.0.0.1 port, as
 * {@code shared/reference/real-servers.md} describes. With {@link Builder#dedicatedListeners()}
 * each server runs multi-threaded and its HA hook listens on a port of its own (the peers' URLs),
 * not behind the agent. Everything lives in a
 * temporary directory (configurations, unix control sockets, memfile leases, logs, PID and lock
 * files through {@code KEA_PIDFILE_DIR} / {@code KEA_LOCKFILE_DIR}); the servers listen on no
 * interface. {@link #close()} stops only the processes this pair started, by their PID, and
 * deletes the directory.
 *
 * <p>Kea missing is an error, never a skip: run {@code scripts/ensure-dhcp-servers.sh} as root.
 */
public final class RealKeaPair implements AutoCloseable {

  /** The HA mode of the pair, with the role of server2. */
  public enum Mode {
    HOT_STANDBY("hot-standby", "standby"),
    LOAD_BALANCING("load-balancing", "secondary");

    final String kea;
    final String secondRole;

    Mode(String kea, String secondRole) {
      this.kea = kea;
      this.secondRole = secondRole;
    }

    /** The HA state both servers reach when the pair is healthy. */
    public String healthyState() {
      return kea;
    }
  }

  /** The bound of every wait for a state. */
  public static final Duration STATE_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(100);

  private static final List<String> HOOK_DIRECTORIES = List.of("/usr/lib/x86_64-linux-gnu/kea/hooks",
      "/usr/lib/aarch64-linux-gnu/kea/hooks", "/usr/lib/kea/hooks", "/usr/local/lib/kea/hooks");

  private final Mode mode;
  private final int count;
  private final boolean dedicated;
  private final boolean serving;
  private final int[] dhcpPorts = new int[4];
  private final Path dir;
  private final String hooks;
  private final int[] ports = new int[4];
  private final int[] listeners = new int[4];
  private final Process[] dhcp = new Process[4];
  private final Process[] agents = new Process[4];
  private final Thread reaper;

  private RealKeaPair(Mode mode, int count, boolean dedicated, boolean serving, Path dir, String hooks) {
    this.mode = mode;
    this.count = count;
    this.dedicated = dedicated;
    this.serving = serving;
    this.dir = dir;
    this.hooks = hooks;
    this.reaper = new Thread(this::stopAll, "real-kea-pair-reaper");
  }

  /** What to start: the mode (none: no hooks, no subnets), two or three servers, dedicated HA listeners. */
  public static final class Builder {
    private Mode mode;
    private int servers = 2;
    private boolean dedicated;
    private boolean serving;

    private Builder() {}

    /**
     * Every server answers DHCP on the loopback interface: UDP sockets
     * ({@code "dhcp-socket-type": "udp"}, interface {@code lo}) on a server port of its own
     * ({@code kea-dhcp4 -p}, {@link #dhcpPort}), so a test can send it relayed packets.
     */
    public Builder dhcpOnLoopback() {
      this.serving = true;
      return this;
    }

    /** The HA mode of the hand-written configuration; without it the servers start with no hooks and no subnets. */
    public Builder mode(Mode value) {
      this.mode = value;
      return this;
    }

    /** 2, or 3 for a third server, which is a {@code backup} peer of the hand-written configuration. */
    public Builder servers(int value) {
      if (value < 2 || value > 3) {
        throw new IllegalArgumentException("servers must be 2 or 3, not " + value);
      }
      this.servers = value;
      return this;
    }

    /**
     * Every server runs multi-threaded ({@code Dhcp4.multi-threading}) and, with a mode, its HA
     * hook has {@code http-dedicated-listener}: the peers' URLs are those listeners
     * ({@link #listenerUrl}), on ports that are not the agents'.
     */
    public Builder dedicatedListeners() {
      this.dedicated = true;
      return this;
    }

    /** Starts the servers and waits (at most {@link #STATE_TIMEOUT}) until they answer or reach their healthy state. */
    public RealKeaPair start() {
      return launch(mode, servers, dedicated, serving);
    }
  }

  /** A pair to configure before it starts. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts both servers and agents and waits (at most {@link #STATE_TIMEOUT}) until both report
   * the mode's healthy state ({@code hot-standby} / {@code load-balancing}).
   */
  public static RealKeaPair start(Mode mode) {
    return launch(mode, 2, false, false);
  }

  /**
   * Starts both servers and agents without hook libraries and without subnets (what a backend
   * test configures itself) and waits (at most {@link #STATE_TIMEOUT}) until both answer
   * {@code config-get}.
   */
  public static RealKeaPair startWithoutHa() {
    return launch(null, 2, false, false);
  }

  private static RealKeaPair launch(Mode mode, int count, boolean dedicated, boolean serving) {
    String dhcp4 = binary("kea-dhcp4");
    String agent = binary("kea-ctrl-agent");
    String hooks = HOOK_DIRECTORIES.stream().filter(d -> Files.isRegularFile(Path.of(d, "libdhcp_ha.so")))
        .findFirst().orElseThrow(() -> new IllegalStateException("Kea's libdhcp_ha.so is in none of "
            + HOOK_DIRECTORIES + ": install kea-dhcp4-server (scripts/ensure-dhcp-servers.sh, as root)"));
    Path dir;
    try {
      dir = Files.createTempDirectory(Path.of("/tmp"), "kea-it-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RealKeaPair pair = new RealKeaPair(mode, count, dedicated, serving, dir, hooks);
    Runtime.getRuntime().addShutdownHook(pair.reaper);
    try {
      java.util.Set<Integer> taken = new java.util.HashSet<>();
      for (int n = 1; n <= count; n++) {
        pair.ports[n] = freePort(taken);
        pair.listeners[n] = freePort(taken);
        pair.dhcpPorts[n] = serving ? freeUdpPort(taken) : 0;
      }
      for (int n = 1; n <= count; n++) {
        pair.launch(n, dhcp4, agent);
      }
      for (int n = 1; n <= count; n++) {
        if (mode == null) {
          pair.awaitAnswer(n, STATE_TIMEOUT);
        } else {
          pair.awaitState(n, n == 3 ? "backup" : mode.healthyState(), STATE_TIMEOUT);
        }
      }
      return pair;
    } catch (RuntimeException | Error e) {
      String logs = pair.logTails();
      pair.close();
      throw new IllegalStateException("the Kea pair did not start: " + e.getMessage() + "\n" + logs, e);
    }
  }

  private static String binary(String name) {
    for (String d : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin")) {
      if (Files.isExecutable(Path.of(d, name))) {
        return d + "/" + name;
      }
    }
    throw new IllegalStateException(name + " is not installed: the Kea integration tests need Kea 2.2 "
        + "(run scripts/ensure-dhcp-servers.sh as root; mvn verify does so in pre-integration-test)");
  }

  /** A free loopback UDP port none of {@code taken} (which it joins). */
  private static int freeUdpPort(java.util.Set<Integer> taken) {
    for (int tries = 0; tries < 100; tries++) {
      try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        if (taken.add(s.getLocalPort())) {
          return s.getLocalPort();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no free loopback UDP port in 100 tries");
  }

  /** A free loopback port none of {@code taken} (which it joins). */
  private static int freePort(java.util.Set<Integer> taken) {
    for (int tries = 0; tries < 100; tries++) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        if (taken.add(s.getLocalPort())) {
          return s.getLocalPort();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no free loopback port in 100 tries");
  }

  private void launch(int n, String dhcp4, String agent) {
    Path own = dir.resolve("server" + n);
    try {
      Files.createDirectories(own);
      Files.writeString(own.resolve("kea-dhcp4.conf"), KeaJson.writePretty(dhcp4Config(n)));
      Files.writeString(own.resolve("kea-ctrl-agent.conf"), KeaJson.writePretty(agentConfig(n)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    dhcp[n] = serving ? run(own, "dhcp4", dhcp4, own.resolve("kea-dhcp4.conf"), "-p", Integer.toString(dhcpPorts[n]))
        : run(own, "dhcp4", dhcp4, own.resolve("kea-dhcp4.conf"));
    agents[n] = run(own, "agent", agent, own.resolve("kea-ctrl-agent.conf"));
  }

  private Process run(Path own, String label, String binary, Path config, String... more) {
    List<String> command = new ArrayList<>(List.of(binary, "-c", config.toString()));
    command.addAll(List.of(more));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.put("KEA_PIDFILE_DIR", own.toString());
    env.put("KEA_LOCKFILE_DIR", own.toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(own.resolve(label + ".out").toFile());
    try {
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + binary, e);
    }
  }

  /** The configuration server {@code n} starts with (a fresh copy). */
  public ObjectNode dhcp4Config(int n) {
    Path own = dir.resolve("server" + n);
    ObjectNode map = KeaJson.object();
    if (serving) {
      ObjectNode interfaces = map.putObject("interfaces-config");
      interfaces.putArray("interfaces").add("lo");
      interfaces.put("dhcp-socket-type", "udp");
    } else {
      map.putObject("interfaces-config").putArray("interfaces");
    }
    map.putObject("control-socket").put("socket-type", "unix").put("socket-name", own.resolve("kea.sock").toString());
    map.putObject("lease-database").put("type", "memfile").put("persist", true)
        .put("name", own.resolve("leases.csv").toString()).put("lfc-interval", 0);
    map.put("valid-lifetime", 7200);
    map.set("loggers", loggers("kea-dhcp4", own.resolve("kea-dhcp4.log")));
    if (dedicated) {
      map.putObject("multi-threading").put("enable-multi-threading", true).put("thread-pool-size", 2)
          .put("packet-queue-size", 16);
    }
    ObjectNode root = KeaJson.object();
    root.set("Dhcp4", map);
    if (mode == null) {
      return root;
    }
    ArrayNode libraries = map.putArray("hooks-libraries");
    libraries.addObject().put("library", hooks + "/libdhcp_lease_cmds.so");
    ObjectNode ha = libraries.addObject().put("library", hooks + "/libdhcp_ha.so").putObject("parameters")
        .putArray("high-availability").addObject();
    ha.put("this-server-name", "server" + n).put("mode", mode.kea)
        .put("heartbeat-delay", 1000).put("max-response-delay", 2000).put("max-ack-delay", 1000)
        .put("max-unacked-clients", 0).put("sync-timeout", 10000);
    if (dedicated) {
      ha.putObject("multi-threading").put("enable-multi-threading", true).put("http-dedicated-listener", true)
          .put("http-listener-threads", 2).put("http-client-threads", 2);
    }
    ArrayNode peers = ha.putArray("peers");
    for (int p = 1; p <= count; p++) {
      String role = p == 1 ? "primary" : p == 2 ? mode.secondRole : "backup";
      peers.addObject().put("name", "server" + p).put("url", peerUrl(p).toString()).put("role", role)
          .put("auto-failover", true);
    }
    ObjectNode subnet = map.putArray("subnet4").addObject().put("id", 1).put("subnet", "192.0.2.0/24");
    subnet.putArray("pools").addObject().put("pool", "192.0.2.100-192.0.2.200");
    return root;
  }

  private ObjectNode agentConfig(int n) {
    Path own = dir.resolve("server" + n);
    ObjectNode map = KeaJson.object().put("http-host", "127.0.0.1").put("http-port", ports[n]);
    map.putObject("control-sockets").putObject("dhcp4").put("socket-type", "unix")
        .put("socket-name", own.resolve("kea.sock").toString());
    map.set("loggers", loggers("kea-ctrl-agent", own.resolve("kea-ctrl-agent.log")));
    ObjectNode root = KeaJson.object();
    root.set("Control-agent", map);
    return root;
  }

  private static ArrayNode loggers(String name, Path file) {
    ArrayNode loggers = KeaJson.array();
    ObjectNode logger = loggers.addObject().put("name", name).put("severity", "INFO").put("debuglevel", 0);
    logger.putArray("output_options").addObject().put("output", file.toString());
    return loggers;
  }

  /** The URL of server {@code n}'s Control Agent (1, 2 or 3). */
  public URI agentUrl(int n) {
    return URI.create("http://127.0.0.1:" + ports[n] + "/");
  }

  /** A free port kept for server {@code n}'s dedicated HA listener (its URL: {@link #listenerUrl}). */
  public URI listenerUrl(int n) {
    return URI.create("http://127.0.0.1:" + listeners[n] + "/");
  }

  /** Server {@code n}'s peer URL: its dedicated HA listener when the pair has them, else its agent. */
  public URI peerUrl(int n) {
    return dedicated ? listenerUrl(n) : agentUrl(n);
  }

  /** The UDP port server {@code n} answers DHCP on, on 127.0.0.1 (only with {@link Builder#dhcpOnLoopback()}). */
  public int dhcpPort(int n) {
    if (!serving) {
      throw new IllegalStateException("the servers were started without DHCP on loopback");
    }
    return dhcpPorts[n];
  }

  /** How many servers run: 2, or 3 with a backup. */
  public int count() {
    return count;
  }

  /** A client of server {@code n}'s agent with the given request time-out. */
  public KeaClient client(int n, Duration requestTimeout) {
    return KeaClient.builder(agentUrl(n)).name("server" + n).connectTimeout(Duration.ofSeconds(2))
        .requestTimeout(requestTimeout).build();
  }

  /** A client of server {@code n}'s agent (30 s request time-out). */
  public KeaClient client(int n) {
    return client(n, Duration.ofSeconds(30));
  }

  /** The mode the pair was started in; null for a pair started without HA. */
  public Mode mode() {
    return mode;
  }

  /** The pair's temporary directory. */
  public Path dir() {
    return dir;
  }

  /** The directory holding Kea's hook libraries on this machine. */
  public String hooksDirectory() {
    return hooks;
  }

  /**
   * Polls server {@code n}'s {@code config-get} until it answers, at most {@code timeout}.
   *
   * @throws AssertionError naming the last failure when the time is up
   */
  public void awaitAnswer(int n, Duration timeout) {
    KeaClient client = client(n, Duration.ofSeconds(5));
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "(no answer yet)";
    for (int polls = 0; System.nanoTime() < deadline && polls < 10_000; polls++) {
      for (Process p : new Process[] {dhcp[n], agents[n]}) {
        if (p != null && !p.isAlive()) {
          throw new AssertionError("server" + n + " process " + p.pid() + " exited with " + p.exitValue()
              + "\n" + logTails());
        }
      }
      try {
        client.configGet();
        return;
      } catch (BackendException e) {
        last = e.getMessage();
      }
      pause();
    }
    throw new AssertionError("server" + n + " did not answer within " + timeout + "; last: " + last);
  }

  /**
   * Polls server {@code n}'s {@code ha-heartbeat} until it reports {@code state}, at most
   * {@code timeout}; answers of a server still starting (refused connections, agent errors) are
   * retried within that bound.
   *
   * @throws AssertionError naming the last state seen when the time is up
   */
  public HaHeartbeat awaitState(int n, String state, Duration timeout) {
    KeaClient client = client(n, Duration.ofSeconds(5));
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "(no answer yet)";
    int polls = 0;
    while (System.nanoTime() < deadline && polls < 10_000) {
      polls++;
      for (Process p : new Process[] {dhcp[n], agents[n]}) {
        if (p != null && !p.isAlive()) {
          throw new AssertionError("server" + n + " process " + p.pid() + " exited with " + p.exitValue()
              + " while waiting for " + state + "\n" + logTails());
        }
      }
      try {
        HaHeartbeat beat = client.haHeartbeat();
        if (beat.state().equals(state)) {
          return beat;
        }
        last = beat.state();
      } catch (BackendException e) {
        last = e.getMessage();
      }
      pause();
    }
    throw new AssertionError("server" + n + " did not reach " + state + " within " + timeout + "; last: " + last);
  }

  private static void pause() {
    try {
      TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Stops server {@code n}'s kea-dhcp4 and agent (only those two processes, by their PID). */
  public void stopServer(int n) {
    stop(agents[n]);
    stop(dhcp[n]);
  }

  /**
   * Stops server {@code n}'s kea-ctrl-agent only (by the PID of the process this pair started);
   * its kea-dhcp4 keeps running, unreachable for the SDK until {@link #startAgent}.
   */
  public void stopAgent(int n) {
    stop(agents[n]);
  }

  /**
   * Starts server {@code n}'s kea-ctrl-agent again, on its port and configuration, and waits (at
   * most {@link #STATE_TIMEOUT}) until the server answers through it.
   */
  public void startAgent(int n) {
    if (agents[n] != null && agents[n].isAlive()) {
      throw new IllegalStateException("server" + n + "'s agent is running (PID " + agents[n].pid() + ")");
    }
    Path own = dir.resolve("server" + n);
    agents[n] = run(own, "agent-" + System.nanoTime(), binary("kea-ctrl-agent"), own.resolve("kea-ctrl-agent.conf"));
    awaitAnswer(n, STATE_TIMEOUT);
  }

  /** Stops server {@code n}'s kea-dhcp4 only (by its PID); its agent keeps answering. */
  public void stopDhcp4(int n) {
    stop(dhcp[n]);
  }

  /** The PIDs of server {@code n}'s kea-dhcp4 and kea-ctrl-agent, in that order. */
  public long[] pids(int n) {
    return new long[] {dhcp[n].pid(), agents[n].pid()};
  }

  /** Whether server {@code n}'s processes are both running. */
  public boolean running(int n) {
    return dhcp[n] != null && dhcp[n].isAlive() && agents[n] != null && agents[n].isAlive();
  }

  private static void stop(Process p) {
    if (p == null || !p.isAlive()) {
      return;
    }
    p.destroy(); // SIGTERM to this PID only
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
  }

  private void stopAll() {
    for (int n = 1; n <= count; n++) {
      stopServer(n);
    }
  }

  /** The last lines of every process output and log, for failure messages. */
  public String logTails() {
    StringBuilder out = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> logs = new ArrayList<>();
      files.filter(f -> f.toString().endsWith(".out") || f.toString().endsWith(".log")).forEach(logs::add);
      for (Path f : logs) {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        out.append("--- ").append(dir.relativize(f)).append('\n');
        lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> out.append(l).append('\n'));
      }
    } catch (IOException | UncheckedIOException e) {
      out.append("(logs unreadable: ").append(e.getMessage()).append(")\n");
    }
    return out.toString();
  }

  /** Stops every process the pair started and deletes the temporary directory. */
  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run: the processes are being stopped anyway
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the file at {@code path} inside the pair's directory, when it exists. */
  public Optional<String> read(Path path) {
    try {
      return Files.exists(path) ? Optional.of(Files.readString(path)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
