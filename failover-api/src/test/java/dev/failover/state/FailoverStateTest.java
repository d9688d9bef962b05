package dev.failover.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.failover.errors.ValidationException;
import dev.failover.server.Vendor;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Failover states across vendors")
class FailoverStateTest {

  static final ObjectMapper MAPPER = new ObjectMapper();

  static Stream<FailoverState> allStates() {
    return Stream.of(IscFailoverState.values(), KeaHaState.values(), WindowsFailoverState.values())
        .flatMap(Stream::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allStates")
  @DisplayName("every state writes {\"vendor\":..,\"state\":..} and reads back to the same constant")
  void jsonRoundTrip(FailoverState state) throws Exception {
    String json = MAPPER.writeValueAsString(state);
    assertThat(MAPPER.readTree(json).get("vendor").asText()).isEqualTo(state.vendor().name().toLowerCase());
    assertThat(MAPPER.readTree(json).get("state").asText()).isEqualTo(state.vendorName());
    assertThat(MAPPER.readValue(json, FailoverState.class)).isSameAs(state);
    assertThat(FailoverState.of(state.vendor(), state.vendorName())).isSameAs(state);
  }

  @Test
  @DisplayName("the JSON shape is exactly vendor and state")
  void shape() throws Exception {
    assertThat(MAPPER.writeValueAsString(KeaHaState.HOT_STANDBY)).isEqualTo("{\"vendor\":\"kea\",\"state\":\"hot-standby\"}");
    assertThat(MAPPER.writeValueAsString(IscFailoverState.COMMUNICATIONS_INTERRUPTED))
        .isEqualTo("{\"vendor\":\"isc\",\"state\":\"communications-interrupted\"}");
    assertThat(MAPPER.writeValueAsString(WindowsFailoverState.COMMUNICATION_INT))
        .isEqualTo("{\"vendor\":\"windows\",\"state\":\"COMMUNICATION_INT\"}");
  }

  @Test
  @DisplayName("bad JSON is refused: unknown vendor, unknown state, wrong shape")
  void badJson() {
    assertThatThrownBy(() -> MAPPER.readValue("{\"vendor\":\"cisco\",\"state\":\"normal\"}", FailoverState.class))
        .hasRootCauseInstanceOf(ValidationException.class).hasMessageContaining("vendor");
    assertThatThrownBy(() -> MAPPER.readValue("{\"vendor\":\"kea\",\"state\":\"normal\"}", FailoverState.class))
        .hasRootCauseInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> MAPPER.readValue("\"normal\"", FailoverState.class))
        .isInstanceOf(MismatchedInputException.class);
  }

  @Test
  @DisplayName("the same word means the vendor's own state: ISC 'normal' is not Windows 'NORMAL'")
  void vendorsKeepTheirWords() {
    assertThat(FailoverState.of(Vendor.ISC, "normal")).isEqualTo(IscFailoverState.NORMAL);
    assertThat(FailoverState.of(Vendor.WINDOWS, "normal")).isEqualTo(WindowsFailoverState.NORMAL);
    assertThat(FailoverState.of(Vendor.ISC, "normal").common()).isEqualTo(FailoverState.of(Vendor.WINDOWS, "NORMAL").common());
    assertThatThrownBy(() -> FailoverState.of(Vendor.KEA, "normal")).isInstanceOf(ValidationException.class);
  }

  @Test
  @DisplayName("every common state is reached by some vendor state, and only NORMAL is healthy")
  void commonStatesAreUsed() {
    Set<CommonState> reached = EnumSet.noneOf(CommonState.class);
    allStates().forEach(s -> reached.add(s.common()));
    assertThat(reached).containsExactlyInAnyOrder(CommonState.values());
    assertThat(Stream.of(CommonState.values()).filter(CommonState::healthy)).containsExactly(CommonState.NORMAL);
  }
}
