package dev.failover.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failover.errors.ValidationException;
import dev.failover.scope.Ipv4Address;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("dhcpd.leases of both partners, merged the way dhcpd's failover does, as Kea's leases")
class IscLeasesTest {

  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  private static final String HEAD = "# The format of this file is documented in the dhcpd.leases(5) manual page.\n"
      + "authoring-byte-order little-endian;\n\nserver-duid \"\\000\\001\\000\\001/\\3727\\251RT\\000\\022\\064V\";\n\n"
      + "failover peer \"standby-pair\" state {\n  my state normal at 1 2026/12/07 10:00:00;\n"
      + "  partner state normal at 1 2026/12/07 10:00:00;\n}\n";

  private static List<IscLease> parse(String name, String... records) {
    return IscLeases.parse(name, HEAD + String.join("", records));
  }

  private static List<IscLease> merged(List<IscLease> a, List<IscLease> b) {
    return IscLeases.merge(a, b, NOW);
  }

  @Test
  @DisplayName("one file: a later record of an address replaces an earlier one, as dhcpd reads its append-only file")
  void laterRecordWins() {
    List<IscLease> leases = parse("p", LeaseFiles.lease("192.0.2.100", "active", NOW, -600, 3000, "52:54:00:00:00:01",
        null), LeaseFiles.lease("192.0.2.100", "free", NOW, -60, -60, null, null));
    assertThat(leases).hasSize(1);
    assertThat(leases.get(0).bindingState()).isEqualTo("free");
    assertThat(leases.get(0).location()).isEqualTo("p:" + (HEAD.split("\n", -1).length + 13));
  }

  @Test
  @DisplayName("both active: the record with the later end wins (a partner may lag by the MCLT)")
  void bothActiveLaterEnds() {
    List<IscLease> m = merged(parse("p", LeaseFiles.lease("192.0.2.100", "active", NOW, -600, 1200, "52:54:00:00:00:01", null)),
        parse("s", LeaseFiles.lease("192.0.2.100", "active", NOW, -60, 3540, "52:54:00:00:00:01", null)));
    assertThat(m).hasSize(1);
    assertThat(m.get(0).ends()).contains(NOW.plusSeconds(3540));
    assertThat(m.get(0).location()).startsWith("s:");
  }

  @Test
  @DisplayName("active against free or backup: active wins (failover.c conflict_binding_state_transition_check)")
  void activeBeatsFree() {
    for (String other : List.of("free", "backup")) {
      List<IscLease> m = merged(parse("p", LeaseFiles.lease("192.0.2.100", other, NOW, -600, -600, null, null)),
          parse("s", LeaseFiles.lease("192.0.2.100", "active", NOW, -60, 3540, "52:54:00:00:00:01", null)));
      assertThat(m).as(other).extracting(IscLease::bindingState).containsExactly("active");
    }
  }

  @Test
  @DisplayName("active against expired: active only while its end is more than 65 s away (dhcpd's clock-skew allowance)")
  void activeAgainstExpired() {
    List<IscLease> soon = merged(parse("p", LeaseFiles.lease("192.0.2.100", "active", NOW, -3000, 30, "52:54:00:00:00:01", null)),
        parse("s", LeaseFiles.lease("192.0.2.100", "expired", NOW, -3000, -10, "52:54:00:00:00:01", null)));
    assertThat(soon).isEmpty();
    List<IscLease> later = merged(parse("p", LeaseFiles.lease("192.0.2.100", "active", NOW, -3000, 600, "52:54:00:00:00:01", null)),
        parse("s", LeaseFiles.lease("192.0.2.100", "expired", NOW, -3000, -10, "52:54:00:00:00:01", null)));
    assertThat(later).hasSize(1);
  }

  @Test
  @DisplayName("active against released, reset or abandoned: the partner's newer news wins; older news does not")
  void releasedNews() {
    for (String other : List.of("released", "reset", "abandoned")) {
      List<IscLease> newer = merged(parse("p", LeaseFiles.lease("192.0.2.100", "active", NOW, -600, 3000, "52:54:00:00:00:01", null)),
          parse("s", LeaseFiles.lease("192.0.2.100", other, NOW, -30, -30, "52:54:00:00:00:01", null)));
      assertThat(newer).as(other + " newer").isEmpty();
      List<IscLease> older = merged(parse("p", LeaseFiles.lease("192.0.2.100", "active", NOW, -600, 3000, "52:54:00:00:00:01", null)),
          parse("s", LeaseFiles.lease("192.0.2.100", other, NOW, -6000, -6000, "52:54:00:00:00:01", null)));
      assertThat(older).as(other + " older").hasSize(1);
    }
  }

  @Test
  @DisplayName("a lease that has ended is not carried, and one only one partner knows is")
  void endedAndOneSided() {
    List<IscLease> m = merged(parse("p", LeaseFiles.lease("192.0.2.100", "active", NOW, -6000, -5, "52:54:00:00:00:01", null),
        LeaseFiles.lease("192.0.2.101", "active", NOW, -60, 600, "52:54:00:00:00:02", null)), List.of());
    assertThat(m).extracting(l -> l.address().toString()).containsExactly("192.0.2.101");
  }

  @Test
  @DisplayName("Kea's lease keeps the address, the client, the end dhcpd set and the lease's length; uid escapes and epoch times are read")
  void keaLease() {
    MigrationPlan plan = Pairs.plan("hs", "standby-pair");
    String epoch = "lease 192.0.2.102 {\n  starts epoch " + (NOW.getEpochSecond() - 100) + "; # x\n  ends epoch "
        + (NOW.getEpochSecond() + 500) + ";\n  binding state active;\n  hardware ethernet 52:54:0:0:0:3;\n}\n";
    LeaseMove move = IscLeases.move(plan, parse("p", LeaseFiles.lease("192.0.2.100", "active", NOW, -600, 3000,
        "52:54:00:00:00:01", "\"\\001RT\\000\\000\\000\\001\""), epoch), parse("s", LeaseFiles.lease("192.0.2.101",
        "active", NOW, -60, 600, null, null), LeaseFiles.lease("10.9.9.9", "active", NOW, -60, 600, "52:54:00:00:00:09",
        null)), NOW);
    assertThat(move.leases()).hasSize(2);
    JsonNode a = move.leases().get(0).lease4AddArguments();
    assertThat(a.path("ip-address").asText()).isEqualTo("192.0.2.100");
    assertThat(a.path("hw-address").asText()).isEqualTo("52:54:00:00:00:01");
    assertThat(a.path("client-id").asText()).isEqualTo("01:52:54:00:00:00:01");
    assertThat(a.path("subnet-id").asLong()).isEqualTo(1);
    assertThat(a.path("valid-lft").asLong()).isEqualTo(3600);
    assertThat(a.path("expire").asLong()).isEqualTo(NOW.getEpochSecond() + 3000);
    assertThat(a.path("hostname").asText()).isEqualTo("host-192-0-2-100");
    JsonNode b = move.leases().get(1).lease4AddArguments();
    assertThat(b.path("hw-address").asText()).isEqualTo("52:54:00:00:00:03");
    assertThat(b.path("valid-lft").asLong()).isEqualTo(600);
    assertThat(move.skipped()).extracting(i -> i.statement() + ": " + i.reason()).containsExactly(
        "lease 10.9.9.9: in no subnet the plan moves",
        "lease 192.0.2.101: has no hardware address, which Kea requires of a DHCPv4 lease");
    assertThat(move.leases().get(0).address()).isEqualTo(Ipv4Address.parse("192.0.2.100"));
  }

  @Test
  @DisplayName("a file dhcpd would not write is refused naming file and line")
  void broken() {
    assertThatThrownBy(() -> IscLeases.parse("bad.leases", "lease 192.0.2.1 {\n  starts 3 2026/13/45 10:00:00;\n}\n"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("bad.leases:2");
    assertThatThrownBy(() -> IscLeases.parse("bad.leases", "lease 192.0.2.1 {\n  binding state active;\n"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("bad.leases");
  }
}
