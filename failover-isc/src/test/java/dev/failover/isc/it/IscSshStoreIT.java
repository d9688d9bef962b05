package dev.failover.isc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.failover.errors.BackendException;
import dev.failover.errors.ConflictException;
import dev.failover.Secret;
import dev.failover.isc.conf.IncludeResolver;
import dev.failover.isc.conf.IscConfig;
import dev.failover.isc.it.RealSshDhcpdPair.Side;
import dev.failover.isc.store.IscConfigSnapshot;
import dev.failover.isc.store.IscConfigStore;
import dev.failover.isc.store.RestartingWrite;
import dev.failover.isc.store.SshConfigStore;
import dev.failover.ssh.HostKeyPolicy;
import dev.failover.ssh.SshLogin;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.util.security.SecurityUtils;
import dev.failover.isc.omapi.OmapiClient;
import dev.failover.isc.omapi.OmapiEndpoint;
import dev.failover.isc.omapi.OmapiFailoverState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The dhcpd configuration over SSH against two real servers ({@link RealSshDhcpdPair}: OpenSSH's
 * sshd and dhcpd 4.4.3 in two network namespaces, each with its own private /etc/dhcp). One pair
 * for the class; the tests run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IscSshStoreIT {

  private static final Duration NORMAL_TIMEOUT = Duration.ofSeconds(60);
  private RealSshDhcpdPair pair;

  @BeforeAll
  void startPair() throws Exception {
    pair = RealSshDhcpdPair.start();
  }

  @AfterAll
  void stopPair() throws Exception {
    if (pair != null) {
      pair.close();
    }
  }

  @Test
  @Order(1)
  @DisplayName("each server has its own /etc/dhcp that neither the other server nor the SDK's host sees, and the pair reaches normal, answering OMAPI on its own address")
  void harness() throws Exception {
    pair.awaitBothNormal(0, 0, NORMAL_TIMEOUT);
    assertThat(pair.readFile(Side.PRIMARY, RealSshDhcpdPair.CONF)).contains("  primary;")
        .doesNotContain("secondary;");
    assertThat(pair.readFile(Side.SECONDARY, RealSshDhcpdPair.CONF)).contains("  secondary;");
    Path hostConf = Path.of(RealSshDhcpdPair.CONF);
    if (Files.exists(hostConf)) {
      assertThat(Files.readString(hostConf)).doesNotContain("RealSshDhcpdPair");
    }
    for (Side side : Side.values()) {
      try (OmapiClient client = OmapiClient.connect(OmapiEndpoint.builder().host(pair.address(side))
          .port(RealSshDhcpdPair.OMAPI_PORT).serverName("dhcpd-" + side).readTimeout(Duration.ofSeconds(10)).build())) {
        OmapiFailoverState state = client.failoverState(RealSshDhcpdPair.PEER);
        assertThat(state.localState().toString()).as("%s", side).containsIgnoringCase("normal");
      }
    }
  }

  private SshLogin.Builder login(Side side) {
    return SshLogin.builder().host(pair.address(side)).port(22).user("root").name("dhcpd-" + side)
        .hostKey(HostKeyPolicy.fingerprint(pair.hostFingerprint(side))).connectTimeout(Duration.ofSeconds(10))
        .authTimeout(Duration.ofSeconds(10));
  }

  private SshConfigStore store(Side side) {
    return SshConfigStore.builder(login(side).password(Secret.of(pair.password())).build(), RealSshDhcpdPair.CONF)
        .timeout(Duration.ofSeconds(30)).lockTimeout(Duration.ofSeconds(10)).build();
  }

  private static IscConfig parse(String text) {
    return IscConfig.parse(RealSshDhcpdPair.CONF, text, IncludeResolver.none());
  }

  private List<String> files(Side side) throws Exception {
    return pair.inside(side, "ls", "-a", "/etc/dhcp").output().lines().toList();
  }

  @Test
  @Order(2)
  @DisplayName("read over SFTP: the main file and its include, with the fingerprint of exactly the bytes on the server")
  void read() throws Exception {
    String main = pair.readFile(Side.PRIMARY, RealSshDhcpdPair.CONF);
    String extra = "default-lease-time 600;\n";
    pair.writeFile(Side.PRIMARY, "/etc/dhcp/extra.conf", extra);
    String withInclude = main + "include \"/etc/dhcp/extra.conf\";\n";
    pair.writeFile(Side.PRIMARY, RealSshDhcpdPair.CONF, withInclude);
    try (SshConfigStore store = store(Side.PRIMARY)) {
      IscConfigSnapshot snapshot = store.read();
      Map<String, String> files = snapshot.config().renderFiles();
      assertThat(files).hasSize(2);
      assertThat(files.values()).first().asString().contains("failover peer \"fo1\"");
      assertThat(files).containsEntry("/etc/dhcp/extra.conf", extra);
      Map<String, byte[]> bytes = new LinkedHashMap<>();
      bytes.put(RealSshDhcpdPair.CONF, withInclude.getBytes(StandardCharsets.ISO_8859_1));
      bytes.put("/etc/dhcp/extra.conf", extra.getBytes(StandardCharsets.ISO_8859_1));
      assertThat(snapshot.fingerprint()).isEqualTo(IscConfigStore.fingerprint(bytes));
    }
    pair.writeFile(Side.PRIMARY, RealSshDhcpdPair.CONF, main);
  }

  @Test
  @Order(3)
  @DisplayName("a write replaces the file on that server only, keeps a backup of the old one, leaves no temporary file, and returns the fingerprint a read then sees")
  void write() throws Exception {
    String before = pair.readFile(Side.PRIMARY, RealSshDhcpdPair.CONF);
    String secondary = pair.readFile(Side.SECONDARY, RealSshDhcpdPair.CONF);
    try (SshConfigStore store = store(Side.PRIMARY)) {
      IscConfigSnapshot s = store.read();
      String after = before + "default-lease-time 700;\n";
      String fp = store.write(parse(after), s.fingerprint());
      assertThat(pair.readFile(Side.PRIMARY, RealSshDhcpdPair.CONF)).isEqualTo(after);
      assertThat(store.read().fingerprint()).isEqualTo(fp);
      List<String> names = files(Side.PRIMARY);
      String backup = names.stream().filter(n -> n.matches("dhcpd\\.conf\\.\\d{8}T\\d{6}\\.\\d{3}Z\\.bak"))
          .findFirst().orElseThrow(() -> new AssertionError("no backup among " + names));
      assertThat(pair.readFile(Side.PRIMARY, "/etc/dhcp/" + backup)).isEqualTo(before);
      assertThat(names).noneMatch(n -> n.endsWith(".tmp"));
    }
    assertThat(pair.readFile(Side.SECONDARY, RealSshDhcpdPair.CONF)).isEqualTo(secondary);
  }

  @Test
  @Order(4)
  @DisplayName("writers that planned from the same state: a later one gets a conflict, and of two at once exactly one wins, never a silent overwrite")
  void conflict() throws Exception {
    try (SshConfigStore one = store(Side.PRIMARY); SshConfigStore two = store(Side.PRIMARY)) {
      IscConfigSnapshot s = one.read();
      String base = pair.readFile(Side.PRIMARY, RealSshDhcpdPair.CONF);
      two.write(parse(base + "# by two\n"), s.fingerprint());
      ConflictException e = catchThrowableOfType(ConflictException.class,
          () -> one.write(parse(base + "# by one\n"), s.fingerprint()));
      assertThat(e).isNotNull();
      assertThat(pair.readFile(Side.PRIMARY, RealSshDhcpdPair.CONF)).endsWith("# by two\n");

      String now = pair.readFile(Side.PRIMARY, RealSshDhcpdPair.CONF);
      String fp = one.read().fingerprint();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<String>> results = new ArrayList<>();
        for (SshConfigStore writer : List.of(one, two)) {
          String mark = writer == one ? "# race one\n" : "# race two\n";
          results.add(pool.submit(() -> writer.write(parse(now + mark), fp)));
        }
        int won = 0;
        int conflicts = 0;
        for (Future<String> f : results) {
          try {
            f.get(60, TimeUnit.SECONDS);
            won++;
          } catch (java.util.concurrent.ExecutionException x) {
            assertThat(x.getCause()).isInstanceOf(ConflictException.class);
            conflicts++;
          }
        }
        assertThat(won).isEqualTo(1);
        assertThat(conflicts).isEqualTo(1);
        String text = pair.readFile(Side.PRIMARY, RealSshDhcpdPair.CONF);
        assertThat(text.startsWith(now) && (text.endsWith("# race one\n") || text.endsWith("# race two\n"))).isTrue();
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  @Order(5)
  @DisplayName("a configuration the server's own dhcpd -t refuses is refused with dhcpd's message, and the file stays as it was")
  void dhcpdRefuses() throws Exception {
    String before = pair.readFile(Side.PRIMARY, RealSshDhcpdPair.CONF);
    try (SshConfigStore store = store(Side.PRIMARY)) {
      IscConfigSnapshot s = store.read();
      // parses, but dhcpd refuses a peer that no pool refers to
      String bad = before + "failover peer \"unused\" {\n  primary;\n  address 192.0.2.1;\n  port 648;\n"
          + "  peer address 192.0.2.9;\n  peer port 648;\n  max-response-delay 5;\n  max-unacked-updates 10;\n"
          + "  mclt 10;\n  split 128;\n}\n";
      BackendException e = catchThrowableOfType(BackendException.class, () -> store.write(parse(bad), s.fingerprint()));
      assertThat(e.kind()).isEqualTo(BackendException.Kind.REJECTED);
      assertThat(e.serverMessage()).contains("Failover peer, unused, has no referring pools")
          .doesNotContain("Internet Systems Consortium");
      BackendException checked = catchThrowableOfType(BackendException.class, () -> store.check(parse(bad)));
      assertThat(checked.kind()).isEqualTo(BackendException.Kind.REJECTED);
    }
    assertThat(pair.readFile(Side.PRIMARY, RealSshDhcpdPair.CONF)).isEqualTo(before);
    assertThat(files(Side.PRIMARY)).noneMatch(n -> n.endsWith(".tmp"));
  }

  @Test
  @Order(6)
  @DisplayName("the SSH session killed on the server in the middle of a write (candidate uploaded, dhcpd -t running): a transport error, the old file intact, and the next write cleans up")
  void droppedMidWrite() throws Exception {
    pair.writeFile(Side.PRIMARY, "/etc/dhcp/slow-dhcpd",
        "#!/bin/sh\necho $$ > /var/lib/dhcp/slow.pid\nsleep 60\nexec /usr/sbin/dhcpd \"$@\"\n");
    assertThat(pair.inside(Side.PRIMARY, "chmod", "755", "/etc/dhcp/slow-dhcpd").exitCode()).isZero();
    String before = pair.readFile(Side.PRIMARY, RealSshDhcpdPair.CONF);
    SshConfigStore slow = SshConfigStore.builder(login(Side.PRIMARY).password(Secret.of(pair.password())).build(),
        RealSshDhcpdPair.CONF).dhcpd("/etc/dhcp/slow-dhcpd").timeout(Duration.ofSeconds(60))
        .lockTimeout(Duration.ofSeconds(10)).build();
    try (slow) {
      String fp = slow.read().fingerprint();
      CompletableFuture<String> write = CompletableFuture.supplyAsync(
          () -> slow.write(parse(before + "# never\n"), fp));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (pair.inside(Side.PRIMARY, "cat", "/var/lib/dhcp/slow.pid").exitCode() != 0) {
        assertThat(System.nanoTime() - deadline).as("the write reached dhcpd -t").isNegative();
        TimeUnit.MILLISECONDS.sleep(50);
      }
      assertThat(files(Side.PRIMARY)).anyMatch(n -> n.startsWith(".dhcpd.conf.") && n.endsWith(".tmp"));
      List<Long> sessions = pair.sessionPids(Side.PRIMARY);
      assertThat(sessions).isNotEmpty();
      for (long pid : sessions) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
      long checker = Long.parseLong(pair.readFile(Side.PRIMARY, "/var/lib/dhcp/slow.pid").strip());
      ProcessHandle.of(checker).ifPresent(ProcessHandle::destroyForcibly);
      java.util.concurrent.ExecutionException e = catchThrowableOfType(java.util.concurrent.ExecutionException.class,
          () -> write.get(30, TimeUnit.SECONDS));
      assertThat(e.getCause()).isInstanceOfSatisfying(BackendException.class,
          b -> assertThat(b.kind()).isEqualTo(BackendException.Kind.TRANSPORT));
    }
    assertThat(pair.readFile(Side.PRIMARY, RealSshDhcpdPair.CONF)).isEqualTo(before);
    try (SshConfigStore store = store(Side.PRIMARY)) {
      store.write(parse(before + "# after the drop\n"), store.read().fingerprint());
    }
    assertThat(pair.readFile(Side.PRIMARY, RealSshDhcpdPair.CONF)).endsWith("# after the drop\n");
    assertThat(files(Side.PRIMARY)).noneMatch(n -> n.endsWith(".tmp"));
  }

  @Test
  @Order(7)
  @DisplayName("a server presenting another host key than the pinned one is refused before the password is sent")
  void wrongHostKey() {
    SshConfigStore store = SshConfigStore.builder(login(Side.PRIMARY)
        .hostKey(HostKeyPolicy.fingerprint(pair.hostFingerprint(Side.SECONDARY))).password(Secret.of(pair.password()))
        .build(), RealSshDhcpdPair.CONF).build();
    try (store) {
      BackendException e = catchThrowableOfType(BackendException.class, store::read);
      assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
      assertThat(e.serverCode()).contains("host-key");
      assertThat(e.getMessage()).contains(pair.hostFingerprint(Side.PRIMARY)).doesNotContain(pair.password());
    }
  }

  @Test
  @Order(8)
  @DisplayName("a wrong password is a credential error naming no secret; the key the server authorises logs in")
  void credentials() throws Exception {
    SshConfigStore wrong = SshConfigStore.builder(login(Side.PRIMARY).password(Secret.of("not-" + pair.password()))
        .build(), RealSshDhcpdPair.CONF).build();
    try (wrong) {
      BackendException e = catchThrowableOfType(BackendException.class, wrong::read);
      assertThat(e.kind()).isEqualTo(BackendException.Kind.CREDENTIALS);
      assertThat(e.getMessage()).doesNotContain(pair.password());
    }
    KeyPair key;
    try (InputStream in = java.nio.file.Files.newInputStream(pair.clientKey())) {
      key = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName("client_key"), in, null).iterator().next();
    }
    try (SshConfigStore store = SshConfigStore.builder(login(Side.SECONDARY).keyPair(key).build(),
        RealSshDhcpdPair.CONF).build()) {
      assertThat(store.read().config().render()).contains("secondary;");
    }
  }

  private OmapiEndpoint omapi(Side side) {
    return OmapiEndpoint.builder().host(pair.address(side)).port(RealSshDhcpdPair.OMAPI_PORT)
        .serverName("dhcpd-" + side).readTimeout(Duration.ofSeconds(5)).build();
  }

  /** Polls OMAPI (every 250 ms, within a minute) until the side's failover state is normal. */
  private void awaitNormal(Side side) throws Exception {
    long deadline = System.nanoTime() + NORMAL_TIMEOUT.toNanos();
    String last = "";
    while (true) {
      try (OmapiClient client = OmapiClient.connect(omapi(side))) {
        OmapiFailoverState state = client.failoverState(RealSshDhcpdPair.PEER);
        if (state.localState() == dev.failover.state.IscFailoverState.NORMAL) {
          return;
        }
        last = state.localState().toString();
      } catch (BackendException e) {
        last = e.getMessage();
      }
      assertThat(System.nanoTime() - deadline).as("%s normal again within %s (last: %s)", side, NORMAL_TIMEOUT, last)
          .isNegative();
      TimeUnit.MILLISECONDS.sleep(250);
    }
  }

  @Test
  @Order(9)
  @DisplayName("a write that takes effect: the restart command runs over SSH, dhcpd comes back with the new file and the pair is normal again")
  void restartTakesEffect() throws Exception {
    long oldPid = pair.dhcpdPid(Side.PRIMARY).orElseThrow();
    int primary = pair.mark(Side.PRIMARY);
    String before = pair.readFile(Side.PRIMARY, RealSshDhcpdPair.CONF);
    try (SshConfigStore store = store(Side.PRIMARY)) {
      IscConfigSnapshot s = store.read();
      String fp = RestartingWrite.write(store, s, parse(before + "default-lease-time 900;\n"), RealSshDhcpdPair.RESTART,
          omapi(Side.PRIMARY), Duration.ofSeconds(30));
      assertThat(store.read().fingerprint()).isEqualTo(fp);
    }
    assertThat(pair.dhcpdPid(Side.PRIMARY)).isPresent().get().isNotEqualTo(oldPid);
    assertThat(pair.log(Side.PRIMARY).subList(primary, pair.mark(Side.PRIMARY))).anyMatch(l -> l.startsWith("--- restart"));
    awaitNormal(Side.PRIMARY);
    awaitNormal(Side.SECONDARY);
  }

  @Test
  @Order(10)
  @DisplayName("a configuration dhcpd -t accepts but dhcpd cannot start with (local-address the host lacks) is rolled back: the old file restored, dhcpd restarted, both facts reported, the pair normal again")
  void failedStartRolledBack() throws Exception {
    String before = pair.readFile(Side.PRIMARY, RealSshDhcpdPair.CONF);
    int primary = pair.mark(Side.PRIMARY);
    try (SshConfigStore store = store(Side.PRIMARY)) {
      IscConfigSnapshot s = store.read();
      IscConfig bad = parse(before + "local-address 203.0.113.77;\n");
      store.check(bad); // dhcpd -t has nothing against it
      BackendException e = catchThrowableOfType(BackendException.class, () -> RestartingWrite.write(store, s, bad,
          RealSshDhcpdPair.RESTART, omapi(Side.PRIMARY), Duration.ofSeconds(10)));
      // dhcpd came back with the previous file: the server refused the new one, it was not unreachable
      assertThat(e.kind()).isEqualTo(BackendException.Kind.REJECTED);
      assertThat(e.getMessage()).startsWith("server ")
          .contains(" refused: the new configuration was written but dhcpd did not answer OMAPI within 10 s")
          .contains("the previous configuration was written back").contains("dhcpd answers OMAPI again");
      assertThat(store.read().fingerprint()).isEqualTo(s.fingerprint());
    }
    assertThat(pair.readFile(Side.PRIMARY, RealSshDhcpdPair.CONF)).isEqualTo(before);
    assertThat(pair.log(Side.PRIMARY).subList(primary, pair.mark(Side.PRIMARY)))
        .anyMatch(l -> l.contains("Can't bind to dhcp address"));
    awaitNormal(Side.PRIMARY);
    awaitNormal(Side.SECONDARY);
  }
}
