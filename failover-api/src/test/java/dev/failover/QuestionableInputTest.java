package dev.failover;

import dev.failover.errors.MissingValuesException;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.json.FailoverJson;
import dev.failover.plan.Plan;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Inputs that were accepted silently and are now refused, each with the rule it breaks; and how
 * the refusals themselves read (long values cut, no password shown, missing fields named).
 */
@DisplayName("questionable inputs are refused with the rule they break")
class QuestionableInputTest {

  static Consumer<ValidationException> rule(String field, String... words) {
    return e -> assertThat(e.violations()).anySatisfy(v -> {
      assertThat(v.field()).isEqualTo(field);
      assertThat(v.rule()).contains(words);
    });
  }

  @Test
  @DisplayName("an empty option value: a DHCP option carries at least one value")
  void emptyOptionValue() {
    assertThatThrownBy(() -> OptionValue.of(6, "")).isInstanceOfSatisfying(ValidationException.class,
        rule("value", "must not be empty"));
    assertThat(OptionValue.of(6, "192.0.2.53").value()).isEqualTo("192.0.2.53");
  }

  @Test
  @DisplayName("a pool that covers the subnet's network or broadcast address; a /31 or /32 has neither")
  void poolOverNetworkAndBroadcast() {
    Subnet s = Subnet.parse("10.9.0.0/24");
    assertThatThrownBy(() -> Scope.builder().subnet(s).addPool(Pool.of("10.9.0.0", "10.9.0.255")).build())
        .isInstanceOfSatisfying(ValidationException.class, rule("pools", "network address 10.9.0.0", "broadcast"));
    assertThatThrownBy(() -> Scope.builder().subnet(s).addPool(Pool.of("10.9.0.200", "10.9.0.255")).build())
        .isInstanceOf(ValidationException.class);
    assertThat(Scope.builder().subnet(s).addPool(Pool.of("10.9.0.1", "10.9.0.254")).build().pools()).hasSize(1);
    assertThat(Scope.builder().subnet(Subnet.parse("10.9.1.0/31")).addPool(Pool.of("10.9.1.0", "10.9.1.1")).build()
        .pools()).hasSize(1);
  }

  @Test
  @DisplayName("lease times of 1 ns and of about 292 billion years: whole seconds from 1 s to 4294967295 s (RFC 2132 9.2)")
  void leaseTimes() {
    for (Duration bad : new Duration[] {Duration.ofNanos(1), Duration.ofSeconds(Long.MAX_VALUE), Duration.ofMillis(1500),
        Duration.ofSeconds(4_294_967_296L)}) {
      assertThatThrownBy(() -> ScopeProperties.builder().leaseTime(bad).build())
          .as("%s", bad).isInstanceOfSatisfying(ValidationException.class, rule("leaseTime", "32-bit count of seconds"));
    }
    assertThat(ScopeProperties.builder().leaseTime(Duration.ofSeconds(1)).build().leaseTime()).isPresent();
    assertThat(ScopeProperties.builder().leaseTime(Duration.ofSeconds(4_294_967_295L)).build().leaseTime()).isPresent();
  }

  @Test
  @DisplayName("a plan read from the JSON text null is refused, not returned as nothing")
  void nullPlanJson() {
    assertThatThrownBy(() -> FailoverJson.read("null", Plan.class)).isInstanceOfSatisfying(ValidationException.class,
        rule("json", "must be a JSON object, not null"));
    assertThatThrownBy(() -> FailoverJson.read("  null\n", Plan.class)).isInstanceOf(ValidationException.class);
  }

  @Test
  @DisplayName("an address range used as a host name (RFC 1123 2.1: a name never has the dotted-decimal form)")
  void addressRangeAsHostName() {
    assertThatThrownBy(() -> Reservation.builder().from(Reservation.of("00:50:56:00:00:01", "10.9.0.5"))
        .hostname("10.9.0.10-10.9.0.20").build()).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.violations()).extracting(Violation::field).contains("hostname"));
    assertThatThrownBy(() -> Server.of("dhcp-a", Vendor.KEA, "192.0.2.1-192.0.2.9", URI.create("http://127.0.0.1:8000/")))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).extracting(Violation::field)
            .contains("address"));
    assertThat(Server.of("dhcp-a", Vendor.KEA, "192.0.2.1", URI.create("http://127.0.0.1:8000/")).address())
        .isEqualTo("192.0.2.1");
    assertThat(Server.of("dhcp-a", Vendor.KEA, "dhcp-a.example.net", URI.create("http://127.0.0.1:8000/")).address())
        .isEqualTo("dhcp-a.example.net");
    assertThat(Reservation.builder().from(Reservation.of("00:50:56:00:00:01", "10.9.0.5")).hostname("lab-1")
        .build().hostname()).contains("lab-1");
  }

  @Test
  @DisplayName("a 1 MB value is cut in the message to its start and its length")
  void longValueCut() {
    String huge = "x".repeat(1_000_000);
    assertThatThrownBy(() -> OptionValue.of(6, huge + "\u0001")).isInstanceOfSatisfying(ValidationException.class, e -> {
      assertThat(e.getMessage().length()).isLessThan(1_000);
      assertThat(e.getMessage()).containsPattern("cut: 100000\\d characters in all");
      assertThat(e.violations().get(0).value()).hasSizeLessThanOrEqualTo(Violation.MAX_SHOWN);
    });
    assertThat(new Violation("f", "short", "must be").value()).isEqualTo("short");
  }

  @Test
  @DisplayName("an endpoint URL with a password is refused, and the password is not shown in the refusal")
  void passwordInEndpoint() {
    assertThatThrownBy(() -> Server.of("dhcp-a", Vendor.KEA, "192.0.2.1",
        URI.create("http://admin:hunter2-pw@127.0.0.1:8000/"))).isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.getMessage()).doesNotContain("hunter2-pw").contains("admin:***@127.0.0.1");
          assertThat(e.violations()).anySatisfy(v -> assertThat(v.rule()).contains("must not carry a password"));
        });
    assertThat(Server.of("dhcp-a", Vendor.WINDOWS, "dhcp-a", URI.create("ssh://dhcpadmin@127.0.0.1:22")).endpoint())
        .hasUserInfo("dhcpadmin");
  }

  @Test
  @DisplayName("a value built without its required fields is a validation error naming each field, not an illegal state")
  void missingFields() {
    assertThatThrownBy(() -> Server.builder().id(ServerId.of("dhcp-a")).build())
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e).isInstanceOf(MissingValuesException.class);
          assertThat(e.subject()).isEqualTo("server");
          assertThat(e.violations()).extracting(Violation::field).containsExactly("vendor", "address", "endpoint");
          assertThat(e.getMessage()).contains("vendor must be given, was (not set)");
        });
    assertThatThrownBy(() -> Scope.builder().build()).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("subnet"));
  }
}
