package dev.failover.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.BackendException;
import dev.failover.Failover;
import dev.failover.Secret;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.ImmutableServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.scope.Exclusion;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.spi.Backends;
import dev.failover.windows.ps.AddFailover;
import dev.failover.windows.ps.DhcpCommands;
import dev.failover.windows.ps.PowerShellScript;
import dev.failover.windows.ps.ScriptComposer;
import dev.failover.windows.ps.SetFailover;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Reading a Windows server: one invocation, Windows' objects in the API's terms, the same relationship on both sides")
class WindowsReadTest extends WindowsTestBase {

  private static void operator(dev.failover.testkit.windows.FakeWindowsDhcpServer server,
      dev.failover.windows.ps.PsCommand... commands) {
    try (PowerShellScript s = ScriptComposer.compose(List.of(commands))) {
      byte[] bytes = s.utf8();
      assertThat(server.run(new String(bytes, StandardCharsets.UTF_8)).stdout()).contains("\"error\":null");
    }
  }

  @Test
  @DisplayName("one invocation reads every scope with its exclusions, reservations and option values")
  void oneInvocation() {
    for (int i = 1; i <= 20; i++) {
      w.seed(A, scope("10." + i + ".0.0/24", 3));
    }
    w.forgetInvocations();
    ServerState s = read(A);
    assertThat(s.scopes()).hasSize(20).allSatisfy(x -> assertThat(x.reservations()).hasSize(3));
    assertThat(w.invocations).singleElement().satisfies(i -> {
      assertThat(i.writes()).isFalse();
      assertThat(i.cmdlets()).containsExactly("Get-DhcpServerv4Scope", "Get-DhcpServerv4Failover",
          "Get-DhcpServerv4ExclusionRange");
    });
  }

  @Test
  @DisplayName("scope contents: state, lease, description, exclusions, classes, reservation options, long client ids")
  void mapping() {
    Scope seeded = Scope.builder().subnet(subnet("10.50.0.0/24"))
        .properties(ScopeProperties.builder().name("lab").description("the lab").leaseTime(Duration.ofDays(3))
            .enabled(false).build())
        .addPool(Pool.of("10.50.0.10", "10.50.0.200"))
        .addExclusion(Exclusion.of("10.50.0.20", "10.50.0.29")).addExclusion(Exclusion.of("10.50.0.40", "10.50.0.40"))
        .addOption(OptionValue.of(6, "10.50.0.2, 10.50.0.3"))
        .addOption(OptionValue.builder().code(60).value("PXEClient").vendorClass("Microsoft Options").build())
        .addReservation(Reservation.builder().identifier("00:16:3e:00:00:01").address(Ipv4Address.parse("10.50.0.5"))
            .name("printer").description("hall").addOption(OptionValue.of(3, "10.50.0.254")).build())
        .addReservation(Reservation.builder().identifierType(Reservation.IdentifierType.CLIENT_ID)
            .identifier("01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10:11:12:13:14:15")
            .address(Ipv4Address.parse("10.50.0.6")).name("long id").build())
        .build();
    w.seed(A, seeded);
    Scope read = read(A).scope(subnet("10.50.0.0/24")).orElseThrow();
    // Windows reports option names from its definitions; the SDK keeps them
    assertThat(read.options()).extracting(OptionValue::name).containsExactly(java.util.Optional.of("DNS Servers"),
        java.util.Optional.of("Option 60"));
    assertThat(dev.failover.scope.ImmutableScope.copyOf(read).withOptions(seeded.options())
        .withReservations(read.reservations().stream().map(r -> (Reservation) dev.failover.scope.ImmutableReservation
            .copyOf(r).withOptions(r.options().stream().map(o -> (OptionValue) dev.failover.scope.ImmutableOptionValue
                .copyOf(o).withName(java.util.Optional.empty())).toList())).toList()))
        .isEqualTo(seeded);
    assertThat(read.reservations().get(1).identifierType()).isEqualTo(Reservation.IdentifierType.CLIENT_ID);
  }

  @Test
  @DisplayName("the partner is found by address, by id, by IP or by its first DNS label; both sides read one relationship")
  void partnerMatching() throws Exception {
    Server alpha = Server.builder().id(ServerId.of("alpha")).vendor(Vendor.WINDOWS).address("dhcp-a.example.net")
        .endpoint(URI.create("ssh://admin@127.0.0.1:22")).build();
    Server beta = Server.builder().id(ServerId.of("beta")).vendor(Vendor.WINDOWS).address("192.0.2.2")
        .endpoint(URI.create("ssh://admin@127.0.0.1:22")).build();
    Inventory inventory = Inventory.of(alpha, beta);
    try (WindowsBackend backend = new WindowsBackend(
        s -> new InProcessShell(s.id().value().equals("alpha") ? w.a : w.b, w.invocations))) {
      w.seed(A, scope("10.60.0.0/24", 1));
      Failover f = Failover.builder().inventory(inventory).backends(backend).build();
      Relationship r = Relationship.builder().name("greek").mode(dev.failover.relationship.FailoverMode.HOT_STANDBY)
          .primary("alpha").secondary("beta").settings(dev.failover.relationship.WindowsFailoverSettings.hotStandby(5))
          .addScope("10.60.0.0/24").build();
      f.apply(f.plan(CreateRelationship.of(r)), ADMIN);
      assertThat(w.a.relationship("greek").orElseThrow().partnerServer()).isEqualTo("192.0.2.2");
      assertThat(w.b.relationship("greek").orElseThrow().partnerServer()).isEqualTo("dhcp-a");
      assertThat(backend.read(alpha, inventory).relationship(r.name())).contains(r);
      assertThat(backend.read(beta, inventory).relationship(r.name())).contains(r);
    }
  }

  @Test
  @DisplayName("a partner the inventory does not know is named after Windows' partner name")
  void unknownPartner() throws Exception {
    w.seed(A, scope("10.61.0.0/24", 1));
    operator(w.a, DhcpCommands.addFailover(AddFailover.builder().name("by hand").partnerServer("192.0.2.2")
        .addScopeIds(subnet("10.61.0.0/24").network()).loadBalancePercent(50).build()));
    Server alone = w.inventory.require(A);
    try (WindowsBackend backend = new WindowsBackend(s -> new InProcessShell(w.a, w.invocations))) {
      Relationship r = backend.read(alone, Inventory.of(alone)).relationship(RelationshipName.of("by hand")).orElseThrow();
      assertThat(r.primary()).isEqualTo(A);
      assertThat(r.secondary()).isEqualTo(ServerId.of("192.0.2.2"));
    }
  }

  @Test
  @DisplayName("the fingerprint is stable, follows every change, and does not depend on the shared secret's value")
  void fingerprint() {
    pairWith("pair-fp", "10.62.0.0/24");
    String first = read(A).fingerprint();
    assertThat(read(A).fingerprint()).isEqualTo(first).hasSize(64);
    operator(w.a, DhcpCommands.setFailover(SetFailover.builder().name("pair-fp").sharedSecret(Secret.of("one")).build()));
    String withAuth = read(A).fingerprint();
    assertThat(withAuth).isNotEqualTo(first);
    operator(w.a, DhcpCommands.setFailover(SetFailover.builder().name("pair-fp").sharedSecret(Secret.of("two")).build()));
    assertThat(read(A).fingerprint()).isEqualTo(withAuth);
    operator(w.a, DhcpCommands.addExclusion(subnet("10.62.0.0/24").network(),
        dev.failover.scope.AddressRange.of("10.62.0.150", "10.62.0.151")));
    assertThat(read(A).fingerprint()).isNotEqualTo(withAuth);
  }

  @Test
  @DisplayName("Windows is the authority: a pending record of a relationship Windows now holds is ignored, then cleaned")
  void stalePendingRecord() throws Exception {
    apply(CreateRelationship.of(hotStandby("pair-late")));
    w.seed(A, scope("10.63.0.0/24", 1));
    operator(w.a, DhcpCommands.addFailover(AddFailover.builder().name("PAIR-LATE").partnerServer("dhcp-b")
        .addScopeIds(subnet("10.63.0.0/24").network()).loadBalancePercent(50).build()));
    ServerState s = read(A);
    assertThat(s.relationships()).extracting(r -> r.name().value()).containsExactly("PAIR-LATE");
    assertThat(Files.readString(w.dir.resolve("pending.json"))).contains("pair-late");
    w.backend.apply(w.inventory.require(A), ImmutableServerPlan.builder().server(A).vendor(Vendor.WINDOWS)
        .fingerprint(s.fingerprint()).build(), p -> { });
    assertThat(Files.readString(w.dir.resolve("pending.json"))).doesNotContain("\"dhcp-a\" : [").contains("\"dhcp-b\" : [");
    assertThat(read(A).fingerprint()).isEqualTo(s.fingerprint());
  }

  @Test
  @DisplayName("a pending file that is not the store's is refused, naming the file")
  void corruptPendingFile() throws Exception {
    Files.writeString(w.dir.resolve("pending.json"), "{\"servers\":[]}");
    assertThatThrownBy(() -> read(A)).isInstanceOfSatisfying(BackendException.class,
        e -> assertThat(e.getMessage()).contains("pending.json").contains("dev.failover.windows.pending/1"));
  }

  @Test
  @DisplayName("the provider is found through ServiceLoader")
  void provider() {
    assertThat(Backends.discover(WindowsBackend.class.getClassLoader()).require(Vendor.WINDOWS))
        .isInstanceOf(WindowsBackend.class);
  }
}
