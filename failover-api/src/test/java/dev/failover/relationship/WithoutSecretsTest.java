package dev.failover.relationship;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.Secret;
import dev.failover.server.ServerId;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Verification compares relationships without secrets: servers never show them back. */
class WithoutSecretsTest {

  @Test
  void aWindowsSecretIsLeftOutAndAuthenticationKept() {
    Relationship r = Relationship.of("pair-1", FailoverMode.LOAD_BALANCING, "a", "b",
        WindowsFailoverSettings.builder().loadBalancePercent(50).sharedSecret(Secret.of("hunter2")).build());
    Relationship shown = r.withoutSecrets();
    WindowsFailoverSettings w = (WindowsFailoverSettings) shown.settings();
    assertThat(w.sharedSecret()).isEmpty();
    assertThat(w.messageAuthentication()).isTrue();
    Relationship asRead = Relationship.of("pair-1", FailoverMode.LOAD_BALANCING, "a", "b",
        WindowsFailoverSettings.builder().loadBalancePercent(50).messageAuthentication(true).build());
    assertThat(shown).isEqualTo(asRead.withoutSecrets());
    assertThat(r).isNotEqualTo(asRead);
    Relationship plain = Relationship.of("pair-2", FailoverMode.LOAD_BALANCING, "a", "b",
        WindowsFailoverSettings.loadBalance(50));
    assertThat(plain.withoutSecrets()).isSameAs(plain);
  }

  @Test
  void keaBasicAuthPasswordsAreLeftOut() {
    KeaHaSettings kea = KeaHaSettings.forPair(FailoverMode.HOT_STANDBY, ServerId.of("a"),
        URI.create("http://127.0.0.1:8001/"), ServerId.of("b"), URI.create("http://127.0.0.1:8002/"));
    KeaHaSettings withAuth = ImmutableKeaHaSettings.copyOf(kea).withPeers(kea.peers().stream()
        .map(p -> (KeaPeer) ImmutableKeaPeer.copyOf(p).withBasicAuthUser("ha").withBasicAuthPassword(Secret.of("pw")))
        .toList());
    Relationship r = Relationship.of("kea", FailoverMode.HOT_STANDBY, "a", "b", withAuth);
    assertThat(((KeaHaSettings) r.withoutSecrets().settings()).peers())
        .allSatisfy(p -> {
          assertThat(p.basicAuthPassword()).isEmpty();
          assertThat(p.basicAuthUser()).contains("ha");
        });
  }
}
