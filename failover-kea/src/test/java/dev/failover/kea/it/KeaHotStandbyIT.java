package dev.failover.kea.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.errors.BackendException;
import dev.failover.kea.client.HaHeartbeat;
import dev.failover.kea.client.HaRelationshipStatus;
import dev.failover.kea.client.KeaAnswer;
import dev.failover.kea.client.KeaClient;
import dev.failover.kea.client.KeaFlavour;
import dev.failover.kea.client.KeaStatus;
import dev.failover.kea.client.KeaVersion;
import dev.failover.kea.client.WrittenConfig;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.kea.config.Subnet4;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
import dev.failover.kea.internal.KeaJson;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The client and the configuration view against a real Kea 2.2 hot-standby pair on loopback. */
@DisplayName("a real Kea 2.2 hot-standby pair")
class KeaHotStandbyIT {

  private static RealKeaPair pair;
  private static KeaClient server1;
  private static KeaClient server2;
  private static Dhcp4Config original;

  @BeforeAll
  static void start() {
    pair = RealKeaPair.start(RealKeaPair.Mode.HOT_STANDBY);
    server1 = pair.client(1);
    server2 = pair.client(2);
    original = server1.configGet();
  }

  @AfterAll
  static void stop() {
    if (pair != null) {
      pair.close();
    }
  }

  /** Tests that change server1's configuration leave it as it started. */
  @AfterEach
  void restore() {
    if (!server1.configGet().fingerprint().equals(original.fingerprint())) {
      server1.configSet(original);
    }
  }

  @Test
  @DisplayName("the flavour of a Kea 2.2 Control Agent is detected, and version-get reports the server's 2.2")
  void flavourAndVersion() {
    KeaClient fresh = pair.client(1);
    assertThat(fresh.flavour()).isEqualTo(KeaFlavour.CONTROL_AGENT);
    KeaVersion version = fresh.versionGet();
    assertThat(version.major()).isEqualTo(2);
    assertThat(version.minor()).isEqualTo(2);
    assertThat(version.text()).startsWith("2.2.");
    assertThat(version.extended()).hasValueSatisfying(e -> assertThat(e).contains("linked with"));
  }

  @Test
  @DisplayName("list-commands includes the HA and configuration commands of the loaded hooks")
  void listCommands() {
    assertThat(server1.listCommands()).contains("config-get", "config-set", "config-test", "config-write",
        "ha-heartbeat", "ha-maintenance-start", "ha-sync", "lease4-get-all", "status-get");
  }

  @Test
  @DisplayName("two config-get reads of an unchanged server have the same fingerprint")
  void fingerprintStable() {
    Dhcp4Config first = server1.configGet();
    Dhcp4Config second = server1.configGet();
    assertThat(second.fingerprint()).isEqualTo(first.fingerprint()).hasSize(64);
    assertThat(first.thisServerNames()).containsExactly("server1");
    assertThat(server2.configGet().fingerprint()).isNotEqualTo(first.fingerprint());
  }

  @Test
  @DisplayName("config-test accepts the running configuration")
  void configTestOk() {
    KeaAnswer answer = server1.configTest(server1.configGet());
    assertThat(answer.result()).isZero();
    assertThat(answer.text()).hasValueSatisfying(t -> assertThat(t).startsWith("Configuration seems sane."));
  }

  @Test
  @DisplayName("config-test refuses a pool outside its subnet with Kea's own text and result 1")
  void configTestPoolOutsideSubnet() {
    ObjectNode entry = original.subnet(Subnet.parse("192.0.2.0/24")).orElseThrow().json();
    ((ObjectNode) entry.withArray("pools").get(0)).put("pool", "192.0.3.100-192.0.3.200");
    Dhcp4Config bad = original.withSubnet4(Subnet4.of(entry));
    assertThatThrownBy(() -> server1.configTest(bad))
        .isInstanceOfSatisfying(BackendException.class, e -> {
          assertThat(e.kind()).isEqualTo(BackendException.Kind.REJECTED);
          assertThat(e.serverCode()).hasValue("1");
          assertThat(e.serverMessage()).startsWith("subnet configuration failed: a pool of type V4, with the "
              + "following address range: 192.0.3.100-192.0.3.200 does not match the prefix of a subnet: "
              + "192.0.2.0/24 to which it is being added");
        });
  }

  @Test
  @DisplayName("config-test refuses a duplicate subnet id with Kea's own text and result 1")
  void configTestDuplicateId() {
    ObjectNode dhcp4 = original.dhcp4();
    dhcp4.withArray("subnet4").addObject().put("id", 1).put("subnet", "198.51.100.0/24");
    assertThatThrownBy(() -> server1.configTest(Dhcp4Config.ofDhcp4(dhcp4)))
        .isInstanceOfSatisfying(BackendException.class, e -> {
          assertThat(e.kind()).isEqualTo(BackendException.Kind.REJECTED);
          assertThat(e.serverCode()).hasValue("1");
          assertThat(e.serverMessage()).startsWith("ID of the new IPv4 subnet '1' is already in use");
        });
  }

  @Test
  @DisplayName("config-set with an added scope shows it in config-get, exactly as written, and config-write saves it")
  void configSetAddsScope() throws Exception {
    Scope scope = hostileScope();
    Dhcp4Config next = original.withScope(scope);
    assertThat(server1.configTest(next).result()).isZero();
    KeaAnswer set = server1.configSet(next);
    assertThat(set.text()).hasValue("Configuration successful.");

    Dhcp4Config running = server1.configGet();
    assertThat(running.scope(scope.subnet())).hasValue(scope);
    assertThat(running.scopes()).extracting(Scope::subnet)
        .containsExactly(Subnet.parse("192.0.2.0/24"), Subnet.parse("198.51.100.0/24"));
    assertThat(running.fingerprint()).isNotEqualTo(original.fingerprint());

    Path file = pair.dir().resolve("server1").resolve("written.json");
    WrittenConfig written = server1.configWrite(file.toString());
    assertThat(written.filename()).isEqualTo(file.toString());
    assertThat(written.size()).isPresent();
    String saved = pair.read(file).orElseThrow();
    // the file holds Kea's byte-per-escape text too (see nonAsciiText)
    Dhcp4Config fromFile = Dhcp4Config.of(KeaJson.repairByteEscapes(KeaJson.parse(saved)));
    assertThat(fromFile.scope(scope.subnet())).hasValue(scope);
  }

  @Test
  @DisplayName("Kea 2.2 writes each UTF-8 byte of non-ASCII text as its own \\u00XX escape; the client reads the text as configured")
  void nonAsciiText() throws Exception {
    Scope scope = Scope.builder().from(hostileScope())
        .properties(ScopeProperties.builder().id(7).name("caf\u00e9 \u4e2d").build()).build();
    server1.configSet(original.withScope(scope));
    HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(pair.agentUrl(1))
        .POST(HttpRequest.BodyPublishers.ofString("{\"command\":\"config-get\",\"service\":[\"dhcp4\"]}"))
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(raw.body()).contains("\"caf\\u00c3\\u00a9 \\u00e4\\u00b8\\u00ad\"");
    assertThat(server1.configGet().scope(scope.subnet()).map(Scope::name)).hasValue("caf\u00e9 \u4e2d");
  }

  @Test
  @DisplayName("a refused config-set leaves the previous configuration in force")
  void failedConfigSetKeepsOld() {
    String before = server1.configGet().fingerprint();
    ObjectNode dhcp4 = original.dhcp4();
    dhcp4.withArray("subnet4").addObject().put("id", 1).put("subnet", "198.51.100.0/24");
    assertThatThrownBy(() -> server1.configSet(Dhcp4Config.ofDhcp4(dhcp4)))
        .isInstanceOf(BackendException.class).hasMessageContaining("is already in use");
    assertThat(server1.configGet().fingerprint()).isEqualTo(before);
  }

  @Test
  @DisplayName("a scope with every mapped field round-trips through subnet4 JSON that Kea's config-test accepts")
  void scopeRoundTripAcceptedByKea() {
    Scope scope = hostileScope();
    Dhcp4Config next = original.withScope(scope);
    assertThat(next.scope(scope.subnet())).hasValue(scope);
    assertThat(server1.configTest(next).result()).isZero();
  }

  @Test
  @DisplayName("status-get and ha-heartbeat report hot-standby: server1 primary serving its scope, server2 standby")
  void statusAndHeartbeat() {
    HaHeartbeat one = pair.awaitState(1, "hot-standby", RealKeaPair.STATE_TIMEOUT);
    HaHeartbeat two = pair.awaitState(2, "hot-standby", RealKeaPair.STATE_TIMEOUT);
    assertThat(one.scopes()).containsExactly("server1");
    assertThat(two.scopes()).isEmpty();
    assertThat(one.instant()).isPresent();
    KeaStatus status = server1.statusGet();
    assertThat(status.pid()).isPresent();
    assertThat(status.highAvailability()).hasSize(1);
    HaRelationshipStatus ha = status.highAvailability().get(0);
    assertThat(ha.haMode()).isEqualTo("hot-standby");
    assertThat(ha.local().role()).isEqualTo("primary");
    assertThat(ha.local().state()).isEqualTo("hot-standby");
    assertThat(ha.local().scopes()).containsExactly("server1");
    assertThat(ha.remote()).hasValueSatisfying(r -> {
      assertThat(r.role()).isEqualTo("standby");
      assertThat(r.inTouch()).isTrue();
      assertThat(r.communicationInterrupted()).isFalse();
    });
  }

  @Test
  @DisplayName("ha-maintenance-start sent to server2 puts server1 in-maintenance; ha-maintenance-cancel brings both back")
  void maintenance() {
    pair.awaitState(1, "hot-standby", RealKeaPair.STATE_TIMEOUT);
    pair.awaitState(2, "hot-standby", RealKeaPair.STATE_TIMEOUT);
    KeaAnswer start = server2.haMaintenanceStart();
    assertThat(start.text()).hasValueSatisfying(t -> assertThat(t).contains("partner-in-maintenance"));
    pair.awaitState(2, "partner-in-maintenance", Duration.ofSeconds(20));
    pair.awaitState(1, "in-maintenance", Duration.ofSeconds(20));
    assertThat(server1.statusGet().highAvailability().get(0).local().state()).isEqualTo("in-maintenance");
    KeaAnswer cancel = server2.haMaintenanceCancel();
    assertThat(cancel.text()).hasValue("Server maintenance successfully canceled.");
    pair.awaitState(1, "hot-standby", RealKeaPair.STATE_TIMEOUT);
    pair.awaitState(2, "hot-standby", RealKeaPair.STATE_TIMEOUT);
  }

  @Test
  @DisplayName("ha-continue, ha-scopes and ha-sync answer with Kea's texts")
  void haCommands() {
    pair.awaitState(1, "hot-standby", RealKeaPair.STATE_TIMEOUT);
    pair.awaitState(2, "hot-standby", RealKeaPair.STATE_TIMEOUT);
    assertThat(server1.haContinue().text()).hasValue("HA state machine is not paused.");
    assertThat(server1.haScopes(List.of("server1")).text()).hasValue("New HA scopes configured.");
    assertThat(server2.haSync("server1", Duration.ofSeconds(30)).text())
        .hasValue("Lease database synchronization complete.");
    pair.awaitState(2, "hot-standby", RealKeaPair.STATE_TIMEOUT);
  }

  @Test
  @DisplayName("an unknown command is REJECTED with result 2 and Kea's text; lease4-get-all with no lease is EMPTY")
  void unsupportedAndEmpty() {
    assertThatThrownBy(() -> server1.command("no-such-command", null))
        .isInstanceOfSatisfying(BackendException.class, e -> {
          assertThat(e.serverCode()).hasValue("2");
          assertThat(e.serverMessage()).isEqualTo("'no-such-command' command not supported.");
        });
    KeaAnswer leases = server1.command("lease4-get-all", null);
    assertThat(leases.isEmpty()).isTrue();
    assertThat(leases.arguments().map(a -> a.path("leases").size())).hasValue(0);
  }

  /** A scope with every field the mapping knows, and names that would break a careless writer. */
  static Scope hostileScope() {
    String nasty = "x\"; }, \"subnet4\": [], \\u0000 '$(rm -rf /)' \u00e9\u4e2d";
    return Scope.builder()
        .subnet(Subnet.parse("198.51.100.0/24"))
        .properties(ScopeProperties.builder().id(7).name(nasty).description("desc \\ \"quoted\"")
            .leaseTime(Duration.ofSeconds(3600)).build())
        .addPool(Pool.of("198.51.100.10", "198.51.100.99"))
        .addPool(dev.failover.scope.ImmutablePool.builder()
            .range(dev.failover.scope.AddressRange.of("198.51.100.150", "198.51.100.160"))
            .clientClass("HA_server1").build())
        .addOption(OptionValue.builder().code(3).name("routers").value("198.51.100.1").build())
        .addOption(OptionValue.builder().code(6).name("domain-name-servers").value("198.51.100.2, 198.51.100.3")
            .build())
        .addReservation(Reservation.builder().identifier("1a:1b:1c:1d:1e:1f")
            .address(Ipv4Address.parse("198.51.100.5")).hostname("printer").name(nasty).description("d")
            .build())
        .addReservation(Reservation.builder().identifierType(Reservation.IdentifierType.CLIENT_ID)
            .identifier("01:02:03:04").address(Ipv4Address.parse("198.51.100.6")).build())
        .build();
  }
}
