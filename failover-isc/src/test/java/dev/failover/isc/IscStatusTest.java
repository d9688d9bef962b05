package dev.failover.isc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.BackendException;
import dev.failover.Failover;
import dev.failover.errors.NotFoundException;
import dev.failover.Secret;
import dev.failover.isc.omapi.OmapiFailoverState;
import dev.failover.plan.AddScope;
import dev.failover.plan.CreateRelationship;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.Relationship;
import dev.failover.server.Credential;
import dev.failover.state.CommonState;
import dev.failover.state.FailoverStatus;
import dev.failover.state.IscFailoverState;
import dev.failover.testkit.isc.FakeOmapiServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Status, partner-down and the IscOmapi extension over OMAPI, against the testkit's fake dhcpd listener. */
class IscStatusTest {

  static final String KEY = "dGVzdC1vbmx5LW9tYXBpLWtleQ==";
  static final String BASE = "authoritative;\nsubnet 10.1.0.0 netmask 255.255.255.0 { pool { range 10.1.0.10 10.1.0.20; } }\n";

  @TempDir
  Path dir;
  FakeOmapiServer a;
  FakeOmapiServer b;
  IscWorld world;
  Failover failover;

  @BeforeEach
  void pair() {
    a = FakeOmapiServer.builder().peer("pair-1", FakeOmapiServer.Role.PRIMARY).start();
    b = FakeOmapiServer.builder().peer("pair-1", FakeOmapiServer.Role.SECONDARY).key("omapi-admin", Secret.of(KEY))
        .start();
    world = new IscWorld(dir).server("dhcp-a", "192.0.2.1", BASE).server("dhcp-b", "192.0.2.2", "authoritative;\n")
        .omapi("dhcp-a", a.host(), a.port(), Optional.empty())
        .omapi("dhcp-b", b.host(), b.port(), Optional.of(Credential.of("omapi-admin", Secret.of(KEY))));
    world.apply(CreateRelationship.of(Relationship.of("pair-1", FailoverMode.LOAD_BALANCING, "dhcp-a", "dhcp-b",
        IscFailoverSettings.defaults("192.0.2.1", "192.0.2.2"))));
    world.apply(AddScope.of("pair-1", "10.1.0.0/24"));
    failover = world.failover();
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
  }

  @Test
  @DisplayName("status reads both servers over OMAPI (the secondary with its key), with dhcpd's own details")
  void status() {
    a.setState("pair-1", IscFailoverState.COMMUNICATIONS_INTERRUPTED, IscFailoverState.UNKNOWN_STATE);
    List<FailoverStatus> status = failover.status("pair-1");
    assertThat(status).extracting(s -> s.server().value()).containsExactly("dhcp-a", "dhcp-b");
    FailoverStatus sa = status.get(0);
    assertThat(sa.local()).isEqualTo(IscFailoverState.COMMUNICATIONS_INTERRUPTED);
    assertThat(sa.localCommon()).isEqualTo(CommonState.COMMUNICATION_INTERRUPTED);
    assertThat(sa.partner()).contains(IscFailoverState.UNKNOWN_STATE);
    assertThat(sa.details()).containsEntry("hierarchy", "primary").containsEntry("mclt", "3600")
        .containsEntry("max-response-delay", "60").containsEntry("local-port", "647").containsKey("skew")
        .containsKey("load-balance-hba");
    assertThat(sa.observedAt()).isPresent();
    FailoverStatus sb = status.get(1);
    assertThat(sb.local()).isEqualTo(IscFailoverState.NORMAL);
    assertThat(sb.details()).containsEntry("hierarchy", "secondary");
  }

  @Test
  @DisplayName("partner-down sets local-state 4 on the named server only; the extension reads it back")
  void partnerDown() {
    failover.partnerDown("pair-1", "dhcp-b", IscWorld.ADMIN);
    assertThat(b.state("pair-1").local()).isEqualTo(IscFailoverState.PARTNER_DOWN);
    assertThat(b.updates()).extracting(FakeOmapiServer.LocalStateUpdate::requestedCode).containsExactly(4);
    assertThat(a.updates()).isEmpty();
    IscOmapi omapi = failover.extension("dhcp-b", IscOmapi.class).orElseThrow();
    OmapiFailoverState s = omapi.failoverState(failover.inventory().require("dhcp-b"), "pair-1");
    assertThat(s.localState()).isEqualTo(IscFailoverState.PARTNER_DOWN);
    assertThat(s.role()).isEqualTo(OmapiFailoverState.Role.SECONDARY);
  }

  @Test
  @DisplayName("a wrong key is a credential error; a dormant peer is 'not found' and says why; no listener is a transport error")
  void failures() {
    world.omapi("dhcp-b", b.host(), b.port(), Optional.of(Credential.of("omapi-admin",
        Secret.of("d3Jvbmcta2V5LXdyb25nLWtleQ=="))));
    BackendException wrong = (BackendException) org.assertj.core.api.Assertions.catchThrowable(
        () -> world.failover().status("pair-1"));
    assertThat(wrong.kind()).isEqualTo(BackendException.Kind.CREDENTIALS);
    assertThat(wrong.getMessage()).contains("did not accept the credential").doesNotContain("d3Jvbmcta2V5");
    world.apply(CreateRelationship.of(Relationship.of("pair-2", FailoverMode.HOT_STANDBY, "dhcp-a", "dhcp-b",
        IscFailoverSettings.forMode(FailoverMode.HOT_STANDBY, "192.0.2.1", "192.0.2.2"))));
    assertThatThrownBy(() -> world.backend.status(world.server("dhcp-a"), world.failover().relationship("pair-2")))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("dormant");
    int port = a.port();
    a.close();
    BackendException gone = (BackendException) org.assertj.core.api.Assertions.catchThrowable(
        () -> world.backend.failoverState(world.server("dhcp-a"), "pair-1"));
    assertThat(gone.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
    assertThat(gone.getMessage()).contains("dhcp-a");
    assertThat(port).isPositive();
  }
}
