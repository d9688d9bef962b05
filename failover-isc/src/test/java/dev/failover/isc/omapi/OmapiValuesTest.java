package dev.failover.isc.omapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.failover.Secret;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The value types' own rules; every violation is reported at once, secrets never. */
class OmapiValuesTest {

  @Test
  @DisplayName("a key announces hmac-md5 as dhcpd stores it and never prints its secret")
  void key() {
    OmapiKey key = OmapiKey.hmacMd5("omapi-admin", Secret.of(RecordedSessions.KEY_SECRET));
    assertThat(key.algorithm()).isEqualTo("hmac-md5.SIG-ALG.REG.INT.");
    assertThat(key.toString()).doesNotContain(RecordedSessions.KEY_SECRET).contains("omapi-admin");
    assertThat(new String(key.secretBytes(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("test-only-omapi-key");
  }

  @Test
  @DisplayName("a key with a hostile name and a secret that is not base64 is refused with both violations, the secret masked")
  void badKey() {
    String notBase64 = "not base64 at all!";
    ValidationException e = catchThrowableOfType(ValidationException.class,
        () -> OmapiKey.hmacMd5("k\"; }\nomapi-port 1;", Secret.of(notBase64)));
    assertThat(e.violations()).extracting(Violation::field).containsExactly("name", "secret");
    assertThat(e.getMessage()).doesNotContain(notBase64).contains("***");
  }

  @Test
  @DisplayName("an endpoint defaults to port 7911 and time-outs of 5 and 10 seconds, and names itself host:port")
  void endpointDefaults() {
    OmapiEndpoint e = OmapiEndpoint.builder().host("dhcp-a.example").build();
    assertThat(e.port()).isEqualTo(7911);
    assertThat(e.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(e.readTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(e.serverName()).isEqualTo("dhcp-a.example:7911");
    assertThat(OmapiEndpoint.of("::1", 7911).host()).isEqualTo("::1");
  }

  @Test
  @DisplayName("an endpoint with a bad host, port and time-outs lists every violation")
  void badEndpoint() {
    ValidationException e = catchThrowableOfType(ValidationException.class, () -> OmapiEndpoint.builder()
        .host("a b;rm").port(0).connectTimeout(Duration.ZERO).readTimeout(Duration.ofHours(1)).build());
    assertThat(e.violations()).extracting(Violation::field)
        .containsExactly("host", "port", "connectTimeout", "readTimeout");
    assertThat(e.getMessage()).contains("port must be between 1 and 65535, was 0");
  }

  @Test
  @DisplayName("a failover-state value checks its own shape: ports, counts, hba")
  void stateChecks() {
    ValidationException e = catchThrowableOfType(ValidationException.class, () -> OmapiFailoverState.builder()
        .peerName("fo1").localState(dev.failover.state.IscFailoverState.NORMAL)
        .partnerState(dev.failover.state.IscFailoverState.NORMAL).role(OmapiFailoverState.Role.PRIMARY)
        .localStateSince(java.time.Instant.EPOCH).partnerStateSince(java.time.Instant.EPOCH)
        .mclt(Duration.ofSeconds(-1)).maxResponseDelay(Duration.ZERO).maxOutstandingUpdates(-1)
        .currentUnackedUpdates(0).localPort(70000).partnerPort(647).skew(Duration.ZERO)
        .loadBalanceHba("ff").build());
    assertThat(e.violations()).extracting(Violation::field)
        .containsExactly("localPort", "maxOutstandingUpdates", "mclt", "loadBalanceHba");
  }
}
