package dev.failover.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.json.FailoverJson;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftReportTest {

  private static final ServerId A = ServerId.of("dhcp-a");
  private static final ServerId B = ServerId.of("dhcp-b");

  @Test
  void reportsMissingScopesAndDifferingItemsPerScope() {
    Scope onA = Scope.builder().subnet(Subnet.parse("10.1.0.0/24")).addPool(Pool.of("10.1.0.100", "10.1.0.200"))
        .addReservation(Reservation.of("00:11:22:33:44:55", "10.1.0.10")).build();
    Scope onB = Scope.builder().subnet(Subnet.parse("10.1.0.0/24")).addPool(Pool.of("10.1.0.100", "10.1.0.150")).build();
    DriftReport drift = DriftReport.between(A, List.of(onA, Scope.of("10.2.0.0/24")), B,
        List.of(onB, Scope.of("10.3.0.0/24")));
    assertThat(drift.scopes()).extracting(ScopeDrift::toString).containsExactly(
        "scope 10.1.0.0/24: 3 item(s) differ", "scope 10.2.0.0/24: only on first", "scope 10.3.0.0/24: only on second");
    assertThat(drift.differenceCount()).isEqualTo(5);
    assertThat(drift.summary()).contains("reservation hw-address:00:11:22:33:44:55: only on dhcp-a")
        .contains("pool 10.1.0.100-10.1.0.150: only on dhcp-b").contains("scope 10.3.0.0/24: only on dhcp-b");
    assertThat(FailoverJson.read(FailoverJson.write(drift), DriftReport.class)).isEqualTo(drift);
  }

  @Test
  void agreeingPartnersHaveNoDrift() {
    DriftReport drift = DriftReport.between(A, List.of(Scope.of("10.1.0.0/24")), B, List.of(Scope.of("10.1.0.0/24")));
    assertThat(drift.isEmpty()).isTrue();
    assertThat(drift.summary()).isEqualTo("no drift between dhcp-a and dhcp-b");
  }
}
