package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failover.isc.it.RealSshDhcpdPair;
import dev.failover.isc.it.RealSshDhcpdPair.Side;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool against a real dhcpd 4.4.3 failover pair reached only over SSH (failover-isc's
 * {@link RealSshDhcpdPair}: sshd and dhcpd in two namespaces, each with its own /etc/dhcp): an
 * inventory of {@code ssh://} ISC servers (pinned host keys, the SSH password from the
 * environment, the OMAPI key from a file, {@code restart: command}); the tool reads status over
 * OMAPI on the servers' addresses, an operator's edit on isc-b is drift (3), replication with
 * {@code --apply} writes isc-b's file over SFTP and restarts its dhcpd, and the pair is normal again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IscSshCliIT {

  static final String PASSWORD_ENV = "ISC_SSH_PASSWORD";

  @TempDir
  static Path dir;

  private RealSshDhcpdPair pair;
  private Path inventory;
  private Map<String, String> env;

  @BeforeAll
  void start() throws Exception {
    pair = RealSshDhcpdPair.start(null, true);
    Path key = dir.resolve("omapi.key");
    Files.writeString(key, pair.omapiSecret() + "\n");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    inventory = dir.resolve("isc-ssh.yaml");
    StringBuilder servers = new StringBuilder("servers:\n");
    for (Side side : Side.values()) {
      servers.append("""
            - id: %s
              vendor: isc
              address: %s
              endpoint: "%s"
              credential: {user: root, passwordEnv: %s}
              credentials:
                omapi: {user: %s, passwordFile: omapi.key}
              options: {host-fingerprint: "%s", restart: command, restart-command: %s, restart-timeout: "30"}
          """.formatted(id(side), pair.peerLinkAddress(side), pair.endpoint(side), PASSWORD_ENV, pair.omapiKeyName(),
          pair.hostFingerprint(side), RealSshDhcpdPair.RESTART));
    }
    Files.writeString(inventory, servers + """
        principals:
          - {name: alice, roles: [dhcp-administrators]}
        defaultPrincipal: alice
        """);
    env = Map.of(PASSWORD_ENV, pair.password());
    pair.awaitBothNormal(0, 0, Duration.ofSeconds(60));
  }

  @AfterAll
  void stop() throws Exception {
    if (pair != null) {
      pair.close();
    }
  }

  private static String id(Side side) {
    return side == Side.PRIMARY ? "isc-a" : "isc-b";
  }

  private Cli.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of("-i", inventory.toString()));
    all.addAll(List.of(args));
    Cli.Result r = Cli.run(env, Terminal.none(), all.toArray(String[]::new));
    assertThat(r.all()).as("the tool's output").doesNotContain(pair.password()).doesNotContain(pair.omapiSecret());
    return r;
  }

  /** Polls {@code status --json} (every 250 ms, bounded) until both servers read normal. */
  private JsonNode awaitNormal() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      Cli.Result r = run("status", RealSshDhcpdPair.PEER, "--json");
      if (r.code() == ExitCode.OK) {
        JsonNode status = r.json();
        if (SandboxCommandsTest.texts(status.path("statuses"), "localCommon").equals(List.of("NORMAL", "NORMAL"))) {
          return status;
        }
      }
      assertThat(System.nanoTime() - deadline).as("both normal within 60 s; last:%n%s", r.all()).isNegative();
      TimeUnit.MILLISECONDS.sleep(250);
    }
  }

  @Test
  @DisplayName("ssh:// servers: status over OMAPI with the key from a file, an edit by hand on isc-b is drift 3, replicate --apply writes isc-b over SSH and restarts its dhcpd: isc-a untouched, the pair normal, drift 0")
  void statusDriftReplicate() throws Exception {
    awaitNormal();
    String text = run("status", RealSshDhcpdPair.PEER).expect(ExitCode.OK).out();
    assertThat(text).contains("isc-a", "isc-b").containsIgnoringCase("normal");
    run("drift").expect(ExitCode.OK);

    String b = pair.readFile(Side.SECONDARY, RealSshDhcpdPair.CONF);
    String edited = b.replace("subnet 192.0.2.0 netmask 255.255.255.0 {\n",
        "subnet 192.0.2.0 netmask 255.255.255.0 {\n  option domain-name \"edited-by-hand.example\";\n");
    assertThat(edited).isNotEqualTo(b);
    pair.writeFile(Side.SECONDARY, RealSshDhcpdPair.CONF, edited);
    JsonNode drift = run("drift", "--json").expect(ExitCode.DRIFT).json();
    assertThat(drift.path("relationships").get(0).path("differences").asInt()).isPositive();

    long a = pair.dhcpdPid(Side.PRIMARY).orElseThrow();
    long before = pair.dhcpdPid(Side.SECONDARY).orElseThrow();
    Cli.Result replicate = run("replicate", "relationship", RealSshDhcpdPair.PEER, "--from", "isc-a", "--apply",
        "--yes", "--no-progress").expect(ExitCode.OK);
    assertThat(replicate.out()).contains("Plan: replicate relationship " + RealSshDhcpdPair.PEER + " from isc-a",
        "applied plan", "isc-b now at state").doesNotContain("isc-a now at state");
    String after = pair.readFile(Side.SECONDARY, RealSshDhcpdPair.CONF);
    assertThat(after).doesNotContain("edited-by-hand.example")
        .contains("failover peer \"" + RealSshDhcpdPair.PEER + "\"", "range 192.0.2.100 192.0.2.200;");
    assertThat(pair.dhcpdPid(Side.SECONDARY)).as("isc-b's dhcpd, restarted by the tool").isPresent().get()
        .isNotEqualTo(before);
    assertThat(pair.dhcpdPid(Side.PRIMARY)).as("isc-a's dhcpd, not restarted").contains(a);
    awaitNormal();
    run("drift").expect(ExitCode.OK);
  }
}
