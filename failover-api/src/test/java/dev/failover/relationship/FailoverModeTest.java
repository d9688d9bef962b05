package dev.failover.relationship;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.server.Vendor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Failover modes per vendor")
class FailoverModeTest {

  @ParameterizedTest(name = "{0} on {1}: {2}")
  @CsvSource({
      "HOT_STANDBY, WINDOWS, true", "LOAD_BALANCING, WINDOWS, true", "PASSIVE_BACKUP, WINDOWS, false",
      "HOT_STANDBY, ISC, true", "LOAD_BALANCING, ISC, true", "PASSIVE_BACKUP, ISC, false",
      "HOT_STANDBY, KEA, true", "LOAD_BALANCING, KEA, true", "PASSIVE_BACKUP, KEA, true"})
  @DisplayName("§1-§3: every vendor has hot standby and load balancing (ISC by split 256/0 and 128); only Kea has passive backup")
  void supportedBy(FailoverMode mode, Vendor vendor, boolean supported) {
    assertThat(mode.supportedBy(vendor)).isEqualTo(supported);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"HOT_STANDBY, hot standby", "LOAD_BALANCING, load balancing", "PASSIVE_BACKUP, passive backup"})
  @DisplayName("display names read as words")
  void displayName(FailoverMode mode, String name) {
    assertThat(mode.displayName()).isEqualTo(name);
  }
}
