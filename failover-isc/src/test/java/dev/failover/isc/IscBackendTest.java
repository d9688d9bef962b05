package dev.failover.isc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.ConflictException;
import dev.failover.Failover;
import dev.failover.ProgressListener;
import dev.failover.errors.ValidationException;
import dev.failover.isc.conf.IscConfig;
import dev.failover.plan.AddPeer;
import dev.failover.plan.AddScope;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.DeletePeer;
import dev.failover.plan.IscPeer;
import dev.failover.plan.Plan;
import dev.failover.plan.RemoveRelationship;
import dev.failover.plan.RemoveScope;
import dev.failover.plan.ScopeChange;
import dev.failover.plan.ScopeFate;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.plan.SetPoolPeer;
import dev.failover.plan.Warning;
import dev.failover.plan.WarningCode;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.relationship.ServerRole;
import dev.failover.scope.AddressRange;
import dev.failover.scope.Exclusion;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.spi.Backends;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ISC backend through the facade, on dhcpd.conf files (without dhcpd: its IT variants run it). */
class IscBackendTest {

  static final String HEADER = "# dhcpd.conf of dhcp-a\n"
      + "authoritative;\n"
      + "omapi-port 7911;\n";
  static final String NET1 = "\n"
      + "subnet 10.1.0.0 netmask 255.255.255.0 {\n"
      + "  option routers 10.1.0.1;\n"
      + "  pool {\n"
      + "    range 10.1.0.100 10.1.0.150;\n"
      + "  }\n"
      + "  pool { range 10.1.0.200 10.1.0.250; }   # second pool, one line\n"
      + "}\n";
  static final String NET2 = "\n"
      + "subnet 10.2.0.0 netmask 255.255.255.0 {\n"
      + "\trange 10.2.0.10 10.2.0.20;      # a range outside a pool\n"
      + "}\n";
  static final String TAIL = "\n# hosts\n"
      + "host printer { hardware ethernet 00:16:3e:00:00:01; fixed-address 10.1.0.5; }\n";
  static final String A_TEXT = HEADER + NET1 + NET2 + TAIL;

  static final Subnet S1 = Subnet.parse("10.1.0.0/24");
  static final Subnet S2 = Subnet.parse("10.2.0.0/24");
  static final AddressRange P1 = AddressRange.of("10.1.0.100", "10.1.0.150");
  static final AddressRange P2 = AddressRange.of("10.1.0.200", "10.1.0.250");
  static final AddressRange P3 = AddressRange.of("10.2.0.10", "10.2.0.20");

  @TempDir
  Path dir;
  IscWorld world;

  @BeforeEach
  void servers() {
    world = new IscWorld(dir)
        .server("dhcp-a", "192.0.2.1", A_TEXT)
        .server("dhcp-b", "192.0.2.2", "authoritative;\n")
        .server("dhcp-c", "192.0.2.3", "authoritative;\n")
        .server("dhcp-d", "192.0.2.4", "authoritative;\n");
  }

  static IscFailoverSettings settings(String primary, String secondary) {
    return IscFailoverSettings.defaults(primary, secondary);
  }

  /** A peer of dhcp-a (the primary) towards another server. */
  static IscPeer peerOfA(String name, String partnerAddress) {
    return IscPeer.of(name, settings("192.0.2.1", partnerAddress).declarationFor(ServerRole.PRIMARY));
  }

  Set<String> poolPeers(String server) {
    return world.state(server).scopes().stream().flatMap(s -> s.pools().stream())
        .map(p -> p.range() + "=" + p.failoverPeer().orElse("-")).collect(Collectors.toCollection(TreeSet::new));
  }

  @Nested
  @DisplayName("the rewiring rules of ISC peers, applied to dhcp-a's file")
  class Rewiring {

    @Test
    @DisplayName("the first peer governs every pool; nothing else in the file changes")
    void firstPeer() {
      Plan plan = world.apply(AddPeer.of("dhcp-a", peerOfA("fo-b", "192.0.2.2")));
      assertThat(plan.warnings()).extracting(Warning::code).contains(WarningCode.FIRST_PEER);
      assertThat(poolPeers("dhcp-a")).containsExactly(P1 + "=fo-b", P2 + "=fo-b", P3 + "=fo-b");
      String text = world.text("dhcp-a");
      assertThat(text).startsWith(HEADER + "\nfailover peer \"fo-b\" {\n  primary;\n  address 192.0.2.1;\n  port 647;\n"
          + "  peer address 192.0.2.2;\n  peer port 647;\n  max-response-delay 60;\n  max-unacked-updates 10;\n"
          + "  mclt 3600;\n  split 128;\n  load balance max seconds 3;\n}\n"
          + "\nsubnet 10.1.0.0 netmask 255.255.255.0 {\n"
          + "  option routers 10.1.0.1;\n"
          + "  pool {\n"
          + "    failover peer \"fo-b\";\n"
          + "    range 10.1.0.100 10.1.0.150;\n"
          + "  }\n"
          + "  pool { failover peer \"fo-b\"; range 10.1.0.200 10.1.0.250; }   # second pool, one line\n"
          + "}\n");
      assertThat(text).endsWith("      # a range outside a pool\n}\n" + TAIL);
      ServerState a = world.state("dhcp-a");
      Relationship r = a.relationship(RelationshipName.of("fo-b")).orElseThrow();
      // dhcp-b does not declare fo-b: the settings are dhcp-a's own, which hold everything as primary
      assertThat(r.settings()).isEqualTo(settings("192.0.2.1", "192.0.2.2"));
      assertThat(r.mode()).isEqualTo(FailoverMode.LOAD_BALANCING);
      assertThat(r.primary()).isEqualTo(ServerId.of("dhcp-a"));
      assertThat(r.secondary()).isEqualTo(ServerId.of("dhcp-b"));
      assertThat(r.scopes()).containsExactly(S1, S2);
      assertThat(world.reloaded()).containsExactly(world.file("dhcp-a").toAbsolutePath().normalize());
    }

    @Test
    @DisplayName("a second peer has no pool yet: it is kept dormant, and a pool moved to it wakes it")
    void secondPeerDormant() {
      world.apply(AddPeer.of("dhcp-a", peerOfA("fo-b", "192.0.2.2")));
      String before = world.text("dhcp-a");
      world.apply(AddPeer.of("dhcp-a", peerOfA("fo-c", "192.0.2.3")));
      String text = world.text("dhcp-a");
      assertThat(text).contains("#dormant# failover peer \"fo-c\" {");
      assertThat(IscConfig.parse(text).peers()).extracting(p -> p.name()).containsExactly("fo-b");
      assertThat(world.state("dhcp-a").peers()).extracting(IscPeer::name).containsExactly("fo-b", "fo-c");
      assertThat(String.join("\n", text.lines().filter(l -> !l.startsWith("#dormant#")).toList()) + "\n")
          .isEqualTo(before.replace("}\n\nsubnet 10.1.0.0", "}\n\n\nsubnet 10.1.0.0"));
      world.apply(SetPoolPeer.of("dhcp-a", "10.1.0.0/24", P2.toString(), "fo-c"));
      assertThat(poolPeers("dhcp-a")).containsExactly(P1 + "=fo-b", P2 + "=fo-c", P3 + "=fo-b");
      assertThat(world.text("dhcp-a")).doesNotContain("#dormant#").contains("failover peer \"fo-c\" {");
      assertThat(world.state("dhcp-a").relationship(RelationshipName.of("fo-c")).orElseThrow().scopes())
          .containsExactly(S1);
    }

    @Test
    @DisplayName("deleting one of two peers moves its pools to the other")
    void deleteOneOfTwo() {
      world.apply(AddPeer.of("dhcp-a", peerOfA("fo-b", "192.0.2.2")));
      world.apply(AddPeer.of("dhcp-a", peerOfA("fo-c", "192.0.2.3")));
      world.apply(SetPoolPeer.of("dhcp-a", "10.2.0.0/24", P3.toString(), "fo-c"));
      Plan plan = world.apply(DeletePeer.of("dhcp-a", "fo-c"));
      assertThat(plan.warnings()).extracting(Warning::code).containsExactly(WarningCode.POOLS_REWIRED);
      assertThat(poolPeers("dhcp-a")).containsExactly(P1 + "=fo-b", P2 + "=fo-b", P3 + "=fo-b");
      assertThat(world.text("dhcp-a")).doesNotContain("fo-c");
    }

    @Test
    @DisplayName("deleting one of three peers needs the replacement named (the error lists the candidates)")
    void deleteOneOfThree() {
      world.apply(AddPeer.of("dhcp-a", peerOfA("fo-b", "192.0.2.2")));
      world.apply(AddPeer.of("dhcp-a", peerOfA("fo-c", "192.0.2.3")));
      world.apply(AddPeer.of("dhcp-a", peerOfA("fo-d", "192.0.2.4")));
      world.apply(SetPoolPeer.of("dhcp-a", "10.1.0.0/24", P2.toString(), "fo-c"));
      world.apply(SetPoolPeer.of("dhcp-a", "10.2.0.0/24", P3.toString(), "fo-d"));
      Failover f = world.failover();
      assertThatThrownBy(() -> f.plan(DeletePeer.of("dhcp-a", "fo-b"))).isInstanceOf(ValidationException.class)
          .hasMessageContaining("candidates: \"fo-c\", \"fo-d\"");
      world.apply(DeletePeer.of("dhcp-a", "fo-b").withReplacement("fo-d"));
      assertThat(poolPeers("dhcp-a")).containsExactly(P1 + "=fo-d", P2 + "=fo-c", P3 + "=fo-d");
      assertThat(world.state("dhcp-a").peers()).extracting(IscPeer::name).containsExactly("fo-c", "fo-d");
    }

    @Test
    @DisplayName("deleting the last peer removes the references; the scopes are as before")
    void deleteLast() {
      List<Scope> original = world.state("dhcp-a").scopes();
      world.apply(AddPeer.of("dhcp-a", peerOfA("fo-b", "192.0.2.2")));
      Plan plan = world.apply(DeletePeer.of("dhcp-a", "fo-b"));
      assertThat(plan.warnings()).extracting(Warning::code).containsExactly(WarningCode.POOL_REFERENCES_REMOVED);
      String text = world.text("dhcp-a");
      assertThat(text).doesNotContain("failover").doesNotContain("#dormant#").startsWith(HEADER).endsWith(TAIL);
      assertThat(world.state("dhcp-a").scopes()).isEqualTo(original);
      assertThat(world.state("dhcp-a").peers()).isEmpty();
    }

    @Test
    @DisplayName("moving a peer's last pool away deletes the peer, with a warning")
    void lastPoolMoved() {
      world.apply(AddPeer.of("dhcp-a", peerOfA("fo-b", "192.0.2.2")));
      world.apply(AddPeer.of("dhcp-a", peerOfA("fo-c", "192.0.2.3")));
      world.apply(SetPoolPeer.of("dhcp-a", "10.1.0.0/24", P2.toString(), "fo-c"));
      Plan plan = world.apply(SetPoolPeer.of("dhcp-a", "10.1.0.0/24", P2.toString(), "fo-b"));
      assertThat(plan.warnings()).extracting(Warning::code).containsExactly(WarningCode.PEER_DELETED);
      assertThat(world.state("dhcp-a").peers()).extracting(IscPeer::name).containsExactly("fo-b");
      assertThat(world.text("dhcp-a")).doesNotContain("fo-c");
    }
  }

  @Nested
  @DisplayName("relationships")
  class Relationships {

    @Test
    @DisplayName("created with a hostile name and a scope: both files hold their half, both servers read the same relationship")
    void hostileName() {
      String name = "pair \"1\"; } #\\ subnet 10.9.0.0 netmask 255.255.0.0 {";
      Relationship r = Relationship.builder().name(name).mode(FailoverMode.HOT_STANDBY).primary("dhcp-a")
          .secondary("dhcp-b").settings(IscFailoverSettings.forMode(FailoverMode.HOT_STANDBY, "192.0.2.1", "192.0.2.2"))
          .addScope(S1).build();
      world.apply(CreateRelationship.of(r));
      Failover f = world.failover();
      Relationship a = world.state("dhcp-a").relationship(r.name()).orElseThrow();
      Relationship b = world.state("dhcp-b").relationship(r.name()).orElseThrow();
      assertThat(a).isEqualTo(r).isEqualTo(b).isEqualTo(f.relationship(name));
      for (String id : List.of("dhcp-a", "dhcp-b")) {
        IscConfig c = IscConfig.parse(world.text(id));
        assertThat(c.subnets()).doesNotContain(Subnet.parse("10.9.0.0/16"));
        assertThat(c.peer(name)).isPresent();
        assertThat(world.text(id)).contains("failover peer \"pair \\\"1\\\"; } #\\\\ subnet 10.9.0.0 netmask 255.255.0.0 {\"");
      }
      assertThat(IscConfig.parse(world.text("dhcp-b")).peer(name).orElseThrow().mclt()).isEmpty();
      assertThat(IscConfig.parse(world.text("dhcp-a")).peer(name).orElseThrow().split()).hasValue(256);
      assertThat(world.state("dhcp-b").scope(S1)).isEqualTo(world.state("dhcp-a").scope(S1));
      assertThat(f.drift(name).isEmpty()).isTrue();
    }

    @Test
    @DisplayName("without scopes the peers are dormant on both servers; a scope wakes them; removing it disables the copy")
    void lifeCycle() {
      Relationship r = Relationship.of("pair-1", FailoverMode.LOAD_BALANCING, "dhcp-a", "dhcp-b",
          settings("192.0.2.1", "192.0.2.2"));
      world.apply(CreateRelationship.of(r));
      assertThat(world.text("dhcp-a")).contains("#dormant# failover peer \"pair-1\"");
      assertThat(world.text("dhcp-b")).contains("#dormant# failover peer \"pair-1\"");
      assertThat(world.state("dhcp-a").relationship(r.name())).contains(r);
      assertThat(world.state("dhcp-b").relationship(r.name())).contains(r);

      world.apply(AddScope.of("pair-1", "10.1.0.0/24"));
      assertThat(world.text("dhcp-a")).doesNotContain("#dormant#");
      assertThat(world.text("dhcp-b")).doesNotContain("#dormant#");
      Relationship joined = r.plusScopes(List.of(S1));
      assertThat(world.state("dhcp-a").relationship(r.name())).contains(joined);
      assertThat(world.state("dhcp-b").relationship(r.name())).contains(joined);

      world.apply(RemoveScope.of("pair-1", "10.1.0.0/24", "dhcp-a", ScopeFate.DISABLE));
      assertThat(world.state("dhcp-b").scope(S1).orElseThrow().enabled()).isFalse();
      assertThat(world.state("dhcp-a").scope(S1).orElseThrow().enabled()).isTrue();
      assertThat(world.text("dhcp-b")).contains("ignore booting; # disabled by the failover SDK");
      assertThat(world.text("dhcp-a")).contains("#dormant# failover peer \"pair-1\"");
      assertThat(world.state("dhcp-a").relationship(r.name())).contains(r);

      world.apply(RemoveRelationship.of("pair-1"));
      assertThat(world.state("dhcp-a").peers()).isEmpty();
      assertThat(world.state("dhcp-b").peers()).isEmpty();
      assertThat(world.text("dhcp-a")).doesNotContain("pair-1").startsWith(HEADER).endsWith(TAIL);
    }

    @Test
    @DisplayName("the secondary alone: when the primary's file cannot be read, mclt and split are dhcpd's example values")
    void oneSide() throws Exception {
      Relationship r = Relationship.of("pair-2", FailoverMode.HOT_STANDBY, "dhcp-a", "dhcp-b",
          IscFailoverSettings.builder().primaryAddress("192.0.2.1").secondaryAddress("192.0.2.2").split(256)
              .mclt(Duration.ofSeconds(600)).build()).plusScopes(List.of(S1));
      world.apply(CreateRelationship.of(r));
      Files.delete(world.file("dhcp-a"));
      Relationship seen = world.state("dhcp-b").relationship(r.name()).orElseThrow();
      IscFailoverSettings s = (IscFailoverSettings) seen.settings();
      assertThat(s.mclt()).isEqualTo(Duration.ofHours(1));
      assertThat(s.split()).hasValue(128);
      assertThat(seen.mode()).isEqualTo(FailoverMode.LOAD_BALANCING);
      assertThat(s.primaryAddress()).isEqualTo("192.0.2.1");
      assertThat(seen.scopes()).containsExactly(S1);
    }

    @Test
    @DisplayName("a peer address that is no inventory server is a problem naming the peer and the address; the rest is read")
    void unknownPartner() {
      world.write("dhcp-b", "failover peer \"lost\" { secondary; address 192.0.2.2; peer address 203.0.113.7; }\n"
          + "subnet 10.1.0.0 netmask 255.255.255.0 { pool { failover peer \"lost\"; range 10.1.0.10 10.1.0.20; } }\n");
      ServerState b = world.state("dhcp-b");
      assertThat(b.relationships()).as("the peer's relationship is left out").isEmpty();
      assertThat(b.peers()).extracting(IscPeer::name).containsExactly("lost");
      assertThat(b.scopes()).hasSize(1);
      assertThat(b.problems()).singleElement().asString().contains("failover peer \"lost\" on dhcp-b")
          .contains("203.0.113.7").contains("dhcp-a (192.0.2.1)");
    }

    @Test
    @DisplayName("mirrored declarations that do not match (both secondary) are a problem naming both servers; the server stays readable")
    void mismatch() {
      world.write("dhcp-b", "failover peer \"x\" { secondary; address 192.0.2.2; peer address 192.0.2.1; }\n"
          + "subnet 10.1.0.0 netmask 255.255.255.0 { pool { failover peer \"x\"; range 10.1.0.10 10.1.0.20; } }\n");
      world.write("dhcp-a", "failover peer \"x\" { secondary; address 192.0.2.1; peer address 192.0.2.2; }\n"
          + "subnet 10.1.0.0 netmask 255.255.255.0 { pool { failover peer \"x\"; range 10.1.0.10 10.1.0.20; } }\n");
      ServerState b = world.state("dhcp-b");
      assertThat(b.relationships()).as("the disagreeing pair is no relationship until repaired").isEmpty();
      assertThat(b.peers()).extracting(IscPeer::name).containsExactly("x");
      assertThat(b.problems()).singleElement().asString().contains("declared on dhcp-b and dhcp-a")
          .contains("must be PRIMARY");
    }
  }

  @Nested
  @DisplayName("what the backend refuses, before anything is written")
  class Refusals {

    ServerPlan part(String server, ScopeChange change) {
      ServerState s = world.state(server);
      return dev.failover.plan.ImmutableServerPlan.builder().server(ServerId.of(server)).vendor(Vendor.ISC)
          .fingerprint(s.fingerprint()).addChanges(change).build();
    }

    @Test
    @DisplayName("an exclusion inside no pool cannot be held by dhcpd.conf")
    void exclusionOutsidePools() {
      Scope s = Scope.builder().subnet(Subnet.parse("10.7.0.0/24")).addPool(Pool.of("10.7.0.10", "10.7.0.20"))
          .addExclusion(Exclusion.of("10.7.0.50", "10.7.0.60")).build();
      String before = world.text("dhcp-b");
      ServerPlan p = part("dhcp-b", ScopeChange.create(s));
      assertThatThrownBy(() -> world.backend.check(world.server("dhcp-b"), p)).isInstanceOf(ValidationException.class)
          .hasMessageContaining("dhcpd.conf cannot hold it").hasMessageContaining("exclusion 10.7.0.50-10.7.0.60");
      assertThatThrownBy(() -> world.backend.apply(world.server("dhcp-b"), p, ProgressListener.NONE))
          .isInstanceOf(ValidationException.class);
      assertThat(world.text("dhcp-b")).isEqualTo(before);
    }

    @Test
    @DisplayName("a scope name or description cannot be written; a hostile option value is escaped and reads back")
    void hostileScope() {
      Scope named = Scope.builder().subnet(Subnet.parse("10.7.0.0/24"))
          .properties(ScopeProperties.builder().name("x\"; }").build()).build();
      assertThatThrownBy(() -> world.backend.check(world.server("dhcp-b"), part("dhcp-b", ScopeChange.create(named))))
          .isInstanceOf(ValidationException.class).hasMessageContaining("a dhcpd subnet has no name");
      String evil = "x\"; } subnet 10.9.0.0 netmask 255.255.0.0 { # \\\" \u00e9";
      Scope unnamed = Scope.builder().subnet(Subnet.parse("10.7.0.0/24")).addPool(Pool.of("10.7.0.10", "10.7.0.20"))
          .addOption(OptionValue.builder().code(15).value(evil).build()).build();
      // dhcpd.conf names every option it writes: a plan must name it too, or it would not read back equal
      assertThatThrownBy(() -> world.backend.check(world.server("dhcp-b"), part("dhcp-b", ScopeChange.create(unnamed))))
          .isInstanceOf(ValidationException.class).hasMessageContaining("name=domain-name");
      Scope s = Scope.builder().from(unnamed).options(List.of(OptionValue.builder().code(15).name("domain-name")
          .value(evil).build())).build();
      ServerPlan p = part("dhcp-b", ScopeChange.create(s));
      world.backend.check(world.server("dhcp-b"), p);
      world.backend.apply(world.server("dhcp-b"), p, ProgressListener.NONE);
      ServerState b = world.state("dhcp-b");
      assertThat(b.scopes()).extracting(Scope::subnet).containsExactly(s.subnet());
      assertThat(b.scope(s.subnet()).orElseThrow().options()).extracting(OptionValue::value).containsExactly(evil);
    }

    @Test
    @DisplayName("check writes nothing; a part planned before a hand edit is a conflict")
    void checkAndConflict() {
      Failover f = world.failover();
      Plan plan = f.plan(AddPeer.of("dhcp-a", peerOfA("fo-b", "192.0.2.2")));
      ServerPlan part = plan.part(ServerId.of("dhcp-a")).orElseThrow();
      world.backend.check(world.server("dhcp-a"), part);
      assertThat(world.text("dhcp-a")).isEqualTo(A_TEXT);
      world.write("dhcp-a", A_TEXT + "# edited by hand\n");
      assertThatThrownBy(() -> world.backend.apply(world.server("dhcp-a"), part, ProgressListener.NONE))
          .isInstanceOf(ConflictException.class);
      assertThatThrownBy(() -> f.apply(plan, IscWorld.ADMIN)).isInstanceOf(ConflictException.class);
      assertThat(world.text("dhcp-a")).isEqualTo(A_TEXT + "# edited by hand\n");
      assertThat(world.reloaded()).isEmpty();
    }

    @Test
    @DisplayName("the inventory entry: a file URI, known options only, a numeric OMAPI port")
    void settings() {
      Server http = Server.builder().from(world.server("dhcp-a")).endpoint(java.net.URI.create("http://192.0.2.1/"))
          .build();
      assertThatThrownBy(() -> IscServerOptions.of(http)).isInstanceOf(ValidationException.class)
          .hasMessageContaining("file:///etc/dhcp/dhcpd.conf");
      Server odd = Server.builder().from(world.server("dhcp-a")).putOption("omapi-prot", "7911")
          .putOption("omapi-port", "79x").build();
      assertThatThrownBy(() -> IscServerOptions.of(odd)).isInstanceOf(ValidationException.class)
          .hasMessageContaining("omapi-prot").hasMessageContaining("is not an option of the ISC backend")
          .hasMessageContaining("must be a TCP port");
      IscServerOptions ok = IscServerOptions.of(world.server("dhcp-a"));
      assertThat(ok.omapi().host()).isEqualTo("127.0.0.1");
      assertThat(ok.omapi().port()).isEqualTo(7911);
      assertThat(ok.configFile()).isEqualTo(world.file("dhcp-a"));
    }

    @Test
    @DisplayName("the inventory entry of a server over SSH: ssh://user@host/path, a pinned host key, the credential as the SSH login, a restart of the operator's choice")
    void sshSettings() {
      Server base = Server.builder().from(world.server("dhcp-a"))
          .endpoint(java.net.URI.create("ssh://dhcpadmin@198.51.100.7:2222/etc/dhcp/dhcpd.conf"))
          .credential(dev.failover.server.Credential.of("dhcpadmin", dev.failover.Secret.of("pw-not-shown")))
          .options(java.util.Map.of()).build();
      assertThatThrownBy(() -> IscServerOptions.of(Server.builder().from(base).putOption("restart", "command").build()))
          .isInstanceOf(ValidationException.class).hasMessageContaining("host-fingerprint")
          .hasMessageContaining("must be given exactly when options.restart is command")
          .hasMessageNotContaining("pw-not-shown");
      String fp = "SHA256:" + "A".repeat(43);
      IscServerOptions ok = IscServerOptions.of(Server.builder().from(base).putOption("host-fingerprint", fp)
          .putOption("restart", "command").putOption("restart-command", "/usr/local/sbin/restart-dhcpd")
          .putOption("restart-timeout", "45").build());
      assertThat(ok.ssh()).hasValueSatisfying(ssh -> {
        assertThat(ssh.host()).isEqualTo("198.51.100.7");
        assertThat(ssh.port()).isEqualTo(2222);
        assertThat(ssh.user()).isEqualTo("dhcpadmin");
        assertThat(ssh.path()).isEqualTo("/etc/dhcp/dhcpd.conf");
        assertThat(ssh.restartCommand()).contains("/usr/local/sbin/restart-dhcpd");
        assertThat(ssh.restartTimeout()).isEqualTo(java.time.Duration.ofSeconds(45));
        assertThat(ssh.toString()).doesNotContain("pw-not-shown");
      });
      assertThat(ok.omapi().host()).isEqualTo("198.51.100.7");
      assertThat(ok.omapi().key()).isEmpty();
      IscServerOptions systemd = IscServerOptions.of(Server.builder().from(base).putOption("host-fingerprint", fp)
          .putOption("restart", "systemd").build());
      assertThat(systemd.ssh().get().restartCommand()).contains("systemctl restart isc-dhcp-server");
      assertThatThrownBy(() -> IscServerOptions.of(Server.builder().from(world.server("dhcp-a"))
          .putOption("restart", "systemd").build())).isInstanceOf(ValidationException.class)
          .hasMessageContaining("applies only to a server reached over SSH");
    }

    @Test
    @DisplayName("an OMAPI key for a server over SSH is credentials.omapi beside the SSH login; an unknown purpose, or two keys for a file:// server, are refused without the secrets")
    void sshOmapiKey() {
      String fp = "SHA256:" + "A".repeat(43);
      dev.failover.server.Credential login = dev.failover.server.Credential.of("dhcpadmin", dev.failover.Secret.of("pw-not-shown"));
      dev.failover.server.Credential key = dev.failover.server.Credential.of("omapi-admin",
          dev.failover.Secret.of("dGVzdC1vbmx5LW9tYXBpLWtleQ=="));
      Server ssh = Server.builder().from(world.server("dhcp-a"))
          .endpoint(java.net.URI.create("ssh://198.51.100.7/etc/dhcp/dhcpd.conf")).credential(login)
          .options(java.util.Map.of("host-fingerprint", fp)).putCredential("omapi", key).build();
      IscServerOptions ok = IscServerOptions.of(ssh);
      assertThat(ok.ssh().get().user()).isEqualTo("dhcpadmin");
      assertThat(ok.omapi().key()).hasValueSatisfying(k -> assertThat(k.name()).isEqualTo("omapi-admin"));
      assertThat(ssh.toString()).doesNotContain("pw-not-shown").doesNotContain("dGVzdC1vbmx5LW9tYXBpLWtleQ==");
      assertThatThrownBy(() -> IscServerOptions.of(Server.builder().from(ssh).putCredential("snmp", key).build()))
          .isInstanceOf(ValidationException.class).hasMessageContaining("credentials.snmp")
          .hasMessageContaining("is not an ISC credential (known: omapi").hasMessageNotContaining("dGVzdC1vbmx5")
          .hasMessageNotContaining("pw-not-shown");
      Server file = Server.builder().from(world.server("dhcp-a")).credential(login).putCredential("omapi", key).build();
      assertThatThrownBy(() -> IscServerOptions.of(file)).isInstanceOf(ValidationException.class)
          .hasMessageContaining("credentials.omapi").hasMessageContaining("must not be given beside credential")
          .hasMessageNotContaining("dGVzdC1vbmx5").hasMessageNotContaining("pw-not-shown");
      IscServerOptions fileKey = IscServerOptions.of(Server.builder().from(world.server("dhcp-a"))
          .putCredential("omapi", key).build());
      assertThat(fileKey.omapi().key()).hasValueSatisfying(k -> assertThat(k.name()).isEqualTo("omapi-admin"));
    }
  }

  @Test
  @DisplayName("lossless across files: replication changes the included file where the subnet is; the main file keeps its bytes")
  void includedFile() throws Exception {
    String main = "# main file of dhcp-e\n"
        + "failover peer \"fo-ef\" { primary; address 192.0.2.5; peer address 192.0.2.6; mclt 3600; split 128; }\n"
        + "include \"office.conf\";   # the office\n"
        + "# end\n";
    String office = "subnet 10.5.0.0 netmask 255.255.255.0 {   # office\n"
        + "  pool { failover peer \"fo-ef\"; range 10.5.0.10 10.5.0.20; }\n"
        + "  host a { hardware ethernet 00:16:3e:00:00:0a; fixed-address 10.5.0.2; }\n"
        + "}\n";
    world.server("dhcp-e", "192.0.2.5", main).server("dhcp-f", "192.0.2.6",
        "failover peer \"fo-ef\" { secondary; address 192.0.2.6; peer address 192.0.2.5; }\n"
            + office.replace("  host a", "  host b { hardware ethernet 00:16:3e:00:00:0b; fixed-address 10.5.0.3; }\n"
            + "  host a"));
    Path included = world.file("dhcp-e").resolveSibling("office.conf");
    Files.writeString(included, office);
    Plan plan = world.apply(dev.failover.plan.Replicate.scope("10.5.0.0/24").from("dhcp-f"));
    assertThat(plan.part(ServerId.of("dhcp-e")).orElseThrow().changes()).hasSize(1);
    assertThat(world.text("dhcp-e")).isEqualTo(main);
    assertThat(Files.readString(included)).isEqualTo(office.substring(0, office.lastIndexOf("}\n"))
        + "  host b {\n    hardware ethernet 00:16:3e:00:00:0b;\n    fixed-address 10.5.0.3;\n  }\n}\n");
    assertThat(world.failover().drift("fo-ef").isEmpty()).isTrue();
  }

  @Test
  @DisplayName("the provider is found by ServiceLoader and makes an ISC backend")
  void provider() {
    assertThat(Backends.discover(getClass().getClassLoader()).find(Vendor.ISC)).get().isInstanceOf(IscBackend.class);
    assertThat(new IscBackend().extension(IscOmapi.class)).isPresent();
  }

  @Test
  @DisplayName("a server whose file is gone is a transport error; a file dhcpd could not parse is a located one")
  void unreadable() throws Exception {
    Files.delete(world.file("dhcp-c"));
    assertThatThrownBy(() -> world.state("dhcp-c")).isInstanceOf(dev.failover.errors.BackendException.class)
        .hasMessageContaining("cannot read");
    world.write("dhcp-d", "subnet 10.0.0.0 netmask 255.255.255.0 {\n  range 10.0.0.1 10.0.0.9\n}\n");
    assertThatThrownBy(() -> world.state("dhcp-d")).isInstanceOf(dev.failover.isc.conf.IscConfigException.class)
        .hasMessageContaining("dhcpd.conf:3:1").hasMessageContaining("expected ';'");
  }
}
