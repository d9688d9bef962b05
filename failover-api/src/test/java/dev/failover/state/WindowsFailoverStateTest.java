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

@DisplayName("Windows DHCP failover states (vendor-facts §1, FSM_STATE)")
class WindowsFailoverStateTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
      "0, NO_STATE, UNKNOWN",
      "1, INIT, STARTING",
      "2, STARTUP, STARTING",
      "3, NORMAL, NORMAL",
      "4, COMMUNICATION_INT, COMMUNICATION_INTERRUPTED",
      "5, PARTNER_DOWN, PARTNER_DOWN",
      "6, POTENTIAL_CONFLICT, CONFLICT",
      "7, CONFLICT_DONE, CONFLICT",
      "8, RESOLUTION_INT, CONFLICT",
      "9, RECOVER, RECOVERING",
      "10, RECOVER_WAIT, RECOVERING",
      "11, RECOVER_DONE, RECOVERING",
      "12, PAUSED, PAUSED",
      "13, SHUTDOWN, SHUTDOWN"})
  @DisplayName("§1: the FSM_STATE number and name of every state and its common state")
  void everyState(int code, String name, CommonState common) {
    WindowsFailoverState s = WindowsFailoverState.fromCode(code);
    assertThat(s.vendorName()).isEqualTo(name);
    assertThat(s.code()).isEqualTo(code);
    assertThat(WindowsFailoverState.fromName(name)).isSameAs(s);
    assertThat(s.common()).isEqualTo(common);
    assertThat(s.vendor()).isEqualTo(Vendor.WINDOWS);
    assertThat(FailoverState.of(Vendor.WINDOWS, name)).isSameAs(s);
  }

  @Test
  @DisplayName("§1: every constant is in the table above")
  void tableIsComplete() {
    assertThat(WindowsFailoverState.values()).hasSize(14);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "Normal, NORMAL",
      "CommunicationInterrupted, COMMUNICATION_INT",
      "COMMUNICATION INTERRUPTED, COMMUNICATION_INT",
      "PartnerDown, PARTNER_DOWN",
      "Partner Down, PARTNER_DOWN",
      "ResolutionInterrupted, RESOLUTION_INT",
      "RecoverWait, RECOVER_WAIT",
      "recover-done, RECOVER_DONE",
      "PotentialConflict, POTENTIAL_CONFLICT",
      "NoState, NO_STATE"})
  @DisplayName("windows-output-shapes/§1: the PowerShell and console spellings read as the FSM states")
  void spellings(String text, WindowsFailoverState expected) {
    assertThat(WindowsFailoverState.fromName(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {-1, 14, 99})
  @DisplayName("numbers outside FSM_STATE are refused")
  void unknownCodes(int code) {
    assertThatThrownBy(() -> WindowsFailoverState.fromCode(code)).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.violations()).singleElement().satisfies(v -> assertThat(v.field()).isEqualTo("state")));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"", "Interrupted", "PARTNER_UP", "Normal; Remove-Item"})
  @DisplayName("other names are refused")
  void unknownNames(String text) {
    assertThatThrownBy(() -> WindowsFailoverState.fromName(text)).isInstanceOf(ValidationException.class);
  }
}
