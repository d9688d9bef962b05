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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A real hot-standby pair of a newer Kea, from a Debian root that {@code scripts/ensure-kea-roots.sh}
 * makes ({@code trixie}: Kea 2.6, {@code sid}: Kea 3.0), run with {@code chroot ROOT kea-dhcp4 …}
 * on loopback. Kea 2.6 is reached as 2.2 is, through a {@code kea-ctrl-agent} per server; Kea 3.0
 * through kea-dhcp4's own HTTP control socket. On both the HA hook runs on dedicated listeners
 * (their default), so the peers' URLs are not the control endpoints (the usual modern setup). The HA peers are named
 * {@code peer-1} and {@code peer-2}, on purpose not what an inventory calls the servers.
 *
 * <p>Debian's packages of both versions accept a control socket only in {@code /run/kea}, a lease
 * file only in {@code /var/lib/kea} and a log file only in {@code /var/log/kea} (each with mode
 * 750), so every file of this pair is named there with a prefix of its own, and removed by
 * {@link #close()}, which stops only the processes this pair started, by their PID (chroot execs,
 * so the PID is the server's).
 */
final class RealNewerKeaPair implements AutoCloseable {

  /** A newer Kea: the Debian suite its root is made from, and how it is reached. */
  enum Version {
    KEA_2_6("trixie", "2.6.", true),
    KEA_3_0("sid", "3.0.", false);

    final String suite;
    final String prefix;
    final boolean agent;

    Version(String suite, String prefix, boolean agent) {
      this.suite = suite;
      this.prefix = prefix;
      this.agent = agent;
    }
  }

  static final Duration STATE_TIMEOUT = Duration.ofSeconds(60);
  private static final String HOOKS = "/usr/lib/x86_64-linux-gnu/kea/hooks";

  private final Version version;
  private final Path root;
  private final String tag;
  private final int[] control = new int[3];
  private final int[] listener = new int[3];
  private final Process[] dhcp = new Process[3];
  private final Process[] agents = new Process[3];
  private final List<Path> files = new ArrayList<>();
  private final Thread reaper = new Thread(this::stopAll, "real-newer-kea-reaper");

  private RealNewerKeaPair(Version version, Path root) {
    this.version = version;
    this.root = root;
    this.tag = "failover-it-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime());
  }

  /** The root of a version, made by the test command when missing (never skipped when missing). */
  static Path root(Version version) {
    Path base = Path.of(System.getProperty("failover.kea.roots", "/var/cache/failover-kea-roots"));
    Path root = base.resolve(version.suite);
    if (!Files.isExecutable(root.resolve("usr/sbin/kea-dhcp4")) || !Files.exists(root.resolve(".failover-ready"))) {
      throw new IllegalStateException("no Kea root at " + root + ": run scripts/ensure-kea-roots.sh as root "
          + "(mvn verify does so in pre-integration-test)");
    }
    return root;
  }

  /** Starts both servers (and agents, for 2.6) and waits until both report hot-standby. */
  static RealNewerKeaPair start(Version version) {
    RealNewerKeaPair pair = new RealNewerKeaPair(version, root(version));
    Runtime.getRuntime().addShutdownHook(pair.reaper);
    try {
      Set<Integer> taken = new HashSet<>();
      for (int n = 1; n <= 2; n++) {
        pair.control[n] = freePort(taken);
        pair.listener[n] = freePort(taken);
      }
      for (int n = 1; n <= 2; n++) {
        pair.launch(n);
      }
      for (int n = 1; n <= 2; n++) {
        pair.awaitState(n, "hot-standby");
      }
      return pair;
    } catch (RuntimeException | Error e) {
      String logs = pair.logTails();
      pair.close();
      throw new IllegalStateException("the Kea " + version.prefix + "x pair did not start: " + e.getMessage()
          + "\n" + logs, e);
    }
  }

  private static int freePort(Set<Integer> taken) {
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

  /** A path inside the root, as the server sees it, remembered for removal. */
  private String own(String dir, String name) {
    String inside = dir + "/" + tag + "-" + name;
    files.add(root.resolve(inside.substring(1)));
    return inside;
  }

  private void launch(int n) {
    String socket = own("/run/kea", n + ".sock");
    String config = own("/var/lib/kea", n + "-dhcp4.json");
    own("/var/lib/kea", n + "-leases.csv.2"); // the lease file's companions, for removal
    write(config, KeaJson.writePretty(dhcp4Config(n, socket)));
    dhcp[n] = run(n, "dhcp4", "kea-dhcp4", config);
    if (version.agent) {
      String agentConfig = own("/var/lib/kea", n + "-agent.json");
      ObjectNode map = KeaJson.object().put("http-host", "127.0.0.1").put("http-port", control[n]);
      map.putObject("control-sockets").putObject("dhcp4").put("socket-type", "unix").put("socket-name", socket);
      map.set("loggers", loggers("kea-ctrl-agent"));
      ObjectNode top = KeaJson.object();
      top.set("Control-agent", map);
      write(agentConfig, KeaJson.writePretty(top));
      agents[n] = run(n, "agent", "kea-ctrl-agent", agentConfig);
    }
  }

  private ObjectNode dhcp4Config(int n, String socket) {
    ObjectNode map = KeaJson.object();
    map.putObject("interfaces-config").putArray("interfaces");
    if (version.agent) {
      map.putObject("control-socket").put("socket-type", "unix").put("socket-name", socket);
    } else {
      map.putArray("control-sockets").addObject().put("socket-type", "http").put("socket-address", "127.0.0.1")
          .put("socket-port", control[n]);
    }
    map.putObject("lease-database").put("type", "memfile").put("persist", true)
        .put("name", own("/var/lib/kea", n + "-leases.csv")).put("lfc-interval", 0);
    map.put("valid-lifetime", 7200);
    map.set("loggers", loggers("kea-dhcp4"));
    ArrayNode libraries = map.putArray("hooks-libraries");
    libraries.addObject().put("library", HOOKS + "/libdhcp_lease_cmds.so");
    ObjectNode ha = libraries.addObject().put("library", HOOKS + "/libdhcp_ha.so").putObject("parameters")
        .putArray("high-availability").addObject();
    ha.put("this-server-name", "peer-" + n).put("mode", "hot-standby").put("heartbeat-delay", 1000)
        .put("max-response-delay", 2000).put("max-ack-delay", 1000).put("max-unacked-clients", 0)
        .put("sync-timeout", 10000);
    {
      // Kea >= 2.4 runs HA multi-threaded with dedicated listeners by default (seen on 2.6.3: a
      // peer URL on the agent's port fails with "bind: Address already in use"), so the peers'
      // URLs are listeners of their own on every newer version
      ha.putObject("multi-threading").put("enable-multi-threading", true).put("http-dedicated-listener", true)
          .put("http-listener-threads", 2).put("http-client-threads", 2);
    }
    ArrayNode peers = ha.putArray("peers");
    peers.addObject().put("name", "peer-1").put("url", peerUrl(1).toString()).put("role", "primary")
        .put("auto-failover", true);
    peers.addObject().put("name", "peer-2").put("url", peerUrl(2).toString()).put("role", "standby")
        .put("auto-failover", true);
    ObjectNode subnet = map.putArray("subnet4").addObject().put("id", 1).put("subnet", "192.0.2.0/24");
    subnet.putArray("pools").addObject().put("pool", "192.0.2.100-192.0.2.200");
    ObjectNode top = KeaJson.object();
    top.set("Dhcp4", map);
    return top;
  }

  private static ArrayNode loggers(String name) {
    ArrayNode loggers = KeaJson.array();
    loggers.addObject().put("name", name).put("severity", "INFO").put("debuglevel", 0)
        .putArray("output_options").addObject().put("output", "stdout");
    return loggers;
  }

  private void write(String inside, String text) {
    try {
      Files.writeString(root.resolve(inside.substring(1)), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Process run(int n, String label, String program, String config) {
    ProcessBuilder pb = new ProcessBuilder("chroot", root.toString(), program, "-c", config);
    // PID and lock files: in /var/lib/kea too (2.6 and 3.0 take them from these variables)
    pb.environment().put("KEA_PIDFILE_DIR", "/var/lib/kea");
    pb.environment().put("KEA_LOCKFILE_DIR", "/var/lib/kea");
    own("/var/lib/kea", n + "-" + label + ".out");
    pb.redirectErrorStream(true);
    pb.redirectOutput(root.resolve("var/lib/kea/" + tag + "-" + n + "-" + label + ".out").toFile());
    try {
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + program + " in " + root, e);
    }
  }

  /** How the SDK reaches server {@code n}: its agent (2.6) or its own HTTP control socket (3.0). */
  URI controlUrl(int n) {
    return URI.create("http://127.0.0.1:" + control[n] + "/");
  }

  /** The URL the partner's HA hook reaches server {@code n} at: its dedicated HA listener. */
  URI peerUrl(int n) {
    return URI.create("http://127.0.0.1:" + listener[n] + "/");
  }

  Version version() {
    return version;
  }

  KeaClient client(int n) {
    return KeaClient.builder(controlUrl(n)).name("server" + n).connectTimeout(Duration.ofSeconds(2))
        .requestTimeout(Duration.ofSeconds(10)).build();
  }

  private HaHeartbeat awaitState(int n, String state) {
    KeaClient client = client(n);
    long deadline = System.nanoTime() + STATE_TIMEOUT.toNanos();
    String last = "(no answer yet)";
    for (int polls = 0; System.nanoTime() < deadline && polls < 10_000; polls++) {
      for (Process p : new Process[] {dhcp[n], agents[n]}) {
        if (p != null && !p.isAlive()) {
          throw new AssertionError("server" + n + " process " + p.pid() + " exited with " + p.exitValue());
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
      try {
        TimeUnit.MILLISECONDS.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    throw new AssertionError("server" + n + " did not reach " + state + " within " + STATE_TIMEOUT + "; last: " + last);
  }

  /** The last lines of each process's output, for failure messages. */
  String logTails() {
    StringBuilder out = new StringBuilder();
    for (Path f : files) {
      if (f.toString().endsWith(".out") && Files.isRegularFile(f)) {
        try {
          List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
          out.append("--- ").append(f.getFileName()).append('\n');
          lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> out.append(l).append('\n'));
        } catch (IOException e) {
          out.append("(unreadable: ").append(e.getMessage()).append(")\n");
        }
      }
    }
    return out.toString();
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
    for (int n = 1; n <= 2; n++) {
      stop(agents[n]);
      stop(dhcp[n]);
    }
  }

  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run
    }
    for (Path f : files) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        // a file the server never made, or already gone
      }
    }
    // the PID files Kea writes for these configurations
    try (var left = Files.list(root.resolve("var/lib/kea"))) {
      left.filter(f -> f.getFileName().toString().startsWith(tag)).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // nothing more to remove
    }
  }
}
