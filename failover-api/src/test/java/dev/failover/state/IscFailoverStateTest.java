package dev.failover.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.ValidationException;
import dev.failover.server.Vendor;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ISC dhcpd failover states (vendor-facts §2.3)")
class IscFailoverStateTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
      "1, startup, STARTING",
      "2, normal, NORMAL",
      "3, communications-interrupted, COMMUNICATION_INTERRUPTED",
      "4, partner-down, PARTNER_DOWN",
      "5, potential-conflict, CONFLICT",
      "6, recover, RECOVERING",
      "7, paused, PAUSED",
      "8, shutdown, SHUTDOWN",
      "9, recover-done, RECOVERING",
      "10, resolution-interrupted, CONFLICT",
      "11, conflict-done, CONFLICT",
      "254, recover-wait, RECOVERING",
      "0, unknown-state, UNKNOWN"})
  @DisplayName("§2.3: the 4.x OMAPI number, the lease-file token and the common state of every state")
  void everyState(int code, String token, CommonState common) {
    IscFailoverState byCode = IscFailoverState.fromCode(code);
    assertThat(byCode.token()).isEqualTo(token);
    assertThat(byCode.vendorName()).isEqualTo(token);
    assertThat(byCode.code()).isEqualTo(code);
    assertThat(IscFailoverState.fromToken(token)).isSameAs(byCode);
    assertThat(byCode.common()).isEqualTo(common);
    assertThat(byCode.vendor()).isEqualTo(Vendor.ISC);
    assertThat(FailoverState.of(Vendor.ISC, token)).isSameAs(byCode);
  }

  @Test
  @DisplayName("§2.3: every constant is in the table above (no state left unmapped)")
  void tableIsComplete() {
    assertThat(IscFailoverState.values()).hasSize(13);
  }

  @ParameterizedTest(name = "3.x {0} -> {1}")
  @CsvSource({
      "1, partner-down", "2, normal", "3, communications-interrupted", "4, resolution-interrupted",
      "5, potential-conflict", "6, recover", "7, recover-done", "8, shutdown", "9, paused", "10, startup",
      "11, recover-wait"})
  @DisplayName("§2.3: dhcpd 3.0.x numbered the states differently; fromLegacyCode reads that numbering")
  void legacyNumbering(int code, String token) {
    IscFailoverState s = IscFailoverState.fromLegacyCode(code);
    assertThat(s.token()).isEqualTo(token);
    assertThat(s.legacyCode()).hasValue(code);
  }

  @Test
  @DisplayName("§2.3: conflict-done has no 3.0.x number")
  void conflictDoneIsNew() {
    assertThat(IscFailoverState.CONFLICT_DONE.legacyCode()).isEmpty();
    assertThat(IscFailoverState.fromCode(4)).isNotEqualTo(IscFailoverState.fromLegacyCode(4));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {-1, 12, 100, 253, 255})
  @DisplayName("numbers dhcpd 4.x does not use are refused, naming the field")
  void unknownCodes(int code) {
    assertThatThrownBy(() -> IscFailoverState.fromCode(code)).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.violations()).singleElement().satisfies(v -> {
          assertThat(v.field()).isEqualTo("state");
          assertThat(v.value()).isEqualTo(String.valueOf(code));
        }));
    assertThatThrownBy(() -> IscFailoverState.fromLegacyCode(code == 12 ? 0 : code)).isInstanceOf(ValidationException.class);
  }

  @Test
  @DisplayName("tokens are read case-insensitively, as dhcpd's lexer does; unknown tokens are refused")
  void tokens() {
    assertThat(IscFailoverState.fromToken("Partner-Down")).isEqualTo(IscFailoverState.PARTNER_DOWN);
    assertThatThrownBy(() -> IscFailoverState.fromToken("communication-interrupted"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("communications-interrupted");
    assertThatThrownBy(() -> IscFailoverState.fromToken(null)).isInstanceOf(ValidationException.class);
  }

  @Test
  @DisplayName("real dhcpd 4.4.3: OMAPI local-state 00:00:00:02 is normal and the forced value 4 is partner-down")
  void recordedOmapi() {
    assertThat(IscFailoverState.fromCode(0x00000002)).isEqualTo(IscFailoverState.NORMAL);
    assertThat(IscFailoverState.fromCode(4).common()).isEqualTo(CommonState.PARTNER_DOWN);
  }

  @Test
  @DisplayName("real dhcpd 4.4.3: every state in the recorded primary log parses")
  void recordedLog() {
    // the state lines of a real dhcpd 4.4.3 primary (reference omapi-4.4.3/primary-log-states.txt), verbatim
    List<String> lines = List.of(
        "failover peer fo1: I move from recover to startup",
        "failover peer fo1: peer moves from unknown-state to recover",
        "failover peer fo1: I move from startup to recover",
        "failover peer fo1: peer moves from recover to recover",
        "failover peer fo1: I move from recover to recover-done",
        "failover peer fo1: peer moves from recover to recover-done",
        "Both servers have entered recover-done!",
        "failover peer fo1: I move from recover-done to normal",
        "failover peer fo1: peer moves from recover-done to normal",
        "failover peer fo1: Both servers normal",
        "failover peer fo1: I move from normal to partner-down",
        "failover peer fo1: peer moves from normal to potential-conflict",
        "failover peer fo1: I move from partner-down to potential-conflict",
        "failover peer fo1: I move from potential-conflict to conflict-done",
        "failover peer fo1: peer moves from potential-conflict to normal",
        "failover peer fo1: I move from conflict-done to normal",
        "failover peer fo1: Both servers normal");
    Pattern move = Pattern.compile("moves? from (\\S+) to (\\S+)");
    int parsed = 0;
    for (String line : lines) {
      Matcher m = move.matcher(line);
      if (m.find()) {
        assertThat(IscFailoverState.fromToken(m.group(1))).isNotNull();
        assertThat(IscFailoverState.fromToken(m.group(2))).isNotNull();
        parsed++;
      }
    }
    assertThat(parsed).isEqualTo(14);
    Matcher forced = move.matcher(lines.get(10));
    assertThat(forced.find()).isTrue();
    assertThat(IscFailoverState.fromToken(forced.group(1))).isEqualTo(IscFailoverState.NORMAL);
    assertThat(IscFailoverState.fromToken(forced.group(2))).isEqualTo(IscFailoverState.PARTNER_DOWN);
  }
}
