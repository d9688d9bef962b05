package dev.failover.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.NotFoundException;
import dev.failover.errors.ValidationException;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.ModifyRelationship;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.relationship.WindowsServerRole;
import dev.failover.state.CommonState;
import dev.failover.state.FailoverStatus;
import dev.failover.state.WindowsFailoverState;
import dev.failover.windows.ps.DhcpCmdletException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Windows status from Get-DhcpServerv4Failover, and partner down through Set-DhcpServerv4Failover -PartnerDown")
class WindowsStatusTest extends WindowsTestBase {

  @Test
  @DisplayName("status: each server's own state, mapped to the common one, with Windows' details")
  void status() {
    pairWith("pair-st", "10.1.0.0/24");
    List<FailoverStatus> status = failover.status("pair-st");
    assertThat(status).extracting(FailoverStatus::server).containsExactly(A, B);
    assertThat(status).allSatisfy(s -> {
      assertThat(s.local()).isEqualTo(WindowsFailoverState.NORMAL);
      assertThat(s.localCommon()).isEqualTo(CommonState.NORMAL);
      assertThat(s.details()).containsEntry("mode", "HotStandby").containsEntry("scopes", "1");
      assertThat(s.observedAt()).isPresent();
    });
    assertThat(status.get(0).details()).containsEntry("server-role", "Active").containsEntry("server-type", "PrimaryServer")
        .containsEntry("partner-server", "dhcp-b");
    assertThat(status.get(1).details()).containsEntry("server-role", "Standby").containsEntry("partner-server", "dhcp-a");
  }

  @Test
  @DisplayName("status details are named as in the other vendors (lower-case words joined by -), durations in whole seconds")
  void detailConventions() {
    pairWith("pair-keys", "10.1.0.0/24");
    FailoverStatus s = failover.status("pair-keys").get(0);
    assertThat(s.details().keySet()).isNotEmpty().allSatisfy(k -> assertThat(k).matches("[a-z0-9]+(-[a-z0-9]+)*"));
    assertThat(s.details().get("max-client-lead-time")).matches("[0-9]+");
  }

  @Test
  @DisplayName("partner down: a link cut leaves both in COMMUNICATION_INT until an administrator declares the partner down")
  void partnerDown() {
    pairWith("pair-pd", "10.2.0.0/24");
    assertThatThrownBy(() -> failover.partnerDown("pair-pd", "dhcp-a", ADMIN))
        .isInstanceOfSatisfying(dev.failover.errors.BackendException.class, e -> {
          // the state Windows needs, the one the server is in, and Windows' own refusal (the cause)
          assertThat(e.getMessage()).contains("only from the COMMUNICATION INTERRUPTED state",
              "dhcp-a is in NORMAL.", "Stop dhcp-b or wait until dhcp-a reports", "Windows said: ");
          assertThat(e.getCause()).isInstanceOf(DhcpCmdletException.class);
          assertThat(e.serverMessage()).endsWith(((DhcpCmdletException) e.getCause()).serverMessage());
        });
    assertThat(w.a.state("pair-pd")).isEqualTo(dev.failover.testkit.windows.FakeWindowsFailoverState.NORMAL);
    w.network.disconnect(w.a, w.b);
    assertThat(failover.status("pair-pd")).extracting(FailoverStatus::localCommon)
        .containsExactly(CommonState.COMMUNICATION_INTERRUPTED, CommonState.COMMUNICATION_INTERRUPTED);
    failover.partnerDown("pair-pd", "dhcp-a", ADMIN);
    List<FailoverStatus> after = failover.status("pair-pd");
    assertThat(after.get(0).local()).isEqualTo(WindowsFailoverState.PARTNER_DOWN);
    assertThat(after.get(1).local()).isEqualTo(WindowsFailoverState.COMMUNICATION_INT);
    assertThat(w.a.writes().get(w.a.writes().size() - 1).parameters()).containsKey("PartnerDown");
  }

  @Test
  @DisplayName("with a state switchover interval, Windows moves to PARTNER_DOWN by itself and status shows it")
  void automaticPartnerDown() {
    pairWith("pair-auto", "10.3.0.0/24");
    Relationship timed = Relationship.builder().name("pair-auto").mode(FailoverMode.HOT_STANDBY).primary(A).secondary(B)
        .settings(WindowsFailoverSettings.builder().reservePercent(5).partnerRole(WindowsServerRole.STANDBY)
            .stateSwitchInterval(Duration.ofMinutes(10)).build())
        .addScope("10.3.0.0/24").build();
    apply(ModifyRelationship.of(timed));
    w.network.disconnect(w.a, w.b);
    w.network.advance(Duration.ofMinutes(11));
    assertThat(failover.status("pair-auto")).extracting(FailoverStatus::local)
        .containsExactly(WindowsFailoverState.PARTNER_DOWN, WindowsFailoverState.PARTNER_DOWN);
    assertThat(failover.status("pair-auto").get(0).details()).containsEntry("state-switch-interval", "600");
  }

  @Test
  @DisplayName("a pending relationship has no Windows state (NO_STATE) and cannot be declared partner down")
  void pending() {
    apply(CreateRelationship.of(hotStandby("pair-pending")));
    assertThat(failover.status("pair-pending")).allSatisfy(s -> {
      assertThat(s.local()).isEqualTo(WindowsFailoverState.NO_STATE);
      assertThat(s.details()).containsEntry("pending", "true");
    });
    assertThatThrownBy(() -> failover.partnerDown("pair-pending", "dhcp-b", ADMIN))
        .isInstanceOf(ValidationException.class).hasMessageContaining("no scopes yet");
  }

  @Test
  @DisplayName("a relationship Windows does not know is NotFoundException, with Windows' message as its cause")
  void unknown() {
    pairWith("pair-known", "10.4.0.0/24");
    Relationship other = hotStandby("pair-unknown");
    assertThatThrownBy(() -> w.backend.status(w.inventory.require(A), other))
        .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.getCause())
            .isInstanceOf(DhcpCmdletException.class));
  }
}
