package dev.failover.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.scope.Scope;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FingerprintsTest {

  @Test
  void sha256IsLowerCaseHex() {
    assertThat(Fingerprints.sha256("abc".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void equalValuesHaveEqualFingerprints() {
    assertThat(Fingerprints.ofJson(Scope.of("10.1.0.0/24"))).isEqualTo(Fingerprints.ofJson(Scope.of("10.1.0.0/24")))
        .isNotEqualTo(Fingerprints.ofJson(Scope.of("10.2.0.0/24")));
  }
}
