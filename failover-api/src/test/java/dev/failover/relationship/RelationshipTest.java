package dev.failover.relationship;

import static dev.failover.relationship.Expect.fields;
import static dev.failover.relationship.Expect.violations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.NotFoundException;
import dev.failover.errors.Violation;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Relationship")
class RelationshipTest {

  static final ServerId A = ServerId.of("dhcp-a");
  static final ServerId B = ServerId.of("dhcp-b");
  static final ServerId C = ServerId.of("dhcp-c");

  static Relationship.Builder isc() {
    return Relationship.builder().name("pair-1").mode(FailoverMode.LOAD_BALANCING).primary("dhcp-a").secondary("dhcp-b")
        .settings(IscFailoverSettings.defaults("192.0.2.1", "192.0.2.2"));
  }

  static Relationship.Builder windows(FailoverMode mode, WindowsFailoverSettings settings) {
    return Relationship.builder().name("win-1").mode(mode).primary("dhcp-a").secondary("dhcp-b").settings(settings);
  }

  static Relationship.Builder kea(FailoverMode mode) {
    return Relationship.builder().name("kea-1").mode(mode).primary(A).secondary(B).settings(
        KeaHaSettings.forPair(mode, A, URI.create("http://192.0.2.1:8001/"), B, URI.create("http://192.0.2.2:8001/")));
  }

  @Nested
  @DisplayName("building")
  class Building {

    @Test
    @DisplayName("the builder takes plain text; scopes are kept sorted and each once")
    void builderAndScopes() {
      Relationship r = isc().addScope("10.2.0.0/24").addScope("10.1.0.0/24").addScope("10.2.0.0/24")
          .addScope(Subnet.parse("10.0.0.0/16")).build();
      assertThat(r.name()).isEqualTo(RelationshipName.of("pair-1"));
      assertThat(r.primary()).isEqualTo(A);
      assertThat(r.scopes()).extracting(Subnet::toString).containsExactly("10.0.0.0/16", "10.1.0.0/24", "10.2.0.0/24");
      assertThat(r.vendor()).isEqualTo(Vendor.ISC);
    }

    @Test
    @DisplayName("Relationship.of builds one without scopes")
    void of() {
      Relationship r = Relationship.of("pair-1", FailoverMode.HOT_STANDBY, "dhcp-a", "dhcp-b",
          WindowsFailoverSettings.hotStandby(5));
      assertThat(r.scopes()).isEmpty();
      assertThat(r.vendor()).isEqualTo(Vendor.WINDOWS);
    }

    @Test
    @DisplayName("plusScopes and minusScopes keep the order and uniqueness")
    void scopeChanges() {
      Relationship r = isc().addScope("10.1.0.0/24").build();
      Relationship more = r.plusScopes(List.of(Subnet.parse("10.0.0.0/24"), Subnet.parse("10.1.0.0/24")));
      assertThat(more.scopes()).extracting(Subnet::toString).containsExactly("10.0.0.0/24", "10.1.0.0/24");
      assertThat(more.minusScopes(List.of(Subnet.parse("10.1.0.0/24"))).scopes()).extracting(Subnet::toString)
          .containsExactly("10.0.0.0/24");
    }

    @Test
    @DisplayName("a relationship is between two different servers")
    void samePrimaryAndSecondary() {
      assertThat(fields(() -> isc().secondary("dhcp-a").build())).containsExactly("secondary");
    }

    @Test
    @DisplayName("§2, §1: passive backup is refused for ISC and Windows")
    void unsupportedMode() {
      assertThat(fields(() -> isc().mode(FailoverMode.PASSIVE_BACKUP).build())).containsExactly("mode");
      assertThat(fields(() -> windows(FailoverMode.PASSIVE_BACKUP, WindowsFailoverSettings.defaults()).build()))
          .containsExactly("mode");
    }

    @Test
    @DisplayName("§1: the settings' mode rules are checked, prefixed with settings.")
    void settingsModeRules() {
      assertThat(fields(() -> windows(FailoverMode.LOAD_BALANCING, WindowsFailoverSettings.hotStandby(5)).build()))
          .containsExactly("settings.reservePercent", "settings.partnerRole");
      assertThat(fields(() -> isc().mode(FailoverMode.HOT_STANDBY).build())).containsExactly("settings.split");
    }

    @Test
    @DisplayName("§3.4: a Kea relationship needs peers on both servers in the roles the mode gives them")
    void keaPeersMatchServers() {
      assertThat(kea(FailoverMode.HOT_STANDBY).build().roleOf(B)).isEqualTo(ServerRole.STANDBY);
      assertThat(fields(() -> kea(FailoverMode.HOT_STANDBY).secondary(C).build())).containsExactly("settings.peers");
      KeaHaSettings swapped = KeaHaSettings.forPair(FailoverMode.HOT_STANDBY, B, URI.create("http://192.0.2.2:8001/"),
          A, URI.create("http://192.0.2.1:8001/"));
      assertThat(fields(() -> kea(FailoverMode.HOT_STANDBY).settings(swapped).build()))
          .containsExactly("settings.peers.role", "settings.peers.role");
    }

    @Test
    @DisplayName("§3.4: in passive backup the relationship's secondary is one of the backups")
    void keaPassiveBackup() {
      Relationship r = kea(FailoverMode.PASSIVE_BACKUP).build();
      assertThat(r.roleOf(B)).isEqualTo(ServerRole.BACKUP);
    }

    @Test
    @DisplayName("several broken rules are reported together in one exception")
    void allAtOnce() {
      List<Violation> v = violations(() -> Relationship.builder().name("x").mode(FailoverMode.LOAD_BALANCING)
          .primary(A).secondary(A).settings(KeaHaSettings.forPair(FailoverMode.HOT_STANDBY, B,
              URI.create("http://192.0.2.2:8001/"), C, URI.create("http://192.0.2.3:8001/"))).build());
      assertThat(v).extracting(Violation::field).containsExactly("secondary", "settings.peers", "settings.peers",
          "settings.peers", "settings.peers");
    }
  }

  @Nested
  @DisplayName("servers and roles")
  class Roles {

    @Test
    @DisplayName("§2: ISC servers are primary and secondary; each is the other's partner")
    void isc() {
      Relationship r = RelationshipTest.isc().build();
      assertThat(r.involves(A)).isTrue();
      assertThat(r.involves(C)).isFalse();
      assertThat(r.partnerOf(A)).isEqualTo(B);
      assertThat(r.partnerOf(B)).isEqualTo(A);
      assertThat(r.roleOf(A)).isEqualTo(ServerRole.PRIMARY);
      assertThat(r.roleOf(B)).isEqualTo(ServerRole.SECONDARY);
      assertThat(r.iscDeclarationFor(B).address()).isEqualTo("192.0.2.2");
    }

    @Test
    @DisplayName("a stranger has no partner and no role")
    void stranger() {
      Relationship r = RelationshipTest.isc().build();
      assertThatThrownBy(() -> r.partnerOf(C)).isInstanceOf(NotFoundException.class).hasMessageContaining("dhcp-c");
      assertThatThrownBy(() -> r.roleOf(C)).isInstanceOf(NotFoundException.class);
    }

    @Test
    @DisplayName("§3.4: Kea backups take part, with the primary as their partner")
    void keaBackup() {
      KeaHaSettings settings = KeaHaSettings.builder()
          .from(KeaHaSettings.forPair(FailoverMode.LOAD_BALANCING, A, URI.create("http://192.0.2.1:8001/"), B,
              URI.create("http://192.0.2.2:8001/")))
          .addPeer(KeaPeer.of(C, URI.create("http://192.0.2.3:8001/"), ServerRole.BACKUP)).build();
      Relationship r = kea(FailoverMode.LOAD_BALANCING).settings(settings).build();
      assertThat(r.servers()).containsExactly(A, B, C);
      assertThat(r.involves(C)).isTrue();
      assertThat(r.roleOf(C)).isEqualTo(ServerRole.BACKUP);
      assertThat(r.roleOf(B)).isEqualTo(ServerRole.SECONDARY);
      assertThat(r.partnerOf(C)).isEqualTo(A);
    }

    @Test
    @DisplayName("§1: Windows load balancing has a primary and a secondary server")
    void windowsLoadBalancing() {
      Relationship r = windows(FailoverMode.LOAD_BALANCING, WindowsFailoverSettings.loadBalance(60)).build();
      assertThat(r.roleOf(A)).isEqualTo(ServerRole.PRIMARY);
      assertThat(r.roleOf(B)).isEqualTo(ServerRole.SECONDARY);
    }

    @Test
    @DisplayName("§1: in Windows hot standby the active server is PRIMARY and the standby STANDBY, whichever side it is")
    void windowsHotStandby() {
      Relationship activePrimary = windows(FailoverMode.HOT_STANDBY, WindowsFailoverSettings.hotStandby(5)).build();
      assertThat(activePrimary.roleOf(A)).isEqualTo(ServerRole.PRIMARY);
      assertThat(activePrimary.roleOf(B)).isEqualTo(ServerRole.STANDBY);
      Relationship standbyPrimary = windows(FailoverMode.HOT_STANDBY,
          WindowsFailoverSettings.builder().partnerRole(WindowsServerRole.ACTIVE).build()).build();
      assertThat(standbyPrimary.roleOf(A)).isEqualTo(ServerRole.STANDBY);
      assertThat(standbyPrimary.roleOf(B)).isEqualTo(ServerRole.PRIMARY);
    }

    @Test
    @DisplayName("iscDeclarationFor is refused on a non-ISC relationship")
    void iscDeclarationOnWindows() {
      Relationship r = windows(FailoverMode.LOAD_BALANCING, WindowsFailoverSettings.defaults()).build();
      assertThat(fields(() -> r.iscDeclarationFor(A))).containsExactly("settings");
    }

    @Test
    @DisplayName("advisories are the settings' advisories for the relationship's mode")
    void advisories() {
      Relationship r = windows(FailoverMode.HOT_STANDBY, WindowsFailoverSettings.hotStandby(0)).build();
      assertThat(r.advisories()).isEqualTo(r.settings().advisories(FailoverMode.HOT_STANDBY))
          .anySatisfy(a -> assertThat(a).contains("reserve percent 0"));
    }
  }

  @Nested
  @DisplayName("against the inventory")
  class AgainstInventory {

    static Server server(String id, Vendor vendor, String endpoint) {
      return Server.of(id, vendor, "192.0.2." + (id.charAt(id.length() - 1) - 'a' + 1), URI.create(endpoint));
    }

    @Test
    @DisplayName("DESIGN: both servers must be in the inventory")
    void unknownServers() {
      Relationship r = isc().build();
      assertThat(r.violationsAgainst(Inventory.of(server("dhcp-a", Vendor.ISC, "file:///etc/dhcp/dhcpd.conf"))))
          .extracting(Violation::field).containsExactly("secondary");
      assertThat(r.violationsAgainst(Inventory.of())).extracting(Violation::field).containsExactly("primary", "secondary");
    }

    @Test
    @DisplayName("both servers must be of the settings' vendor")
    void wrongVendor() {
      Relationship r = isc().build();
      List<Violation> v = r.violationsAgainst(Inventory.of(server("dhcp-a", Vendor.ISC, "file:///etc/dhcp/dhcpd.conf"),
          server("dhcp-b", Vendor.KEA, "http://192.0.2.2:8000/")));
      assertThat(v).extracting(Violation::field).containsExactly("secondary");
      assertThat(v.get(0).rule()).contains("ISC dhcpd");
    }

    @Test
    @DisplayName("a matching inventory has nothing to say")
    void fine() {
      Relationship r = isc().build();
      assertThat(r.violationsAgainst(Inventory.of(server("dhcp-a", Vendor.ISC, "file:///a"),
          server("dhcp-b", Vendor.ISC, "file:///b")))).isEmpty();
    }

    @Test
    @DisplayName("§3.4: with Kea's dedicated HA listener a peer URL must not take the control endpoint's port")
    void keaListenerPort() {
      KeaHaSettings clash = KeaHaSettings.builder().multiThreading(KeaMultiThreading.defaults())
          .addPeer(KeaPeer.of(A, URI.create("http://192.0.2.1:8000/"), ServerRole.PRIMARY))
          .addPeer(KeaPeer.of(B, URI.create("http://192.0.2.2:8001/"), ServerRole.STANDBY)).build();
      Inventory inventory = Inventory.of(server("dhcp-a", Vendor.KEA, "http://192.0.2.1:8000/"),
          server("dhcp-b", Vendor.KEA, "http://192.0.2.2:8000/"));
      Relationship r = kea(FailoverMode.HOT_STANDBY).settings(clash).build();
      assertThat(r.violationsAgainst(inventory)).extracting(Violation::field).containsExactly("settings.peers.url");
      Relationship agent = kea(FailoverMode.HOT_STANDBY).settings(KeaHaSettings.builder().from(clash)
          .multiThreading(KeaMultiThreading.builder().httpDedicatedListener(false).build()).build()).build();
      assertThat(agent.violationsAgainst(inventory)).as("Kea 2.2 style: the peer URL is the control agent's").isEmpty();
    }
  }

  @Nested
  @DisplayName("among relationships")
  class Among {

    @Test
    @DisplayName("names are unique")
    void uniqueNames() {
      Relationship one = isc().build();
      Relationship two = isc().primary("dhcp-c").secondary("dhcp-d").settings(IscFailoverSettings.defaults("192.0.2.3",
          "192.0.2.4")).build();
      assertThat(Relationship.violationsAmong(List.of(one, two))).extracting(Violation::field).containsExactly("name");
    }

    @Test
    @DisplayName("§1, §2.2: on a server a scope belongs to one relationship only")
    void scopeInOneRelationship() {
      Relationship one = isc().addScope("10.1.0.0/24").build();
      Relationship two = isc().name("pair-2").secondary("dhcp-c").addScope("10.1.0.0/24").addScope("10.2.0.0/24").build();
      List<Violation> v = Relationship.violationsAmong(List.of(one, two));
      assertThat(v).extracting(Violation::field).containsExactly("scopes");
      assertThat(v.get(0).value()).isEqualTo("10.1.0.0/24");
      Relationship elsewhere = isc().name("pair-3").primary("dhcp-c").secondary("dhcp-d").addScope("10.1.0.0/24").build();
      assertThat(Relationship.violationsAmong(List.of(one, elsewhere))).as("other servers").isEmpty();
    }

    @Test
    @DisplayName("§1: at most 31 relationships per Windows server")
    void windowsLimit() {
      List<Relationship> many = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        many.add(windows(FailoverMode.LOAD_BALANCING, WindowsFailoverSettings.defaults()).name("r" + i)
            .secondary("partner-" + i).build());
      }
      assertThat(Relationship.violationsAmong(many.subList(0, 31))).isEmpty();
      List<Violation> v = Relationship.violationsAmong(many);
      assertThat(v).extracting(Violation::field).containsExactly("relationships");
      assertThat(v.get(0).value()).isEqualTo("dhcp-a: 32");
    }

    @Test
    @DisplayName("§3.4: a Kea server in several relationships uses hot standby in all, with unique peer names")
    void keaHubAndSpoke() {
      Relationship hs1 = kea(FailoverMode.HOT_STANDBY).build();
      KeaHaSettings spoke = KeaHaSettings.builder()
          .addPeer(KeaPeer.builder().server(A).name("dhcp-a-2").url(URI.create("http://192.0.2.1:8002/"))
              .role(ServerRole.PRIMARY).build())
          .addPeer(KeaPeer.of(C, URI.create("http://192.0.2.3:8001/"), ServerRole.STANDBY)).build();
      Relationship hs2 = Relationship.builder().name("kea-2").mode(FailoverMode.HOT_STANDBY).primary(A).secondary(C)
          .settings(spoke).build();
      assertThat(Relationship.violationsAmong(List.of(hs1, hs2))).isEmpty();

      Relationship lb = kea(FailoverMode.LOAD_BALANCING).name("kea-lb").secondary(C).settings(
          KeaHaSettings.forPair(FailoverMode.LOAD_BALANCING, A, URI.create("http://192.0.2.1:8003/"), C,
              URI.create("http://192.0.2.3:8003/"))).build();
      assertThat(Relationship.violationsAmong(List.of(hs1, lb))).extracting(Violation::field)
          .containsExactly("mode", "settings.peers.name");
    }

    @Test
    @DisplayName("§3.4: a hub server listens on its own address and port in each of its Kea relationships")
    void keaHubListeners() {
      Relationship hs1 = kea(FailoverMode.HOT_STANDBY).build();
      KeaHaSettings sameListener = KeaHaSettings.builder()
          .addPeer(KeaPeer.builder().server(A).name("dhcp-a-2").url(URI.create("http://192.0.2.1:8001/"))
              .role(ServerRole.PRIMARY).build())
          .addPeer(KeaPeer.of(C, URI.create("http://192.0.2.3:8001/"), ServerRole.STANDBY)).build();
      Relationship hs2 = Relationship.builder().name("kea-2").mode(FailoverMode.HOT_STANDBY).primary(A).secondary(C)
          .settings(sameListener).build();
      List<Violation> v = Relationship.violationsAmong(List.of(hs1, hs2));
      assertThat(v).extracting(Violation::field).containsExactly("settings.peers.url");
      assertThat(v.get(0).rule()).contains("dhcp-a");
    }
  }
}
