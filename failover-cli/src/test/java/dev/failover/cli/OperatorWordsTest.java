package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.diff.ItemChange;
import dev.failover.plan.ItemChanged;
import dev.failover.relationship.RelationshipName;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import dev.failover.state.FailoverStatus;
import dev.failover.state.IscFailoverState;
import dev.failover.state.KeaHaState;
import dev.failover.state.WindowsFailoverState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The words of plans and status for cases the sandbox does not show: removals, peers, classes, a pair in trouble. */
class OperatorWordsTest {

  static final Subnet NET = Subnet.parse("10.19.0.0/24");

  static String line(ItemChange c) {
    return PlanText.itemLine(c.type().sign(), c.before().orElse(null), c.after().orElse(null)).path("text").asText();
  }

  @Test
  @DisplayName("item changes read with values: an option before → after, a removed reservation with name, identifier and address")
  void items() {
    assertThat(line(ItemChange.modify(NET, OptionValue.of(3, "10.19.0.254"), OptionValue.of(3, "10.19.0.1"))))
        .isEqualTo("~ option 3 routers: 10.19.0.254 → 10.19.0.1");
    Reservation kiosk = Reservation.builder().identifier("00:16:3e:19:00:01").address(Ipv4Address.parse("10.19.0.5"))
        .name("kiosk-1").build();
    assertThat(line(ItemChange.remove(NET, kiosk)))
        .isEqualTo("- reservation \"kiosk-1\" hw-address 00:16:3e:19:00:01 → 10.19.0.5");
    assertThat(line(ItemChange.modify(NET, kiosk, Reservation.builder().from(kiosk).hostname("kiosk-1")
        .address(Ipv4Address.parse("10.19.0.6")).build())))
        .isEqualTo("~ reservation \"kiosk-1\" hw-address 00:16:3e:19:00:01: address 10.19.0.5 → 10.19.0.6; "
            + "hostname none → kiosk-1");
    assertThat(line(ItemChange.add(NET, OptionValue.builder().code(43).space("vendor-x").value("01:02")
        .vendorClass("MSFT 5.0").build())))
        .isEqualTo("+ option 43 in space vendor-x for vendor class \"MSFT 5.0\": 01:02");
    // the plan's JSON keeps the item's identity in the SDK's form beside the words
    assertThat(ItemChanged.of(ItemChange.remove(NET, kiosk)).describe()).contains("hw-address:00:16:3e:19:00:01");
  }

  @Test
  @DisplayName("a pool says which failover peer it now refers to, no longer refers to, or refers to instead")
  void pools() {
    Pool bare = Pool.of("10.19.0.10", "10.19.0.250");
    Pool peered = dev.failover.scope.ImmutablePool.copyOf(bare).withFailoverPeer("isc-pair");
    Pool other = dev.failover.scope.ImmutablePool.copyOf(bare).withFailoverPeer("spare");
    assertThat(line(ItemChange.modify(NET, bare, peered)))
        .isEqualTo("~ pool 10.19.0.10-10.19.0.250: now refers to failover peer \"isc-pair\"");
    assertThat(line(ItemChange.modify(NET, peered, bare)))
        .isEqualTo("~ pool 10.19.0.10-10.19.0.250: no longer refers to failover peer \"isc-pair\" (no peer)");
    assertThat(line(ItemChange.modify(NET, peered, other)))
        .isEqualTo("~ pool 10.19.0.10-10.19.0.250: refers to failover peer \"spare\" instead of \"isc-pair\"");
    assertThat(line(ItemChange.modify(NET, ScopeProperties.builder().name("lobby").leaseTime(Duration.ofDays(8)).build(),
        ScopeProperties.builder().name("lobby").leaseTime(Duration.ofHours(1)).enabled(false).build())))
        .isEqualTo("~ scope properties: lease time 8 d → 1 h; enabled yes → no");
  }

  @Test
  @DisplayName("status rows: a Kea server out of touch, an ISC server with unacked updates and skew, Windows without auto partner-down")
  void status() {
    FailoverStatus kea = FailoverStatus.builder().relationship(RelationshipName.of("kea-pair")).server(ServerId.of("kea-b"))
        .local(KeaHaState.PARTNER_DOWN).partner(KeaHaState.UNAVAILABLE).putDetail("in-touch", "false")
        .putDetail("unacked-clients", "3").lastContact(Instant.parse("2026-12-07T10:00:05Z")).build();
    assertThat(StatusText.inTouch(kea)).isEqualTo("no");
    assertThat(StatusText.lastContact(kea)).isEqualTo("2026-12-07 10:00:05 UTC");
    assertThat(StatusText.watch(kea)).containsExactly("partner-down: serving alone, the partner is taken as down",
        "3 unacknowledged client(s)");
    FailoverStatus isc = FailoverStatus.builder().relationship(RelationshipName.of("isc-pair")).server(ServerId.of("isc-a"))
        .local(IscFailoverState.NORMAL).partner(IscFailoverState.RECOVER).putDetail("cur-unacked-updates", "4")
        .putDetail("skew", "-2").build();
    assertThat(StatusText.inTouch(isc)).isEqualTo("yes");
    assertThat(StatusText.lastContact(isc)).isEqualTo("not reported");
    assertThat(StatusText.watch(isc)).containsExactly("partner in recover", "4 lease update(s) not acknowledged",
        "clock skew -2 s");
    FailoverStatus win = FailoverStatus.builder().relationship(RelationshipName.of("win-pair")).server(ServerId.of("win-a"))
        .local(WindowsFailoverState.COMMUNICATION_INT).putDetail("auto-state-transition", "false").build();
    assertThat(StatusText.inTouch(win)).isEqualTo("no");
    assertThat(StatusText.watch(win)).containsExactly("COMMUNICATION_INT: the partner is not answering; "
        + "no automatic partner down, declare it down if it is (partner-down)");
  }

  @Test
  @DisplayName("durations read in the unit an operator uses")
  void durations() {
    assertThat(Words.duration(Duration.ofSeconds(60))).isEqualTo("60 s");
    assertThat(Words.duration(Duration.ofHours(1))).isEqualTo("1 h");
    assertThat(Words.duration(Duration.ofMinutes(30))).isEqualTo("30 min");
    assertThat(Words.duration(Duration.ofDays(8))).isEqualTo("8 d");
    assertThat(Words.duration(Duration.ofMillis(1500))).isEqualTo("1500 ms");
  }

  @Test
  @DisplayName("drift names a Kea backup's copy that differs from the primary's, after the partners' own comparison, in text and review")
  void driftWithABackup() {
    dev.failover.scope.Scope scope = dev.failover.testkit.contract.FailoverBackendContract.sampleScope("10.19.0.0/24", 1);
    dev.failover.scope.Scope kiosk = dev.failover.scope.Scope.builder().from(scope).addReservation(Reservation.builder()
        .identifier("00:16:3e:19:00:01").address(Ipv4Address.parse("10.19.0.5")).name("kiosk-1").build()).build();
    ServerId a = ServerId.of("kea-a");
    dev.failover.diff.DriftReport partners = dev.failover.diff.DriftReport.between(a, java.util.List.of(scope),
        ServerId.of("kea-b"), java.util.List.of(scope));
    dev.failover.diff.DriftReport report = partners.withBackupDrift(java.util.List.of(
        dev.failover.diff.DriftReport.between(a, java.util.List.of(scope), ServerId.of("kea-c"), java.util.List.of(kiosk))));
    com.fasterxml.jackson.databind.JsonNode review = DriftText.review(report);
    assertThat(DriftText.render(review)).isEqualTo("""
        no drift between kea-a and kea-b
        drift between kea-a and kea-c: 1 scope(s)
          scope 10.19.0.0/24:
            reservation "kiosk-1" hw-address 00:16:3e:19:00:01 → 10.19.0.5: only on kea-c
        """);
    assertThat(review.path("backups").get(0).path("scopes").get(0).path("lines").get(0).path("onlyOn").asText())
        .isEqualTo("kea-c");
  }
}
