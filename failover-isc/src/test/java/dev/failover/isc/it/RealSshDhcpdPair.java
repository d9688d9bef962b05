package dev.failover.isc.it;

import static dev.failover.isc.it.RealDhcpdPair.mustRun;
import static dev.failover.isc.it.RealDhcpdPair.run;

import dev.failover.serving.Client;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A real ISC dhcpd 4.4 failover pair deployed as two separate hosts reached over SSH: two network
 * namespaces, each running OpenSSH's {@code sshd} (Debian's openssh-server) and dhcpd, each in a
 * private mount namespace whose {@code /etc/dhcp}, {@code /var/lib/dhcp} and {@code /root} are its own tmpfs (the
 * other namespace, and the JVM, see the machine's directories there, not these). The SDK under test
 * runs in the JVM, outside both, and reaches each server only over SSH (port 22) and OMAPI (port
 * {@value #OMAPI_PORT}) on the namespace's own address ({@link #address(Side)}, on a veth link from
 * the JVM's namespace, in 198.18.0.0/15). The servers' own link (192.0.2.0/24: failover between them,
 * DHCP to their clients) is a bridge in a third, client namespace ({@link #clientNamespace()}), where
 * {@link #discover} sends real DHCPDISCOVERs to both, as a relay agent on that link.
 *
 * <p>In each namespace: {@code /etc/dhcp/dhcpd.conf} (failover peer {@value #PEER}, short timers),
 * {@value #RESTART} (the operator's restart command: stops the dhcpd named by
 * {@code /var/lib/dhcp/dhcpd.pid}, starts {@code dhcpd -f -d} in the background, logging to
 * {@code /var/lib/dhcp/dhcpd.log}); {@code root} logs in with {@link #password()} (a shadow file
 * bind-mounted over {@code /etc/shadow} inside the private mount namespace only) or with the key of
 * {@link #clientKey()}; the host key is made by this harness ({@link #hostFingerprint(Side)}).
 *
 * <p>Names carry this JVM's PID and a counter, so parallel runs do not collide. {@link #close()}
 * stops every process in the two private mount namespaces (all descend from the sshd this harness
 * started), deletes both network namespaces and the temporary directory.
 */
public final class RealSshDhcpdPair implements AutoCloseable {

  /** The failover peer's name in both configurations. */
  public static final String PEER = "fo1";
  /** The OMAPI port of each dhcpd. */
  public static final int OMAPI_PORT = 7911;
  /** The main configuration file on each server. */
  public static final String CONF = "/etc/dhcp/dhcpd.conf";
  /** The restart command on each server. */
  public static final String RESTART = "/etc/dhcp/restart-dhcpd";
  /** The dhcpd log on each server. */
  public static final String LOG = "/var/lib/dhcp/dhcpd.log";
  /** The PID file of the running dhcpd on each server. */
  public static final String PID_FILE = "/var/lib/dhcp/dhcpd.pid";
  /** The client namespace's own address on the servers' link (the DHCP probe's relay address). */
  public static final String CLIENT_LINK_ADDRESS = "192.0.2.9";
  /** The log line that says the pair is in service. */
  public static final String BOTH_NORMAL = "failover peer " + PEER + ": Both servers normal";

  /** Which server of the pair. */
  public enum Side {
    PRIMARY("a", "192.0.2.1", "192.0.2.2"),
    SECONDARY("b", "192.0.2.2", "192.0.2.1");

    final String letter;
    final String peerLinkAddress;
    final String peerAddress;

    Side(String letter, String peerLinkAddress, String peerAddress) {
      this.letter = letter;
      this.peerLinkAddress = peerLinkAddress;
      this.peerAddress = peerAddress;
    }
  }

  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final String id;
  private final Path dir;
  private final String password;
  private final String[] addresses = new String[2];
  private final String[] fingerprints = new String[2];
  private final Process[] sshd = new Process[2];
  private final Deque<String> createdNamespaces = new ArrayDeque<>();
  private final Thread shutdownHook;
  private boolean closed;
  private java.util.Map<Side, String> configs;
  private final String omapiSecret;
  private boolean omapiKeyed;

  private RealSshDhcpdPair() throws IOException {
    long pid = ProcessHandle.current().pid();
    this.id = pid + "-" + COUNTER.incrementAndGet();
    this.dir = Files.createTempDirectory("dhcpd-ssh-pair-" + id + "-");
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    this.password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    byte[] key = new byte[16];
    new SecureRandom().nextBytes(key);
    this.omapiSecret = Base64.getEncoder().encodeToString(key);
    this.shutdownHook = new Thread(this::closeQuietly, "dhcpd-ssh-pair-cleanup-" + id);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Creates the namespaces and links, starts sshd in both (reachable when this returns) and dhcpd
   * in both through the restart command; does not wait for the pair to be normal.
   */
  public static RealSshDhcpdPair start() throws IOException, InterruptedException {
    return start(null);
  }

  /**
   * As {@link #start()}, each server starting on its own configuration text instead of the failover pair's.
   *
   * @param configs each side's dhcpd.conf, or null for {@link #configText(Side)}
   */
  public static RealSshDhcpdPair start(java.util.Map<Side, String> configs) throws IOException, InterruptedException {
    return start(configs, false);
  }

  /**
   * As {@link #start(java.util.Map)}; with {@code omapiKey}, each configuration begins with the
   * {@code key} statement of {@link #omapiKeyName()} (HMAC-MD5, {@link #omapiSecret()}) and
   * {@code omapi-key}, so dhcpd answers OMAPI only to messages signed with that key.
   *
   * @param configs each side's dhcpd.conf, or null for {@link #configText(Side)}
   * @param omapiKey whether OMAPI is protected by a key
   */
  public static RealSshDhcpdPair start(java.util.Map<Side, String> configs, boolean omapiKey)
      throws IOException, InterruptedException {
    for (String tool : List.of("/usr/sbin/sshd", "/usr/sbin/dhcpd", "/usr/bin/ssh-keygen", "/usr/bin/openssl")) {
      if (!Files.isExecutable(Path.of(tool))) {
        throw new IllegalStateException(tool + " is not installed; run scripts/ensure-dhcp-servers.sh as root"
            + " (the build runs it before the integration tests)");
      }
    }
    RealSshDhcpdPair pair = new RealSshDhcpdPair();
    pair.configs = configs;
    pair.omapiKeyed = omapiKey;
    try {
      pair.createNetwork();
      pair.makeKeys();
      for (Side side : Side.values()) {
        pair.stage(side);
        pair.startSshd(side);
      }
      for (Side side : Side.values()) {
        pair.awaitPort(side, 22, Duration.ofSeconds(20));
        pair.restartDhcpd(side);
      }
      return pair;
    } catch (IOException | InterruptedException | RuntimeException e) {
      pair.closeQuietly();
      throw e;
    }
  }

  /** The namespace of a side. */
  public String namespace(Side side) {
    return "fs" + id + side.letter;
  }

  /**
   * The client namespace: a bridge joining both servers' link interfaces (their failover link and
   * the link they serve DHCP on), with {@value #CLIENT_LINK_ADDRESS} of its own.
   */
  public String clientNamespace() {
    return "fs" + id + "c";
  }

  private String peerVeth(Side side) {
    return "fp" + id.replace("-", side.letter);
  }

  private String uplink(Side side) {
    return "fu" + id.replace("-", side.letter);
  }

  /** The address a side's partner reaches it at (its failover address, on the link between the namespaces). */
  public String peerLinkAddress(Side side) {
    return side.peerLinkAddress;
  }

  /** The address of a side as the JVM reaches it (sshd on port 22, OMAPI on {@value #OMAPI_PORT}). */
  public String address(Side side) {
    return addresses[side.ordinal()];
  }

  /** root's password on both servers. */
  public String password() {
    return password;
  }

  /** The name of the OMAPI key both servers declare when started with one. */
  public String omapiKeyName() {
    return "omapi-it";
  }

  /** The OMAPI key's base64 HMAC-MD5 secret (new for every pair). */
  public String omapiSecret() {
    return omapiSecret;
  }

  /** The {@code key} statement and {@code omapi-key} a keyed pair's configurations begin with. */
  public String omapiKeyStatements() {
    return "key \"" + omapiKeyName() + "\" {\n  algorithm hmac-md5;\n  secret \"" + omapiSecret + "\";\n}\n"
        + "omapi-key " + omapiKeyName() + ";\n";
  }

  /** The OpenSSH private key (PEM) whose public half both servers accept for root. */
  public Path clientKey() {
    return dir.resolve("client_key");
  }

  /** The SHA-256 fingerprint of a side's host key, as {@code ssh-keygen -lf} prints it. */
  public String hostFingerprint(Side side) {
    return fingerprints[side.ordinal()];
  }

  /** The {@code ssh://} endpoint of a side's configuration. */
  public java.net.URI endpoint(Side side) {
    return java.net.URI.create("ssh://root@" + address(side) + ":22" + CONF);
  }

  private void createNetwork() throws IOException, InterruptedException {
    for (Side side : Side.values()) {
      String ns = namespace(side);
      if (run(List.of("ip", "netns", "list")).output().lines().anyMatch(l -> l.split(" ")[0].equals(ns))) {
        mustRun(List.of("ip", "netns", "del", ns)); // left by an earlier JVM with this PID
      }
      mustRun(List.of("ip", "netns", "add", ns));
      createdNamespaces.push(ns);
    }
    // the link both servers and their clients share: a bridge in the client namespace, a veth from each server into it
    String client = clientNamespace();
    if (run(List.of("ip", "netns", "list")).output().lines().anyMatch(l -> l.split(" ")[0].equals(client))) {
      mustRun(List.of("ip", "netns", "del", client));
    }
    mustRun(List.of("ip", "netns", "add", client));
    createdNamespaces.push(client);
    mustRun(List.of("ip", "-n", client, "link", "add", "br0", "type", "bridge", "forward_delay", "0"));
    for (Side side : Side.values()) {
      mustRun(List.of("ip", "-n", client, "link", "add", "to-" + side.letter, "type", "veth", "peer", "name",
          peerVeth(side), "netns", namespace(side)));
      mustRun(List.of("ip", "-n", client, "link", "set", "to-" + side.letter, "master", "br0", "up"));
    }
    mustRun(List.of("ip", "-n", client, "addr", "add", CLIENT_LINK_ADDRESS + "/24", "dev", "br0"));
    mustRun(List.of("ip", "-n", client, "link", "set", "br0", "up"));
    mustRun(List.of("ip", "-n", client, "link", "set", "lo", "up"));
    String used = run(List.of("ip", "-4", "-o", "addr", "show")).output();
    int subnet = (int) (Math.floorMod(ProcessHandle.current().pid() * 64L + COUNTER.get() * 2L, 32768L));
    for (Side side : Side.values()) {
      String ns = namespace(side);
      String host;
      String local;
      while (true) {
        int base = subnet * 4;
        host = "198." + (18 + (base >> 16)) + "." + ((base >> 8) & 255) + "." + (base & 255 | 1);
        local = "198." + (18 + (base >> 16)) + "." + ((base >> 8) & 255) + "." + (base & 255 | 2);
        subnet = (subnet + 1) % 32768;
        if (!used.contains(" " + host + "/") && !used.contains(" " + local + "/")) {
          break;
        }
      }
      mustRun(List.of("ip", "link", "add", uplink(side), "type", "veth", "peer", "name", "up0", "netns", ns));
      mustRun(List.of("ip", "addr", "add", host + "/30", "dev", uplink(side)));
      mustRun(List.of("ip", "link", "set", uplink(side), "up"));
      mustRun(List.of("ip", "-n", ns, "addr", "add", local + "/30", "dev", "up0"));
      mustRun(List.of("ip", "-n", ns, "link", "set", "up0", "up"));
      mustRun(List.of("ip", "-n", ns, "addr", "add", side.peerLinkAddress + "/24", "dev", peerVeth(side)));
      mustRun(List.of("ip", "-n", ns, "link", "set", peerVeth(side), "up"));
      mustRun(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
      addresses[side.ordinal()] = local;
    }
  }

  private void makeKeys() throws IOException, InterruptedException {
    mustRun(List.of("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-m", "PEM", "-N", "", "-C", "failover-it",
        "-f", clientKey().toString()));
    for (Side side : Side.values()) {
      Path key = dir.resolve(side.letter + "-host_key");
      mustRun(List.of("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-C", namespace(side), "-f",
          key.toString()));
      String line = run(List.of("ssh-keygen", "-l", "-E", "sha256", "-f", key + ".pub")).output().strip();
      fingerprints[side.ordinal()] = line.split(" ")[1];
    }
  }

  /** Writes what a side's private directories start with into {@code <dir>/<letter>-stage}; the boot script moves it in. */
  private void stage(Side side) throws IOException, InterruptedException {
    Path stage = Files.createDirectories(dir.resolve(side.letter + "-stage"));
    Path etc = Files.createDirectories(stage.resolve("etc"));
    Path sshd = Files.createDirectories(stage.resolve("sshd"));
    Files.writeString(etc.resolve("dhcpd.conf"), (omapiKeyed ? omapiKeyStatements() : "")
        + (configs == null ? configText(side) : configs.get(side)));
    Files.writeString(etc.resolve("restart-dhcpd"), restartScript(side));
    Files.setPosixFilePermissions(etc.resolve("restart-dhcpd"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.move(dir.resolve(side.letter + "-host_key"), sshd.resolve("host_key"));
    Files.move(dir.resolve(side.letter + "-host_key.pub"), sshd.resolve("host_key.pub"));
    Files.copy(Path.of(clientKey() + ".pub"), sshd.resolve("authorized_keys"));
    Process p = new ProcessBuilder("openssl", "passwd", "-6", "-stdin").redirectErrorStream(true).start();
    try (var in = p.getOutputStream()) {
      in.write(password.getBytes(StandardCharsets.UTF_8));
    }
    String hash = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || !hash.startsWith("$6$")) {
      throw new IOException("openssl passwd failed: " + hash);
    }
    Path shadow = sshd.resolve("shadow");
    Files.writeString(shadow, "root:" + hash + ":19000:0:99999:7:::\n");
    Files.setPosixFilePermissions(shadow, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(sshd.resolve("sshd_config"), String.join("\n",
        "ListenAddress " + address(side),
        "Port 22",
        "HostKey /etc/dhcp/.sshd/host_key",
        "PidFile none",
        "UsePAM no",
        "PermitRootLogin yes",
        "PasswordAuthentication yes",
        "KbdInteractiveAuthentication no",
        "PubkeyAuthentication yes",
        "AuthorizedKeysFile /etc/dhcp/.sshd/authorized_keys",
        "MaxStartups 50",
        "Subsystem sftp internal-sftp",
        "LogLevel VERBOSE", ""));
    Files.writeString(dir.resolve(side.letter + "-boot.sh"), String.join("\n",
        "set -e",
        "mount -t tmpfs -o mode=0755 failover-it /etc/dhcp",
        "mount -t tmpfs -o mode=0755 failover-it /var/lib/dhcp",
        // root's home as on a fresh server: the machine's own dotfiles (a slow .bashrc) stay out of every SSH command
        "mount -t tmpfs -o mode=0700 failover-it /root",
        "cp -a '" + etc + "'/. /etc/dhcp/",
        "mkdir -m 0700 /etc/dhcp/.sshd",
        "cp -a '" + sshd + "'/. /etc/dhcp/.sshd/",
        "rm -rf '" + stage + "'",
        "touch /var/lib/dhcp/dhcpd.leases",
        "mount --bind /etc/dhcp/.sshd/shadow /etc/shadow",
        "mkdir -p /run/sshd",
        "exec /usr/sbin/sshd -D -e -f /etc/dhcp/.sshd/sshd_config", ""));
  }

  private String restartScript(Side side) {
    return String.join("\n",
        "#!/bin/sh",
        "# stops the dhcpd this script started last, then starts dhcpd on /etc/dhcp/dhcpd.conf in the background",
        "pf=" + PID_FILE,
        "if [ -s \"$pf\" ]; then",
        "  pid=$(cat \"$pf\")",
        "  kill \"$pid\" 2>/dev/null || true",
        "  i=0",
        "  while kill -0 \"$pid\" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done",
        "  kill -9 \"$pid\" 2>/dev/null || true",
        "fi",
        "echo \"--- restart $(date -u +%H:%M:%S.%N)\" >> " + LOG,
        "setsid /usr/sbin/dhcpd -f -d -cf " + CONF + " -lf /var/lib/dhcp/dhcpd.leases -pf /var/lib/dhcp/dhcpd.run.pid "
            + peerVeth(side) + " >> " + LOG + " 2>&1 < /dev/null &",
        "echo $! > \"$pf\"",
        "");
  }

  /** The configuration a side starts with: real-servers.md's pair with short failover timers. */
  public String configText(Side side) {
    StringBuilder c = new StringBuilder();
    c.append("# written by RealSshDhcpdPair for an integration test\n");
    c.append("omapi-port ").append(OMAPI_PORT).append(";\n");
    c.append(RealDhcpdPair.failoverPeerAndSubnet(side == Side.PRIMARY, side.peerLinkAddress, side.peerAddress, 5, 10));
    return c.toString();
  }

  private void startSshd(Side side) throws IOException {
    Path log = dir.resolve(side.letter + "-sshd.log");
    sshd[side.ordinal()] = new ProcessBuilder(List.of("ip", "netns", "exec", namespace(side), "unshare", "--mount",
        "--propagation", "private", "sh", dir.resolve(side.letter + "-boot.sh").toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    sshd[side.ordinal()].getOutputStream().close();
  }

  private void awaitPort(Side side, int port, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(address(side), port), 1000);
        return;
      } catch (IOException e) {
        if (!sshd[side.ordinal()].isAlive() || System.nanoTime() - deadline > 0) {
          throw new IOException("sshd " + side.name().toLowerCase() + " is not reachable on " + address(side) + ":"
              + port + " (" + e + "); its log:\n" + sshdLog(side), e);
        }
        TimeUnit.MILLISECONDS.sleep(50);
      }
    }
  }

  /** The log of a side's sshd (its stderr with {@code -e}). */
  public String sshdLog(Side side) throws IOException {
    Path log = dir.resolve(side.letter + "-sshd.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /** The PID of a side's sshd listener (ip netns exec, unshare and sh replace themselves with it). */
  public long sshdPid(Side side) {
    return sshd[side.ordinal()].pid();
  }

  /** Runs a command in a side's network and private mount namespace, as root (the harness's view, not the SDK's). */
  public RealDhcpdPair.CommandResult inside(Side side, String... command) throws IOException, InterruptedException {
    List<String> c = new ArrayList<>(List.of("nsenter", "-t", Long.toString(sshdPid(side)), "-m", "-n", "--"));
    c.addAll(List.of(command));
    return run(c);
  }

  /** A file in a side's private directories, read by the harness. */
  public String readFile(Side side, String path) throws IOException, InterruptedException {
    RealDhcpdPair.CommandResult r = inside(side, "cat", path);
    if (r.exitCode() != 0) {
      throw new IOException("cannot read " + path + " in " + side + ": " + r.output());
    }
    return r.output();
  }

  /** Writes a file in a side's private directories (the harness's hand, as an operator's edit). */
  public void writeFile(Side side, String path, String text) throws IOException, InterruptedException {
    Path local = Files.createTempFile(dir, "w", ".txt");
    Files.writeString(local, text);
    RealDhcpdPair.CommandResult r = inside(side, "cp", local.toString(), path);
    Files.deleteIfExists(local);
    if (r.exitCode() != 0) {
      throw new IOException("cannot write " + path + " in " + side + ": " + r.output());
    }
  }

  /** (Re)starts a side's dhcpd with its restart command, as the harness. */
  public void restartDhcpd(Side side) throws IOException, InterruptedException {
    RealDhcpdPair.CommandResult r = inside(side, RESTART);
    if (r.exitCode() != 0) {
      throw new IOException(RESTART + " failed in " + side + ": " + r.output());
    }
  }

  /** The PID of the dhcpd a side's restart command started last, if it runs. */
  public Optional<Long> dhcpdPid(Side side) throws IOException, InterruptedException {
    RealDhcpdPair.CommandResult r = inside(side, "cat", PID_FILE);
    if (r.exitCode() != 0 || r.output().isBlank()) {
      return Optional.empty();
    }
    long pid = Long.parseLong(r.output().strip());
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(h -> pid);
  }

  /** A side's dhcpd log, every line since the pair started (each restart adds a {@code --- restart} line). */
  public List<String> log(Side side) throws IOException, InterruptedException {
    RealDhcpdPair.CommandResult r = inside(side, "cat", LOG);
    return r.exitCode() == 0 ? r.output().lines().toList() : List.of();
  }

  /**
   * Polls a side's dhcpd log (every 200 ms, within {@code timeout}) for a line after line
   * {@code fromLine} that matches; fails with the log's tail.
   */
  public String awaitLog(Side side, int fromLine, Predicate<String> match, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> lines;
    while (true) {
      lines = log(side);
      for (int i = fromLine; i < lines.size(); i++) {
        if (match.test(lines.get(i))) {
          return lines.get(i);
        }
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("dhcpd " + side.name().toLowerCase() + " did not log the line within " + timeout
            + "; its log:\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }

  /** How many lines a side's log has now: a mark to wait for lines after it. */
  public int mark(Side side) throws IOException, InterruptedException {
    return log(side).size();
  }

  /** Waits until both logs say {@value #BOTH_NORMAL} after the marks. */
  public void awaitBothNormal(int fromPrimaryLine, int fromSecondaryLine, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    awaitLog(Side.PRIMARY, fromPrimaryLine, l -> l.contains(BOTH_NORMAL), timeout);
    awaitLog(Side.SECONDARY, fromSecondaryLine, l -> l.contains(BOTH_NORMAL),
        Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
  }

  /**
   * Real DHCPDISCOVERs from the client namespace: each client's, relayed from
   * {@value #CLIENT_LINK_ADDRESS} to both servers (on their link addresses, port 67) with option 118
   * naming the subnet to serve from, as one DHCP relay with both servers as helpers does.
   *
   * @param subnetSelection an address in the subnet the clients are in (option 118)
   * @param clients the clients
   * @param answerWait how long to wait for each client's first offer
   * @return each client's hardware address to the offers it got (offered address and server identifier)
   */
  public Map<String, List<NamespaceProbe.Offered>> discover(String subnetSelection, List<Client> clients,
      Duration answerWait) throws IOException, InterruptedException {
    return NamespaceProbe.discover(clientNamespace(), List.of("--relay", CLIENT_LINK_ADDRESS,
        "--server", Side.PRIMARY.peerLinkAddress + ":67", "--server", Side.SECONDARY.peerLinkAddress + ":67",
        "--subnet-selection", subnetSelection, "--answer-ms", Long.toString(answerWait.toMillis()), "--late-ms", "300"),
        clients, Duration.ofSeconds(60).plus(answerWait.multipliedBy(clients.size())));
  }

  /** The PIDs of a side's SSH sessions now (the sshd listener's children). */
  public List<Long> sessionPids(Side side) {
    return ProcessHandle.of(sshdPid(side)).map(h -> h.children().map(ProcessHandle::pid).toList()).orElse(List.of());
  }

  /** Every process in a side's private mount namespace: all descend from the sshd this harness started. */
  private List<ProcessHandle> processesOf(Side side) throws IOException {
    Path mine = Path.of("/proc", Long.toString(sshdPid(side)), "ns", "mnt");
    if (!Files.exists(mine)) {
      return List.of();
    }
    String ns = Files.readSymbolicLink(mine).toString();
    List<ProcessHandle> found = new ArrayList<>();
    ProcessHandle.allProcesses().forEach(h -> {
      try {
        if (ns.equals(Files.readSymbolicLink(Path.of("/proc", Long.toString(h.pid()), "ns", "mnt")).toString())) {
          found.add(h);
        }
      } catch (IOException | UnsupportedOperationException gone) {
        // ended meanwhile, or not readable: not ours
      }
    });
    return found;
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    List<Exception> failures = new ArrayList<>();
    boolean interrupted = Thread.interrupted();
    for (Side side : Side.values()) {
      if (sshd[side.ordinal()] == null) {
        continue;
      }
      try {
        List<ProcessHandle> ours = new ArrayList<>(processesOf(side));
        ours.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle h : ours) {
          while (h.isAlive() && System.nanoTime() - deadline < 0) {
            TimeUnit.MILLISECONDS.sleep(20);
          }
          if (h.isAlive()) {
            h.destroyForcibly();
          }
        }
        sshd[side.ordinal()].destroy();
        sshd[side.ordinal()].waitFor(10, TimeUnit.SECONDS);
      } catch (IOException | InterruptedException | RuntimeException e) {
        failures.add(e);
      }
    }
    while (!createdNamespaces.isEmpty()) {
      String ns = createdNamespaces.pop();
      try {
        mustRun(List.of("ip", "netns", "del", ns));
      } catch (IOException | InterruptedException e) {
        failures.add(e);
      }
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      failures.add(e);
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // called from the hook itself
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (!failures.isEmpty()) {
      IOException e = new IOException("cleaning up dhcpd SSH pair " + id + " failed");
      failures.forEach(e::addSuppressed);
      throw e;
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (IOException e) {
      System.err.println("RealSshDhcpdPair " + id + ": " + e);
    }
  }
}
