package dev.failover.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.relationship.RelationshipName;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Failover status")
class FailoverStatusTest {

  static final ObjectMapper PLAIN = new ObjectMapper().registerModule(new Jdk8Module()).registerModule(new JavaTimeModule());
  static final ObjectMapper ISO = new ObjectMapper().registerModule(new Jdk8Module()).registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  static FailoverStatus recordedPartnerDown() {
    // real Kea 2.2 status-get after the partner was killed (kea-2.2-answers/status-get-partner-down)
    return FailoverStatus.builder()
        .relationship(RelationshipName.of("pair-1")).server(ServerId.of("server1"))
        .local(KeaHaState.PARTNER_DOWN).partner(KeaHaState.UNAVAILABLE)
        .observedAt(Instant.parse("2026-11-24T19:44:09Z")).lastContact(Instant.parse("2026-11-24T19:44:03Z"))
        .putDetail("unacked-clients", "0").putDetail("unacked-clients-left", "1").putDetail("age", "6")
        .build();
  }

  @Test
  @DisplayName("the vendor's word and the common state are both at hand")
  void bothWords() {
    FailoverStatus s = recordedPartnerDown();
    assertThat(s.local().vendorName()).isEqualTo("partner-down");
    assertThat(s.localCommon()).isEqualTo(CommonState.PARTNER_DOWN);
    assertThat(s.partnerCommon()).contains(CommonState.UNKNOWN);
    assertThat(s.vendor()).isEqualTo(Vendor.KEA);
  }

  @Test
  @DisplayName("FailoverStatus.of needs only the relationship, the server and the local state")
  void minimal() {
    FailoverStatus s = FailoverStatus.of(RelationshipName.of("fo1"), ServerId.of("dhcp-a"), IscFailoverState.NORMAL);
    assertThat(s.partner()).isEmpty();
    assertThat(s.partnerCommon()).isEmpty();
    assertThat(s.details()).isEmpty();
    assertThat(s.observedAt()).isEmpty();
  }

  @Test
  @DisplayName("JSON round trip with a plain mapper and with ISO instants; states as {vendor, state}")
  void json() throws Exception {
    FailoverStatus s = recordedPartnerDown();
    for (ObjectMapper mapper : new ObjectMapper[] {PLAIN, ISO}) {
      String json = mapper.writeValueAsString(s);
      assertThat(mapper.readTree(json).get("local").toString()).isEqualTo("{\"vendor\":\"kea\",\"state\":\"partner-down\"}");
      assertThat(mapper.readValue(json, FailoverStatus.class)).as(json).isEqualTo(s);
    }
    FailoverStatus windows = FailoverStatus.builder().relationship(RelationshipName.of("SFO-SIN-Failover"))
        .server(ServerId.of("dc1")).local(WindowsFailoverState.COMMUNICATION_INT)
        .partner(WindowsFailoverState.NO_STATE).build();
    assertThat(PLAIN.readValue(PLAIN.writeValueAsString(windows), FailoverStatus.class)).isEqualTo(windows);
  }

  @Test
  @DisplayName("the partner's state must be of the local state's vendor; details hold no control characters")
  void rules() {
    assertThatThrownBy(() -> FailoverStatus.builder().relationship(RelationshipName.of("p")).server(ServerId.of("a"))
        .local(KeaHaState.HOT_STANDBY).partner(IscFailoverState.NORMAL).putDetail("", "x").putDetail("k", "a\nb").build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .extracting(Violation::field).containsExactlyInAnyOrder("partner", "details", "details.k"));
  }
}
