package dev.failover.relationship;

import static dev.failover.relationship.Expect.fields;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.Secret;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Windows failover settings (vendor-facts §1)")
class WindowsFailoverSettingsTest {

  @Nested
  @DisplayName("defaults")
  class Defaults {

    @Test
    @DisplayName("§1 Add-DhcpServerv4Failover: load balance 50 %, reserve 5 %, MCLT 1 hour, partner standby")
    void cmdletDefaults() {
      WindowsFailoverSettings s = WindowsFailoverSettings.defaults();
      assertThat(s.loadBalancePercent()).isEmpty();
      assertThat(s.reservePercent()).isEmpty();
      assertThat(s.effectiveLoadBalancePercent()).isEqualTo(50);
      assertThat(s.effectiveReservePercent()).isEqualTo(5);
      assertThat(s.maxClientLeadTime()).isEqualTo(Duration.ofHours(1));
      assertThat(s.effectivePartnerRole()).isEqualTo(WindowsServerRole.STANDBY);
      assertThat(s.violationsIn(FailoverMode.LOAD_BALANCING)).isEmpty();
      assertThat(s.violationsIn(FailoverMode.HOT_STANDBY)).isEmpty();
    }

    @Test
    @DisplayName("§1: AutoStateTransition defaults to false and is true exactly when a StateSwitchInterval is given")
    void autoStateTransition() {
      assertThat(WindowsFailoverSettings.defaults().autoStateTransition()).isFalse();
      WindowsFailoverSettings s = WindowsFailoverSettings.builder()
          .stateSwitchInterval(WindowsFailoverSettings.DEFAULT_STATE_SWITCH_INTERVAL).build();
      assertThat(s.autoStateTransition()).isTrue();
      assertThat(WindowsFailoverSettings.DEFAULT_STATE_SWITCH_INTERVAL).isEqualTo(Duration.ofMinutes(60));
    }

    @Test
    @DisplayName("§1: message authentication is off without a shared secret and on with one")
    void messageAuthentication() {
      assertThat(WindowsFailoverSettings.defaults().messageAuthentication()).isFalse();
      assertThat(WindowsFailoverSettings.builder().sharedSecret(Secret.of("s")).build().messageAuthentication()).isTrue();
    }

    @Test
    @DisplayName("factories for each mode")
    void factories() {
      assertThat(WindowsFailoverSettings.loadBalance(70).loadBalancePercent()).hasValue(70);
      WindowsFailoverSettings hs = WindowsFailoverSettings.hotStandby(10);
      assertThat(hs.reservePercent()).hasValue(10);
      assertThat(hs.partnerRole()).contains(WindowsServerRole.STANDBY);
      assertThat(hs.violationsIn(FailoverMode.HOT_STANDBY)).isEmpty();
    }

    @Test
    @DisplayName("§1: -ServerRole words are Active and Standby")
    void roles() {
      assertThat(WindowsServerRole.ACTIVE.powerShellName()).isEqualTo("Active");
      assertThat(WindowsServerRole.STANDBY.powerShellName()).isEqualTo("Standby");
      assertThat(WindowsServerRole.ACTIVE.other()).isEqualTo(WindowsServerRole.STANDBY);
    }
  }

  @Nested
  @DisplayName("ranges")
  class Ranges {

    @ParameterizedTest(name = "{0} %")
    @ValueSource(ints = {0, 1, 50, 99, 100})
    @DisplayName("§1: LoadBalancePercent and ReservePercent from 0 to 100")
    void percentages(int percent) {
      assertThat(WindowsFailoverSettings.builder().loadBalancePercent(percent).build().loadBalancePercent()).hasValue(percent);
      assertThat(WindowsFailoverSettings.builder().reservePercent(percent).build().reservePercent()).hasValue(percent);
    }

    @ParameterizedTest(name = "{0} %")
    @ValueSource(ints = {-1, 101, 255})
    @DisplayName("§1: percentages outside 0 to 100 are refused")
    void percentagesOutOfRange(int percent) {
      assertThat(fields(() -> WindowsFailoverSettings.builder().loadBalancePercent(percent).build()))
          .containsExactly("loadBalancePercent");
      assertThat(fields(() -> WindowsFailoverSettings.builder().reservePercent(percent).build()))
          .containsExactly("reservePercent");
    }

    @Test
    @DisplayName("§1: MaxClientLeadTime cannot be zero; 1 s to 4294967295 s (DWORD seconds), whole seconds")
    void maxClientLeadTime() {
      assertThat(fields(() -> WindowsFailoverSettings.builder().maxClientLeadTime(Duration.ZERO).build()))
          .containsExactly("maxClientLeadTime");
      assertThat(WindowsFailoverSettings.builder().maxClientLeadTime(Duration.ofSeconds(1)).build().maxClientLeadTime())
          .hasSeconds(1);
      assertThat(WindowsFailoverSettings.builder().maxClientLeadTime(Duration.ofSeconds(4_294_967_295L)).build())
          .isNotNull();
      assertThat(fields(() -> WindowsFailoverSettings.builder().maxClientLeadTime(Duration.ofSeconds(4_294_967_296L))
          .build())).containsExactly("maxClientLeadTime");
      assertThat(fields(() -> WindowsFailoverSettings.builder().maxClientLeadTime(Duration.ofMillis(500)).build()))
          .containsExactly("maxClientLeadTime");
      assertThat(fields(() -> WindowsFailoverSettings.builder().maxClientLeadTime(Duration.ofHours(-1)).build()))
          .containsExactly("maxClientLeadTime");
    }

    @Test
    @DisplayName("the maxClientLeadTime message names field, value and rule")
    void message() {
      assertThat(Expect.violations(() -> WindowsFailoverSettings.builder().maxClientLeadTime(Duration.ZERO).build())
          .get(0).message()).startsWith("maxClientLeadTime must be").contains("zero").endsWith("was PT0S");
    }

    @Test
    @DisplayName("§1: StateSwitchInterval is whole seconds from 1 to 4294967295; left out or 0, the transition is disabled")
    void stateSwitchInterval() {
      // 0 is "disabled" (issue 11 item 15): kept as no interval, as Windows turns the transition off
      assertThat(WindowsFailoverSettings.builder().stateSwitchInterval(Duration.ZERO).build().stateSwitchInterval())
          .isEmpty();
      assertThat(fields(() -> WindowsFailoverSettings.builder().stateSwitchInterval(Duration.ofMillis(500)).build()))
          .containsExactly("stateSwitchInterval");
      assertThat(fields(() -> WindowsFailoverSettings.builder().stateSwitchInterval(Duration.ofSeconds(4_294_967_296L))
          .build())).containsExactly("stateSwitchInterval");
      assertThat(WindowsFailoverSettings.builder().stateSwitchInterval(Duration.ofSeconds(1)).build()
          .stateSwitchInterval()).contains(Duration.ofSeconds(1));
    }

    @Test
    @DisplayName("§1: a shared secret turns authentication on, so it cannot be explicitly off with one")
    void secretForcesAuthentication() {
      assertThat(fields(() -> WindowsFailoverSettings.builder().sharedSecret(Secret.of("s")).messageAuthentication(false)
          .build())).containsExactly("messageAuthentication");
    }

    @Test
    @DisplayName("§1: EnableAuth may be on without the secret, as Get-DhcpServerv4Failover reports it")
    void authenticationReadFromServer() {
      WindowsFailoverSettings s = WindowsFailoverSettings.builder().messageAuthentication(true).build();
      assertThat(s.messageAuthentication()).isTrue();
      assertThat(s.advisories(FailoverMode.LOAD_BALANCING)).anySatisfy(a -> assertThat(a).contains("never returns it"));
    }

    @Test
    @DisplayName("every broken rule is reported at once")
    void allAtOnce() {
      assertThat(fields(() -> WindowsFailoverSettings.builder().loadBalancePercent(120).reservePercent(-3)
          .maxClientLeadTime(Duration.ZERO).stateSwitchInterval(Duration.ofMillis(500)).sharedSecret(Secret.of("x"))
          .messageAuthentication(false).build())).containsExactly("loadBalancePercent", "reservePercent",
          "maxClientLeadTime", "stateSwitchInterval", "messageAuthentication");
    }
  }

  @Nested
  @DisplayName("mode rules")
  class ModeRules {

    @Test
    @DisplayName("§1 parameter sets: ReservePercent and ServerRole belong to hot standby only")
    void loadBalancing() {
      WindowsFailoverSettings s = WindowsFailoverSettings.builder().reservePercent(5)
          .partnerRole(WindowsServerRole.STANDBY).build();
      assertThat(fields(s.violationsIn(FailoverMode.LOAD_BALANCING))).containsExactly("reservePercent", "partnerRole");
    }

    @Test
    @DisplayName("§1 parameter sets: LoadBalancePercent belongs to load balancing only")
    void hotStandby() {
      assertThat(fields(WindowsFailoverSettings.loadBalance(50).violationsIn(FailoverMode.HOT_STANDBY)))
          .containsExactly("loadBalancePercent");
    }

    @Test
    @DisplayName("Windows has no passive backup")
    void passiveBackup() {
      assertThat(fields(WindowsFailoverSettings.defaults().violationsIn(FailoverMode.PASSIVE_BACKUP)))
          .containsExactly("mode");
    }
  }

  @Nested
  @DisplayName("advisories")
  class Advisories {

    @Test
    @DisplayName("§1/§4.7: without a state switchover interval COMMUNICATION INTERRUPTED never turns into PARTNER DOWN")
    void noSwitchover() {
      assertThat(WindowsFailoverSettings.builder().sharedSecret(Secret.of("s")).build()
          .advisories(FailoverMode.LOAD_BALANCING)).singleElement().asString()
          .contains("COMMUNICATION INTERRUPTED never turns into PARTNER DOWN");
    }

    @Test
    @DisplayName("with an interval and a secret there is nothing to say")
    void quiet() {
      assertThat(WindowsFailoverSettings.builder().sharedSecret(Secret.of("s")).stateSwitchInterval(Duration.ofHours(1))
          .build().advisories(FailoverMode.HOT_STANDBY)).isEmpty();
    }

    @Test
    @DisplayName("§1: without a shared secret failover messages are not authenticated")
    void noSecret() {
      assertThat(WindowsFailoverSettings.builder().stateSwitchInterval(Duration.ofHours(1)).build()
          .advisories(FailoverMode.LOAD_BALANCING)).singleElement().asString().contains("not authenticated");
    }

    @Test
    @DisplayName("§1: reserve 0 % leaves the standby unable to lease to new clients until PARTNER DOWN plus MCLT")
    void zeroReserve() {
      assertThat(WindowsFailoverSettings.builder().reservePercent(0).sharedSecret(Secret.of("s"))
          .stateSwitchInterval(Duration.ofHours(1)).build().advisories(FailoverMode.HOT_STANDBY))
          .singleElement().asString().contains("reserve percent 0");
    }

    @Test
    @DisplayName("load balance 100 % means one server serves every client")
    void oneSided() {
      assertThat(WindowsFailoverSettings.builder().loadBalancePercent(100).sharedSecret(Secret.of("s"))
          .stateSwitchInterval(Duration.ofHours(1)).build().advisories(FailoverMode.LOAD_BALANCING))
          .singleElement().asString().contains("one server");
    }
  }

  @Test
  @DisplayName("the shared secret never appears in toString")
  void secretNotPrinted() {
    WindowsFailoverSettings s = WindowsFailoverSettings.builder().sharedSecret(Secret.of("correct-horse-battery")).build();
    assertThat(s.toString()).doesNotContain("correct-horse-battery").contains("***");
  }
}
