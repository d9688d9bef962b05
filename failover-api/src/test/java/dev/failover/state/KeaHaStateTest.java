package dev.failover.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.ValidationException;
import dev.failover.server.Vendor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Kea HA states (vendor-facts §3.5)")
class KeaHaStateTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "waiting, STARTING",
      "syncing, SYNCING",
      "ready, SYNCING",
      "load-balancing, NORMAL",
      "hot-standby, NORMAL",
      "backup, NORMAL",
      "passive-backup, NORMAL",
      "partner-down, PARTNER_DOWN",
      "partner-in-maintenance, MAINTENANCE",
      "in-maintenance, MAINTENANCE",
      "communication-recovery, COMMUNICATION_INTERRUPTED",
      "terminated, TERMINATED",
      "unavailable, UNKNOWN"})
  @DisplayName("§3.5: every state name and its common state")
  void everyState(String name, CommonState common) {
    KeaHaState s = KeaHaState.fromName(name);
    assertThat(s.vendorName()).isEqualTo(name);
    assertThat(s.kebabName()).isEqualTo(name);
    assertThat(s).hasToString(name);
    assertThat(s.common()).isEqualTo(common);
    assertThat(s.vendor()).isEqualTo(Vendor.KEA);
    assertThat(FailoverState.of(Vendor.KEA, name)).isSameAs(s);
  }

  @Test
  @DisplayName("§3.5: every constant is in the table above")
  void tableIsComplete() {
    assertThat(KeaHaState.values()).hasSize(13);
  }

  @Test
  @DisplayName("real Kea 2.2: 'unavailable' is only ever a partner's last-state, never a server's own")
  void unavailable() {
    assertThat(KeaHaState.UNAVAILABLE.ownState()).isFalse();
    assertThat(KeaHaState.HOT_STANDBY.ownState()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"hot-standby", "partner-down", "in-maintenance", "partner-in-maintenance", "waiting", "ready"})
  @DisplayName("real Kea 2.2: the states seen in the recorded answers parse")
  void recorded(String name) {
    assertThat(KeaHaState.fromName(name).vendorName()).isEqualTo(name);
  }

  @Test
  @DisplayName("unknown names are refused, naming the field and listing the states")
  void unknown() {
    assertThatThrownBy(() -> KeaHaState.fromName("hot_standby")).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.violations()).singleElement().satisfies(v -> {
          assertThat(v.field()).isEqualTo("state");
          assertThat(v.rule()).contains("hot-standby");
        }));
    assertThat(KeaHaState.fromName("HOT-STANDBY")).isEqualTo(KeaHaState.HOT_STANDBY);
  }
}
