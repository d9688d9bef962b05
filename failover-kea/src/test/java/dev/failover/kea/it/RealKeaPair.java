package dev.failover.kea.it;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.errors.BackendException;
import dev.failover.kea.client.HaHeartbeat;
import dev.failover.kea.client.KeaClient;
import dev.failover.kea.internal.KeaJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * <p>{@link Builder#install} picks the Kea that runs: the host's 2.2 (the default) or Debian's
 * 2.6 / 3.0 in a root that {@code scripts/ensure-kea-roots.sh} makes, started with
 * {@code chroot ROOT kea-dhcp4 …}. Those packages accept a control socket only in {@code /run/kea},
 * a lease file only in {@code /var/lib/kea} and a log file only in {@code /var/log/kea}, so their
 * sockets, leases, configurations and PID files are named there with a prefix of this pair's own
 * (removed by {@link #close()}), and they log to {@code stdout} (kept in the temporary directory).
 * Kea 2.6 is reached through agents as 2.2 is; Kea 3.0 through kea-dhcp4's own HTTP
 * {@code control-sockets} ({@link #agentUrl} is then that socket, and there is no agent). Both run
 * HA multi-threaded with dedicated listeners (their default), so their peers' URLs are always
 * listeners ({@link #peerUrl}).
 *
 * <p>Kea missing is an error, never a skip: run {@code scripts/ensure-dhcp-servers.sh} and
 * {@code scripts/ensure-kea-roots.sh} as root.
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

  /** Which Kea runs the pair, and how it is laid out. */
  public enum Install {
    /** The host's Kea 2.2 (host packages), everything in the temporary directory. */
    HOST_2_2(null, "2.2.", true),
    /** Debian trixie's Kea 2.6 in a root, behind agents. */
    ROOT_2_6("trixie", "2.6.", true),
    /** Debian sid's Kea 3.0 in a root, on kea-dhcp4's own HTTP control socket. */
    ROOT_3_0("sid", "3.0.", false);

    final String suite;
    final String prefix;
    final boolean agent;

    Install(String suite, String prefix, boolean agent) {
      this.suite = suite;
      this.prefix = prefix;
      this.agent = agent;
    }

    /** The start of the version text the server reports ({@code version-get}), such as {@code "2.6."}. */
    public String versionPrefix() {
      return prefix;
    }

    boolean rooted() {
      return suite != null;
    }

    /** Whether the server is reached through a kea-ctrl-agent (else on its own HTTP control socket). */
    public boolean agent() {
      return agent;
    }

    /** The root this install runs in (never skipped when missing: an error naming the script). */
    Path root() {
      Path base = Path.of(System.getProperty("failover.kea.roots", "/var/cache/failover-kea-roots"));
      Path root = base.resolve(suite);
      if (!Files.isExecutable(root.resolve("usr/sbin/kea-dhcp4")) || !Files.exists(root.resolve(".failover-ready"))) {
        throw new IllegalStateException("no Kea root at " + root + ": run scripts/ensure-kea-roots.sh as root "
            + "(mvn verify does so in pre-integration-test)");
      }
      return root;
    }
  }

  /** The bound of every wait for a state. */
  public static final Duration STATE_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(100);

  private static final List<String> HOOK_DIRECTORIES = List.of("/usr/lib/x86_64-linux-gnu/kea/hooks",
      "/usr/lib/aarch64-linux-gnu/kea/hooks", "/usr/lib/kea/hooks", "/usr/local/lib/kea/hooks");

  private final Install install;
  private final Path root;
  private final String tag;
  private final List<Path> rootFiles = new ArrayList<>();
  private final String peerPrefix;
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
  /** The locks on the ports this pair holds ({@link #reservePort}), released by {@link #close()}. */
  private final List<java.nio.channels.FileChannel> portLocks = new ArrayList<>();
  /** With {@link Builder#tls}: the basic-auth user and password the control channels require. */
  private String authUser;
  private String authPassword;
  /** With {@link Builder#tls}: the CA, certificate and key on the host, and as the servers see them. */
  private Path hostCa;
  private Path hostCert;
  private Path hostKey;
  private String serverCa;
  private String serverCert;
  private String serverKey;

  private RealKeaPair(Install install, String peerPrefix, Path root, Mode mode, int count, boolean dedicated,
      boolean serving, Path dir, String hooks) {
    this.install = install;
    this.peerPrefix = peerPrefix;
    this.root = root;
    this.tag = "failover-it-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime());
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
    private Install install = Install.HOST_2_2;
    private String peerPrefix = "server";
    private int servers = 2;
    private boolean dedicated;
    private boolean serving;
    private String user;
    private String password;
    private boolean tls;

    private Builder() {}

    /**
     * Every control channel (kea-dhcp4's own HTTP socket on 3.0, the agents on 2.2 and 2.6) speaks
     * HTTPS with a certificate this pair makes with {@code openssl} (a CA of its own and one
     * certificate for 127.0.0.1, for server and client use), requires a client certificate
     * ({@code cert-required}) and HTTP basic auth as {@code user} / {@code password}. With a mode,
     * the hand-written HA entries use the same files and {@code https} peer URLs. The files:
     * {@link #caFile()}, {@link #certFile()}, {@link #keyFile()} (on the host, for the SDK) and
     * {@link #serverTlsFiles()} (as the servers see them, for HA settings).
     */
    public Builder tls(String user, String password) {
      basicAuth(user, password);
      this.tls = true;
      return this;
    }

    /**
     * Every control channel requires HTTP basic auth as {@code user} / {@code password} (realm
     * {@code failover-it}), over plain HTTP unless {@link #tls} is asked for too. With a mode, the
     * hand-written HA peers send the same credential (on 2.2 they reach each other through the
     * agents, which require it).
     */
    public Builder basicAuth(String user, String password) {
      this.user = java.util.Objects.requireNonNull(user, "user");
      this.password = java.util.Objects.requireNonNull(password, "password");
      return this;
    }

    /**
     * Every server answers DHCP on the loopback interface: UDP sockets
     * ({@code "dhcp-socket-type": "udp"}, interface {@code lo}) on a server port of its own
     * ({@code kea-dhcp4 -p}, {@link #dhcpPort}), so a test can send it relayed packets.
     */
    public Builder dhcpOnLoopback() {
      this.serving = true;
      return this;
    }

    /** Which Kea runs: the host's 2.2 (the default), or 2.6 / 3.0 from a root. */
    public Builder install(Install value) {
      this.install = value;
      return this;
    }

    /**
     * The HA peer names of the hand-written configuration: {@code prefix} and the server's number
     * ({@code server1}, {@code server2} by default), so a test can name them unlike its inventory.
     */
    public Builder peerNames(String prefix) {
      this.peerPrefix = prefix;
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
      return launch(install, peerPrefix, mode, servers, dedicated, serving, user, password, tls);
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
    return launch(Install.HOST_2_2, "server", mode, 2, false, false, null, null, false);
  }

  /**
   * Starts both servers and agents without hook libraries and without subnets (what a backend
   * test configures itself) and waits (at most {@link #STATE_TIMEOUT}) until both answer
   * {@code config-get}.
   */
  public static RealKeaPair startWithoutHa() {
    return launch(Install.HOST_2_2, "server", null, 2, false, false, null, null, false);
  }

  private static RealKeaPair launch(Install install, String peerPrefix, Mode mode, int count, boolean dedicated,
      boolean serving, String user, String password, boolean tls) {
    Path root = install.rooted() ? install.root() : null;
    Path base = root == null ? Path.of("/") : root;
    String hooks = HOOK_DIRECTORIES.stream()
        .filter(d -> Files.isRegularFile(base.resolve(d.substring(1)).resolve("libdhcp_ha.so")))
        .findFirst().orElseThrow(() -> new IllegalStateException("Kea's libdhcp_ha.so is in none of "
            + HOOK_DIRECTORIES + (root == null ? "" : " in " + root)
            + ": install kea-dhcp4-server (scripts/ensure-dhcp-servers.sh, as root)"));
    if (root == null) {
      binary("kea-dhcp4");
      binary("kea-ctrl-agent");
    }
    Path dir;
    try {
      dir = Files.createTempDirectory(Path.of("/tmp"), "kea-it-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // newer Kea runs HA multi-threaded with dedicated listeners by default (on 2.6.3 a peer URL on
    // the agent's port fails with "bind: Address already in use"): their peers are always listeners
    RealKeaPair pair = new RealKeaPair(install, peerPrefix, root, mode, count, dedicated || install.rooted(), serving,
        dir, hooks);
    Runtime.getRuntime().addShutdownHook(pair.reaper);
    try {
      if (user != null) {
        pair.authUser = user;
        pair.authPassword = password;
        if (tls) {
          pair.makeCertificates();
        }
      }
      for (int n = 1; n <= count; n++) {
        pair.ports[n] = pair.reservePort(false);
        pair.listeners[n] = pair.reservePort(false);
        pair.dhcpPorts[n] = serving ? pair.reservePort(true) : 0;
      }
      for (int n = 1; n <= count; n++) {
        pair.launch(n);
      }
      for (int n = 1; n <= count; n++) {
        if (mode == null) {
          pair.awaitAnswer(n, STATE_TIMEOUT);
        } else {
          pair.awaitState(n, n == 3 ? "backup" : mode.healthyState(), STATE_TIMEOUT);
        }
      }
      String version = pair.client(1).versionGet().text();
      if (!version.startsWith(install.prefix)) {
        throw new IllegalStateException("the servers report Kea " + version + ", not " + install.prefix + "x");
      }
      return pair;
    } catch (RuntimeException | Error e) {
      String logs = pair.logTails();
      pair.close();
      throw new IllegalStateException("the Kea " + install.prefix + "x pair did not start: " + e.getMessage()
          + "\n" + logs, e);
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

  /** The ports {@link #reservePort} hands out: below Linux's ephemeral range (32768-60999). */
  private static final int PORT_LOW = 20_000;
  private static final int PORT_HIGH = 32_767;
  /** Where the lock file of each port handed out lives, shared by every JVM of the machine. */
  private static final Path PORT_LOCKS = Path.of(System.getProperty("java.io.tmpdir"), "failover-it-ports");

  /**
   * A loopback port (TCP, or UDP with {@code udp}) that this pair holds until {@link #close()}:
   * free now, and kept from every other pair, in this JVM or another (a lock on
   * {@code /tmp/failover-it-ports/PORT.lock}, released by {@link #close()} or when the JVM ends),
   * between now and the moment a server binds it, which for an HA listener may be a whole test
   * later. It is taken below Linux's ephemeral range, so no outgoing connection (an HA peer's, the
   * SDK's) is given it as its source port meanwhile: a port picked with {@code bind(0)} and let go
   * can be, and Kea then fails with "bind: Address already in use".
   */
  public int reservePort(boolean udp) {
    try {
      Files.createDirectories(PORT_LOCKS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    for (int tries = 0; tries < 200; tries++) {
      int port = random.nextInt(PORT_LOW, PORT_HIGH + 1);
      java.nio.channels.FileChannel channel = null;
      try {
        channel = java.nio.channels.FileChannel.open(PORT_LOCKS.resolve(port + ".lock"),
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        java.nio.channels.FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException heldHere) {
          lock = null; // another pair of this JVM holds it
        }
        if (lock != null && bindable(port, udp)) {
          synchronized (portLocks) {
            portLocks.add(channel);
          }
          channel = null;
          return port;
        }
      } catch (IOException e) {
        // this port's lock file cannot be used: try another port
      } finally {
        if (channel != null) {
          try {
            channel.close(); // releases the lock, if taken
          } catch (IOException e) {
            // nothing held any more
          }
        }
      }
    }
    throw new IllegalStateException("no free loopback port in " + PORT_LOW + "-" + PORT_HIGH + " in 200 tries");
  }

  /** Whether 127.0.0.1:{@code port} can be bound now (TCP, or UDP). */
  private static boolean bindable(int port, boolean udp) {
    InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    try {
      if (udp) {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(at)) {
          return true;
        }
      }
      try (ServerSocket s = new ServerSocket()) {
        s.bind(at, 1);
        return true;
      }
    } catch (IOException e) {
      return false;
    }
  }

  private void releasePorts() {
    synchronized (portLocks) {
      for (java.nio.channels.FileChannel c : portLocks) {
        try {
          c.close();
        } catch (IOException e) {
          // released with the JVM anyway
        }
      }
      portLocks.clear();
    }
  }

  /**
   * A path of server {@code n} as the server sees it: in its own temporary directory on the host,
   * else in {@code inside} of the root with this pair's prefix (remembered for removal).
   */
  private String place(int n, String inside, String name) {
    if (root == null) {
      return dir.resolve("server" + n).resolve(name).toString();
    }
    String path = inside + "/" + tag + "-" + n + "-" + name;
    rootFiles.add(root.resolve(path.substring(1)));
    return path;
  }

  /** Where the host finds a path the server sees. */
  private Path onHost(String path) {
    return root == null ? Path.of(path) : root.resolve(path.substring(1));
  }

  private String socketPath(int n) {
    return place(n, "/run/kea", "kea.sock");
  }

  private void launch(int n) {
    Path own = dir.resolve("server" + n);
    String dhcpConfig = place(n, "/var/lib/kea", "kea-dhcp4.conf");
    try {
      Files.createDirectories(own);
      Files.writeString(onHost(dhcpConfig), KeaJson.writePretty(dhcp4Config(n)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    dhcp[n] = serving ? run(n, "dhcp4", "kea-dhcp4", dhcpConfig, "-p", Integer.toString(dhcpPorts[n]))
        : run(n, "dhcp4", "kea-dhcp4", dhcpConfig);
    if (install.agent) {
      agents[n] = run(n, "agent", "kea-ctrl-agent", agentConfigFile(n));
    }
  }

  private String agentConfigFile(int n) {
    String agentConfig = place(n, "/var/lib/kea", "kea-ctrl-agent.conf");
    try {
      Files.writeString(onHost(agentConfig), KeaJson.writePretty(agentConfig(n)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return agentConfig;
  }

  private Process run(int n, String label, String program, String config, String... more) {
    Path own = dir.resolve("server" + n);
    List<String> command = new ArrayList<>(root == null ? List.of(binary(program))
        : List.of("chroot", root.toString(), program));
    command.addAll(List.of("-c", config));
    command.addAll(List.of(more));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    // PID and lock files: the server's own directory, or /var/lib/kea in a root (named after the
    // prefixed configuration file, so removed with it)
    String pidDir = root == null ? own.toString() : "/var/lib/kea";
    env.put("KEA_PIDFILE_DIR", pidDir);
    env.put("KEA_LOCKFILE_DIR", pidDir);
    pb.redirectErrorStream(true);
    pb.redirectOutput(own.resolve(label + ".out").toFile());
    try {
      return pb.start(); // chroot execs the server: the PID is the server's
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + program + (root == null ? "" : " in " + root), e);
    }
  }

  /** The configuration server {@code n} starts with (a fresh copy). */
  public ObjectNode dhcp4Config(int n) {
    ObjectNode map = KeaJson.object();
    if (serving) {
      ObjectNode interfaces = map.putObject("interfaces-config");
      interfaces.putArray("interfaces").add("lo");
      interfaces.put("dhcp-socket-type", "udp");
    } else {
      map.putObject("interfaces-config").putArray("interfaces");
    }
    if (install.agent) {
      map.putObject("control-socket").put("socket-type", "unix").put("socket-name", socketPath(n));
    } else {
      secure(map.putArray("control-sockets").addObject().put("socket-type", "http").put("socket-address", "127.0.0.1")
          .put("socket-port", ports[n]));
    }
    String leases = place(n, "/var/lib/kea", "leases.csv");
    place(n, "/var/lib/kea", "leases.csv.2"); // the lease file's companion, for removal
    map.putObject("lease-database").put("type", "memfile").put("persist", true).put("name", leases)
        .put("lfc-interval", 0);
    map.put("valid-lifetime", 7200);
    map.set("loggers", loggers("kea-dhcp4", place(n, "/var/log/kea", "kea-dhcp4.log")));
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
    if (hostCa != null) {
      ha.put("trust-anchor", serverCa).put("cert-file", serverCert).put("key-file", serverKey);
    }
    ha.put("this-server-name", peerPrefix + n).put("mode", mode.kea)
        .put("heartbeat-delay", 1000).put("max-response-delay", 2000).put("max-ack-delay", 1000)
        .put("max-unacked-clients", 0).put("sync-timeout", 10000);
    if (dedicated) {
      ha.putObject("multi-threading").put("enable-multi-threading", true).put("http-dedicated-listener", true)
          .put("http-listener-threads", 2).put("http-client-threads", 2);
    }
    ArrayNode peers = ha.putArray("peers");
    for (int p = 1; p <= count; p++) {
      String role = p == 1 ? "primary" : p == 2 ? mode.secondRole : "backup";
      ObjectNode peer = peers.addObject().put("name", peerPrefix + p).put("url", peerUrl(p).toString())
          .put("role", role).put("auto-failover", true);
      if (authUser != null) {
        peer.put("basic-auth-user", authUser).put("basic-auth-password", authPassword);
      }
    }
    ObjectNode subnet = map.putArray("subnet4").addObject().put("id", 1).put("subnet", "192.0.2.0/24");
    subnet.putArray("pools").addObject().put("pool", "192.0.2.100-192.0.2.200");
    return root;
  }

  private ObjectNode agentConfig(int n) {
    ObjectNode map = secure(KeaJson.object().put("http-host", "127.0.0.1").put("http-port", ports[n]));
    map.putObject("control-sockets").putObject("dhcp4").put("socket-type", "unix")
        .put("socket-name", socketPath(n));
    map.set("loggers", loggers("kea-ctrl-agent", place(n, "/var/log/kea", "kea-ctrl-agent.log")));
    ObjectNode root = KeaJson.object();
    root.set("Control-agent", map);
    return root;
  }

  /** With {@link Builder#basicAuth}: basic auth on a control channel's map, and with {@link Builder#tls} TLS with client certificates. */
  private ObjectNode secure(ObjectNode channel) {
    if (authUser == null) {
      return channel;
    }
    if (hostCa != null) {
      channel.put("trust-anchor", serverCa).put("cert-file", serverCert).put("key-file", serverKey)
          .put("cert-required", true);
    }
    ObjectNode auth = channel.putObject("authentication").put("type", "basic").put("realm", "failover-it");
    auth.putArray("clients").addObject().put("user", authUser).put("password", authPassword);
    return channel;
  }

  /**
   * A CA and one certificate for 127.0.0.1 (server and client use), made with openssl in the
   * pair's directory, copied where the servers can read them (in a root: its /var/lib/kea).
   */
  private void makeCertificates() {
    Path tls = dir.resolve("tls");
    try {
      Files.createDirectories(tls);
      Files.writeString(tls.resolve("ext.cnf"), "subjectAltName=IP:127.0.0.1\n"
          + "extendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    openssl(tls, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=failover-it-ca");
    openssl(tls, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "kea.key", "-out", "kea.csr",
        "-subj", "/CN=127.0.0.1");
    openssl(tls, "x509", "-req", "-in", "kea.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "kea.pem", "-days", "2", "-extfile", "ext.cnf");
    hostCa = tls.resolve("ca.pem");
    hostCert = tls.resolve("kea.pem");
    hostKey = tls.resolve("kea.key");
    if (root == null) {
      serverCa = hostCa.toString();
      serverCert = hostCert.toString();
      serverKey = hostKey.toString();
      return;
    }
    serverCa = place(0, "/var/lib/kea", "ca.pem");
    serverCert = place(0, "/var/lib/kea", "kea.pem");
    serverKey = place(0, "/var/lib/kea", "kea.key");
    try {
      Files.copy(hostCa, onHost(serverCa));
      Files.copy(hostCert, onHost(serverCert));
      Files.copy(hostKey, onHost(serverKey));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void openssl(Path in, String... args) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).directory(in.toFile()).redirectErrorStream(true)
          .redirectOutput(in.resolve("openssl.out").toFile()).start();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("openssl " + args[0] + " failed: " + Files.readString(in.resolve("openssl.out")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run openssl", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running openssl", e);
    }
  }

  /** The CA certificate (PEM) on the host, with {@link Builder#tls}: the SDK's {@code tls-ca}. */
  public Path caFile() {
    return tlsFile(hostCa);
  }

  /** The certificate for 127.0.0.1 (PEM) on the host, with {@link Builder#tls}: the SDK's {@code tls-cert}. */
  public Path certFile() {
    return tlsFile(hostCert);
  }

  /** Its unencrypted PKCS #8 key on the host, with {@link Builder#tls}: the SDK's {@code tls-pkcs8}. */
  public Path keyFile() {
    return tlsFile(hostKey);
  }

  /** The CA, certificate and key as the servers see them (for HA {@code trust-anchor}, {@code cert-file}, {@code key-file}). */
  public List<String> serverTlsFiles() {
    tlsFile(hostCa);
    return List.of(serverCa, serverCert, serverKey);
  }

  private Path tlsFile(Path file) {
    if (file == null) {
      throw new IllegalStateException("the pair was started without TLS");
    }
    return file;
  }

  /** A log file on the host; {@code stdout} (the process output, in the temporary directory) in a root. */
  private ArrayNode loggers(String name, String file) {
    ArrayNode loggers = KeaJson.array();
    ObjectNode logger = loggers.addObject().put("name", name).put("severity", "INFO").put("debuglevel", 0);
    logger.putArray("output_options").addObject().put("output", root == null ? file : "stdout");
    return loggers;
  }

  /**
   * The URL server {@code n} (1, 2 or 3) is controlled at: its Control Agent, or on Kea 3.0
   * kea-dhcp4's own HTTP control socket.
   */
  public URI agentUrl(int n) {
    return URI.create(scheme() + "://127.0.0.1:" + ports[n] + "/");
  }

  private String scheme() {
    return hostCa == null ? "http" : "https";
  }

  /** A free port kept for server {@code n}'s dedicated HA listener (its URL: {@link #listenerUrl}). */
  public URI listenerUrl(int n) {
    return URI.create(scheme() + "://127.0.0.1:" + listeners[n] + "/");
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
    KeaClient.Builder b = KeaClient.builder(agentUrl(n)).name("server" + n).connectTimeout(Duration.ofSeconds(2))
        .requestTimeout(requestTimeout);
    if (hostCa != null) {
      b.tls(dev.failover.kea.client.KeaTls.withClientCertificate(hostCa, hostCert, hostKey));
    }
    if (authUser != null) {
      b.basicAuth(authUser, dev.failover.Secret.of(authPassword));
    }
    return b.build();
  }

  /** A client of server {@code n}'s agent (30 s request time-out). */
  public KeaClient client(int n) {
    return client(n, Duration.ofSeconds(30));
  }

  /** Which Kea runs the pair. */
  public Install install() {
    return install;
  }

  /** Whether the servers' HA hooks listen on dedicated listeners (always on 2.6 and 3.0). */
  public boolean dedicatedListeners() {
    return dedicated;
  }

  /** The mode the pair was started in; null for a pair started without HA. */
  public Mode mode() {
    return mode;
  }

  /** The pair's temporary directory. */
  public Path dir() {
    return dir;
  }

  /** The directory holding Kea's hook libraries, as the servers see it. */
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
    if (!install.agent) {
      throw new IllegalStateException("Kea " + install.prefix + "x runs without agents in this pair");
    }
    if (agents[n] != null && agents[n].isAlive()) {
      throw new IllegalStateException("server" + n + "'s agent is running (PID " + agents[n].pid() + ")");
    }
    agents[n] = run(n, "agent-" + System.nanoTime(), "kea-ctrl-agent", agentConfigFile(n));
    awaitAnswer(n, STATE_TIMEOUT);
  }

  /**
   * Starts server {@code n}'s kea-dhcp4 again (after {@link #stopDhcp4} or {@link #stopServer}),
   * with the configuration file it was started with as it is now ({@code config-write} may have
   * changed it), and its agent too when that was stopped; waits (at most {@link #STATE_TIMEOUT})
   * until the server answers.
   */
  public void startDhcp4(int n) {
    if (dhcp[n] != null && dhcp[n].isAlive()) {
      throw new IllegalStateException("server" + n + "'s kea-dhcp4 is running (PID " + dhcp[n].pid() + ")");
    }
    String dhcpConfig = place(n, "/var/lib/kea", "kea-dhcp4.conf");
    String label = "dhcp4-" + System.nanoTime();
    dhcp[n] = serving ? run(n, label, "kea-dhcp4", dhcpConfig, "-p", Integer.toString(dhcpPorts[n]))
        : run(n, label, "kea-dhcp4", dhcpConfig);
    if (install.agent && (agents[n] == null || !agents[n].isAlive())) {
      agents[n] = run(n, "agent-" + System.nanoTime(), "kea-ctrl-agent", agentConfigFile(n));
    }
    awaitAnswer(n, STATE_TIMEOUT);
  }

  /** Stops server {@code n}'s kea-dhcp4 only (by its PID); its agent keeps answering. */
  public void stopDhcp4(int n) {
    stop(dhcp[n]);
  }

  /** The PIDs of server {@code n}'s kea-dhcp4 and kea-ctrl-agent (none on Kea 3.0), in that order. */
  public long[] pids(int n) {
    return install.agent ? new long[] {dhcp[n].pid(), agents[n].pid()} : new long[] {dhcp[n].pid()};
  }

  /** Whether server {@code n}'s processes are all running. */
  public boolean running(int n) {
    return dhcp[n] != null && dhcp[n].isAlive() && (!install.agent || agents[n] != null && agents[n].isAlive());
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
    releasePorts();
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run: the processes are being stopped anyway
    }
    if (root != null) {
      rootFiles.forEach(f -> f.toFile().delete());
      for (String inside : List.of("var/lib/kea", "run/kea", "var/log/kea")) {
        // the PID and other files Kea names after this pair's files
        try (Stream<Path> left = Files.list(root.resolve(inside))) {
          left.filter(f -> f.getFileName().toString().startsWith(tag)).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
          // nothing more to remove there
        }
      }
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
