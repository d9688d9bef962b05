package dev.failover.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.plan.AddScope;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.RemoveRelationship;
import dev.failover.plan.Replicate;
import dev.failover.plan.ScopeFate;
import dev.failover.relationship.ImmutableRelationship;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.scope.ImmutableScope;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The injection corpus through the whole backend: as relationship names (pending store, create,
 * add scope, remove) and as scope, reservation and option texts (create, copy to the partner,
 * replicate). Every value arrives as data, and the only cmdlets that run are the plan's.
 */
@DisplayName("Hostile names through the Windows backend")
class WindowsHostileNamesTest extends WindowsTestBase {

  /** What PowerShell would treat as code if a value were spliced in: quotes of five kinds, separators, sub-expressions. */
  static Stream<String> corpus() {
    return Stream.of(
        "x'; Remove-DhcpServerv4Scope -ScopeId '10.250.0.0' -Force; '",
        "x\u2019; Remove-DhcpServerv4Scope -ScopeId \u201810.250.0.0",
        "x\u201A$(Remove-DhcpServerv4Scope -ScopeId 10.250.0.0)\u201A",
        "x\u201B`$(Remove-Item C:\\)\u201B",
        "a;b | Remove-DhcpServerv4Scope",
        "$(Remove-DhcpServerv4Scope -ScopeId 10.250.0.0)",
        "${env:PATH} @(1) @{a=1} [TimeSpan]'1'",
        "\"double\" # <# comment #>",
        "'' '''",
        "\u2018\u2019\u201A\u201B'",
        "<-->&amp; \\ / %s {0}",
        "unicode \u00e9\u4e2d\ud83d\ude00 \u202etxt.exe",
        "ends with quote'");
  }

  private static final String CANARY = "10.250.0.0/24";

  private Scope hostileScope(String subnet, String text) {
    Scope s = scope(subnet, 2);
    Ipv4Address base = s.subnet().network();
    return ImmutableScope.copyOf(s)
        .withProperties(ScopeProperties.builder().name(text).description(text).leaseTime(Duration.ofDays(1)).build())
        .withOptions(OptionValue.of(15, text))
        .withReservations(Reservation.builder().identifier("00:16:3e:00:01:01").address(Ipv4Address.ofBits(base.bits() + 7))
            .name(text).description(text).addOption(OptionValue.of(15, text)).build());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("corpus")
  @DisplayName("as a relationship name and as scope texts: stored intact on both servers, nothing else runs")
  void throughTheBackend(String text) {
    w.seed(A, scope(CANARY, 1));
    w.seed(B, scope(CANARY, 1));
    Scope hostile = hostileScope("10.20.0.0/24", text);
    w.seed(A, hostile);
    Relationship r = ImmutableRelationship.copyOf(hotStandby("x")).withName(RelationshipName.of(text));
    apply(CreateRelationship.of(r));
    assertThat(read(B).relationship(r.name())).contains(r);
    apply(AddScope.of(text, "10.20.0.0/24"));
    assertThat(w.a.relationship(text).orElseThrow().name()).isEqualTo(text);
    assertThat(w.b.relationship(text).orElseThrow().name()).isEqualTo(text);
    Scope onA = read(A).scope(subnet("10.20.0.0/24")).orElseThrow();
    assertThat(onA.name()).isEqualTo(text);
    assertThat(onA.reservations().get(0).name()).contains(text);
    assertThat(onA.options().get(0).value()).isEqualTo(text);
    assertThat(read(B).scope(subnet("10.20.0.0/24"))).contains(onA);

    // drift on the partner, then replicate the hostile texts back over it
    w.seed(B, scope("10.20.0.0/24", 3));
    apply(Replicate.scope("10.20.0.0/24").from("dhcp-a"));
    assertThat(read(B).scope(subnet("10.20.0.0/24"))).contains(onA);
    // and by the hostile relationship name (Invoke-DhcpServerv4FailoverReplication -Name)
    w.seed(B, scope("10.20.0.0/24", 2));
    apply(Replicate.relationship(text).from("dhcp-a"));
    assertThat(read(B).scope(subnet("10.20.0.0/24"))).contains(onA);
    assertThat(w.a.writes().get(w.a.writes().size() - 1).parameters()).containsEntry("Name", "[" + text + "]");

    apply(RemoveRelationship.of(text).keepScopesOn("dhcp-a", ScopeFate.DISABLE));
    assertThat(w.a.relationships()).isEmpty();
    assertThat(read(B).scope(subnet("10.20.0.0/24")).orElseThrow().name()).isEqualTo(text);

    assertThat(w.a.scope(subnet(CANARY))).isPresent();
    assertThat(w.b.scope(subnet(CANARY))).isPresent();
    assertThat(cmdlets(w.a.writes())).containsExactly("Add-DhcpServerv4Failover",
        "Invoke-DhcpServerv4FailoverReplication", "Invoke-DhcpServerv4FailoverReplication",
        "Remove-DhcpServerv4Failover");
    assertThat(cmdlets(w.b.writes())).doesNotContain("Remove-DhcpServerv4Scope").allMatch(c -> List.of(
        "Remove-DhcpServerv4OptionValue", "Remove-DhcpServerv4Reservation",
        "Add-DhcpServerv4Reservation", "Set-DhcpServerv4Scope", "Set-DhcpServerv4OptionValue",
        "Add-DhcpServerv4Scope").contains(c));
  }
}
