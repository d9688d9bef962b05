package dev.failover.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.diff.ItemChange;
import dev.failover.plan.ItemChanged;
import dev.failover.plan.Plan;
import dev.failover.plan.Replicate;
import dev.failover.plan.Warning;
import dev.failover.plan.WarningCode;
import dev.failover.scope.Exclusion;
import dev.failover.scope.ImmutableScope;
import dev.failover.scope.ImmutableScopeProperties;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.ItemKind;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.testkit.windows.FakeWrite;
import dev.failover.windows.ps.DhcpCmdletException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Windows replication: the source's contents replace the destination's, item by item, in one script there")
class WindowsReplicationTest extends WindowsTestBase {

  /** A scope with a bit of everything Windows holds in a scope. */
  private static Scope rich(String subnet) {
    Subnet s = Subnet.parse(subnet);
    int base = s.network().bits();
    return Scope.builder().subnet(s)
        .properties(props("scope " + subnet, "replicated", Duration.ofDays(2), true))
        .addPool(Pool.of(dev.failover.scope.AddressRange.of(Ipv4Address.ofBits(base + 20), Ipv4Address.ofBits(base + 220))))
        .addExclusion(Exclusion.of(dev.failover.scope.AddressRange.of(Ipv4Address.ofBits(base + 30),
            Ipv4Address.ofBits(base + 39))))
        .addOption(OptionValue.of(3, Ipv4Address.ofBits(base + 1).toString()))
        .addOption(OptionValue.of(6, Ipv4Address.ofBits(base + 2) + ", " + Ipv4Address.ofBits(base + 3)))
        .addOption(OptionValue.of(15, "example.net"))
        .addReservation(Reservation.builder().identifier("00:16:3e:aa:00:01").address(Ipv4Address.ofBits(base + 10))
            .name("printer").description("2nd floor").addOption(OptionValue.of(6, Ipv4Address.ofBits(base + 4).toString()))
            .build())
        .addReservation(Reservation.builder().identifier("00:16:3e:aa:00:02").address(Ipv4Address.ofBits(base + 11))
            .name("camera").build())
        .build();
  }

  private static ImmutableScopeProperties props(String name, String description, Duration lease,
      boolean enabled) {
    return dev.failover.scope.ImmutableScopeProperties.builder().name(name).description(description).leaseTime(lease)
        .enabled(enabled).build();
  }

  /** The destination's drifted copy: other range, exclusion, options, reservations swapped and renamed. */
  private static Scope drifted(Scope s) {
    int base = s.subnet().network().bits();
    return ImmutableScope.copyOf(s)
        .withProperties(props("old name", "", Duration.ofDays(8), true))
        .withPools(Pool.of(dev.failover.scope.AddressRange.of(Ipv4Address.ofBits(base + 50), Ipv4Address.ofBits(base + 250))))
        .withExclusions(Exclusion.of(dev.failover.scope.AddressRange.of(Ipv4Address.ofBits(base + 60),
            Ipv4Address.ofBits(base + 61))))
        .withOptions(OptionValue.of(3, Ipv4Address.ofBits(base + 254).toString()), OptionValue.of(42, "10.0.0.123"))
        .withReservations(
            Reservation.builder().identifier("00:16:3e:aa:00:01").address(Ipv4Address.ofBits(base + 11)).name("printer")
                .build(),
            Reservation.builder().identifier("00:16:3e:aa:00:02").address(Ipv4Address.ofBits(base + 10)).name("cam")
                .build(),
            Reservation.builder().identifier("00:16:3e:aa:00:03").address(Ipv4Address.ofBits(base + 12)).name("gone")
                .build());
  }

  @Test
  @DisplayName("a relationship's three scopes: one script on the destination, nothing on the source, no drift after")
  void relationship() {
    for (String s : List.of("10.1.0.0/24", "10.2.0.0/24", "10.3.0.0/24")) {
      w.seed(A, rich(s));
    }
    pendingThenScopes("pair-rep");
    for (String s : List.of("10.1.0.0/24", "10.2.0.0/24", "10.3.0.0/24")) {
      apply(dev.failover.plan.AddScope.of("pair-rep", s));
    }
    for (String s : List.of("10.1.0.0/24", "10.3.0.0/24")) {
      w.seed(B, drifted(rich(s)));
    }
    List<Scope> source = read(A).scopes();
    assertThat(failover.drift("pair-rep").isEmpty()).isFalse();
    int sourceWrites = w.a.writes().size();
    int destinationWrites = w.b.writes().size();
    w.forgetInvocations();
    Plan plan = failover.plan(Replicate.relationship("pair-rep").from("dhcp-a"));
    // the dry run says what the partner loses
    assertThat(plan.part(A)).isEmpty();
    assertThat(plan.part(B).orElseThrow().changes()).filteredOn(ItemChanged.class::isInstance)
        .map(c -> ((ItemChanged) c).item())
        .anySatisfy(i -> {
          assertThat(i.type()).isEqualTo(ItemChange.Type.REMOVE);
          assertThat(i.kind()).isEqualTo(ItemKind.RESERVATION);
          assertThat(i.key()).isEqualTo("hw-address:00:16:3e:aa:00:03");
        });
    assertThat(plan.warnings()).extracting(Warning::code).contains(WarningCode.WINDOWS_NOT_REPLICATED, WarningCode.OVERWRITES);
    failover.apply(plan, ADMIN);
    // one script, on the destination: the guards' reads, then the cmdlet, run against the source
    assertThat(w.writes("dhcp-b")).isEqualTo(1);
    assertThat(w.writes("dhcp-a")).isZero();
    assertThat(writeScript("dhcp-b").cmdlets()).filteredOn(c -> !c.startsWith("Get-"))
        .containsExactly("Invoke-DhcpServerv4FailoverReplication");
    assertThat(w.a.writes()).hasSize(sourceWrites + 1);
    FakeWrite invoke = w.a.writes().get(sourceWrites);
    assertThat(invoke.cmdlet()).isEqualTo("Invoke-DhcpServerv4FailoverReplication");
    assertThat(invoke.parameters()).containsEntry("ComputerName", "dhcp-a").containsEntry("Name", "[pair-rep]")
        .containsEntry("Force", "true").doesNotContainKey("ScopeId");
    assertThat(w.b.writes()).as("no cmdlet ran against the destination").hasSize(destinationWrites);
    assertThat(read(B).scopes()).isEqualTo(source);
    assertThat(failover.drift("pair-rep").isEmpty()).isTrue();
  }

  /** The one invocation on the server that changed something. */
  private InProcessShell.Invocation writeScript(String server) {
    return w.invocations.stream().filter(i -> i.server().equals(server) && i.writes()).reduce((x, y) -> y)
        .orElseThrow();
  }

  @Test
  @DisplayName("one scope, from the secondary to the primary")
  void scopeBackwards() {
    w.seed(A, rich("10.4.0.0/24"));
    apply(dev.failover.plan.CreateRelationship.of(hotStandby("pair-back", "10.4.0.0/24")));
    w.seed(B, drifted(rich("10.4.0.0/24")));
    Scope fromB = read(B).scope(subnet("10.4.0.0/24")).orElseThrow();
    w.forgetInvocations();
    apply(Replicate.scope("10.4.0.0/24").from("dhcp-b"));
    assertThat(w.writes("dhcp-a")).isEqualTo(1);
    assertThat(w.writes("dhcp-b")).isZero();
    FakeWrite invoke = w.b.writes().get(w.b.writes().size() - 1);
    assertThat(invoke.cmdlet()).isEqualTo("Invoke-DhcpServerv4FailoverReplication");
    assertThat(invoke.parameters()).containsEntry("ComputerName", "dhcp-b").containsEntry("ScopeId", "[10.4.0.0]")
        .doesNotContainKey("Name");
    assertThat(read(A).scope(subnet("10.4.0.0/24"))).contains(fromB);
  }

  @Test
  @DisplayName("every failover scope of a server, across two relationships, in one script per partner")
  void server() {
    w.seed(A, rich("10.5.0.0/24"));
    w.seed(A, rich("10.6.0.0/24"));
    apply(dev.failover.plan.CreateRelationship.of(hotStandby("pair-s1", "10.5.0.0/24")));
    apply(dev.failover.plan.CreateRelationship.of(loadBalance("pair-s2", 40, "10.6.0.0/24")));
    w.seed(B, drifted(rich("10.5.0.0/24")));
    w.seed(B, drifted(rich("10.6.0.0/24")));
    w.forgetInvocations();
    apply(Replicate.server("dhcp-a"));
    assertThat(w.writes("dhcp-b")).isEqualTo(1);
    assertThat(w.writes("dhcp-a")).isZero();
    // every relationship of dhcp-a is with dhcp-b: the cmdlet without arguments, as Windows offers it
    FakeWrite invoke = w.a.writes().get(w.a.writes().size() - 1);
    assertThat(invoke.cmdlet()).isEqualTo("Invoke-DhcpServerv4FailoverReplication");
    assertThat(invoke.parameters()).doesNotContainKeys("Name", "ScopeId");
    assertThat(read(B).scopes()).isEqualTo(read(A).scopes());
  }

  @Test
  @DisplayName("an option of a user class the destination lacks: Windows refuses it (ERROR_DHCP_CLASS_NOT_FOUND), message kept")
  void classNotOnTheDestination() {
    w.a.defineUserClass("Lab Phones");
    Scope withClass = ImmutableScope.copyOf(rich("10.7.0.0/24")).withOptions(OptionValue.builder().code(66)
        .value("tftp.example.net").userClass("Lab Phones").build());
    w.seed(A, rich("10.7.0.0/24"));
    apply(dev.failover.plan.CreateRelationship.of(hotStandby("pair-cls", "10.7.0.0/24")));
    w.seed(A, withClass);
    Plan plan = failover.plan(Replicate.scope("10.7.0.0/24").from("dhcp-a"));
    assertThat(plan.warnings()).extracting(Warning::message).anySatisfy(m -> assertThat(m).contains("class definitions"));
    Scope before = read(B).scope(subnet("10.7.0.0/24")).orElseThrow();
    assertThatThrownBy(() -> failover.apply(plan, ADMIN)).isInstanceOfSatisfying(DhcpCmdletException.class, e -> {
      assertThat(e.serverCode()).contains("ERROR_DHCP_CLASS_NOT_FOUND");
      assertThat(e.failure().command().orElseThrow().cmdlet().cmdletName())
          .isEqualTo("Invoke-DhcpServerv4FailoverReplication");
    });
    assertThat(read(B).scope(subnet("10.7.0.0/24"))).contains(before);
    w.b.defineUserClass("Lab Phones");
    failover.apply(failover.plan(Replicate.scope("10.7.0.0/24").from("dhcp-a")), ADMIN);
    assertThat(read(B).scope(subnet("10.7.0.0/24"))).isEqualTo(read(A).scope(subnet("10.7.0.0/24")));
  }
}
