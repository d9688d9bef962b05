package dev.failover.relationship;

import static dev.failover.relationship.Expect.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.ValidationException;
import dev.failover.server.ServerId;
import dev.failover.state.KeaHaState;
import java.net.URI;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Kea HA settings (vendor-facts §3)")
class KeaHaSettingsTest {

  static final ServerId A = ServerId.of("dhcp-a");
  static final ServerId B = ServerId.of("dhcp-b");

  static KeaPeer peer(String server, int octet, ServerRole role) {
    return KeaPeer.of(ServerId.of(server), URI.create("http://192.0.2." + octet + ":8001/"), role);
  }

  static ImmutableKeaHaSettings.Builder hotStandby() {
    return KeaHaSettings.builder().addPeer(peer("dhcp-a", 1, ServerRole.PRIMARY)).addPeer(peer("dhcp-b", 2, ServerRole.STANDBY));
  }

  static ImmutableKeaHaSettings.Builder loadBalancing() {
    return KeaHaSettings.builder().addPeer(peer("dhcp-a", 1, ServerRole.PRIMARY))
        .addPeer(peer("dhcp-b", 2, ServerRole.SECONDARY));
  }

  @Nested
  @DisplayName("defaults")
  class Defaults {

    @Test
    @DisplayName("§3.2: timers 10000/60000/10000 ms, 10 unacked clients, sync 60000 ms and 10000 leases per page")
    void timersAndCounters() {
      KeaHaSettings s = hotStandby().build();
      assertThat(s.heartbeatDelay()).isEqualTo(Duration.ofMillis(10_000));
      assertThat(s.maxResponseDelay()).isEqualTo(Duration.ofMillis(60_000));
      assertThat(s.maxAckDelay()).isEqualTo(Duration.ofMillis(10_000));
      assertThat(s.maxUnackedClients()).isEqualTo(10);
      assertThat(s.syncTimeout()).isEqualTo(Duration.ofMillis(60_000));
      assertThat(s.syncPageLimit()).isEqualTo(10_000);
    }

    @Test
    @DisplayName("§3.2: switches: send-lease-updates, sync-leases, require-client-certs on; wait-backup-ack off")
    void switches() {
      KeaHaSettings s = hotStandby().build();
      assertThat(s.sendLeaseUpdates()).isTrue();
      assertThat(s.syncLeases()).isTrue();
      assertThat(s.requireClientCerts()).isTrue();
      assertThat(s.waitBackupAck()).isFalse();
      assertThat(s.statePauses()).isEmpty();
      assertThat(s.tlsConfigured()).isFalse();
    }

    @Test
    @DisplayName("§3.1/§3.2: version-dependent parameters are left to the server unless set")
    void versionDependent() {
      KeaHaSettings s = hotStandby().build();
      assertThat(s.maxRejectedLeaseUpdates()).isEmpty();
      assertThat(s.restrictCommands()).isEmpty();
      assertThat(s.multiThreading()).isEmpty();
      assertThat(KeaHaSettings.DEFAULT_MAX_REJECTED_LEASE_UPDATES).isEqualTo(10);
    }

    @Test
    @DisplayName("§3.2: delayed-updates-limit is 100 in load balancing and 0 in the other modes")
    void delayedUpdatesLimit() {
      KeaHaSettings s = hotStandby().build();
      assertThat(s.delayedUpdatesLimit()).isEmpty();
      assertThat(s.effectiveDelayedUpdatesLimit(FailoverMode.LOAD_BALANCING)).isEqualTo(100);
      assertThat(s.effectiveDelayedUpdatesLimit(FailoverMode.HOT_STANDBY)).isZero();
      assertThat(s.effectiveDelayedUpdatesLimit(FailoverMode.PASSIVE_BACKUP)).isZero();
    }

    @Test
    @DisplayName("§3.2: multi-threading defaults (3.x): enabled, dedicated listener, 0 threads = automatic")
    void multiThreading() {
      KeaMultiThreading mt = KeaMultiThreading.defaults();
      assertThat(mt.enableMultiThreading()).isTrue();
      assertThat(mt.httpDedicatedListener()).isTrue();
      assertThat(mt.httpListenerThreads()).isZero();
      assertThat(mt.httpClientThreads()).isZero();
      assertThat(mt.dedicatedListenerInUse()).isTrue();
      assertThat(KeaMultiThreading.builder().enableMultiThreading(false).build().dedicatedListenerInUse()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(FailoverMode.class)
    @DisplayName("§3.4: forPair names the peers after their servers and gives the partner the mode's role")
    void forPair(FailoverMode mode) {
      KeaHaSettings s = KeaHaSettings.forPair(mode, A, URI.create("http://10.0.0.1:8001/"), B,
          URI.create("http://10.0.0.2:8001/"));
      assertThat(s.peerFor(A)).hasValueSatisfying(p -> assertThat(p.role()).isEqualTo(ServerRole.PRIMARY));
      ServerRole expected = mode == FailoverMode.LOAD_BALANCING ? ServerRole.SECONDARY
          : mode == FailoverMode.HOT_STANDBY ? ServerRole.STANDBY : ServerRole.BACKUP;
      assertThat(s.peerFor("dhcp-b")).hasValueSatisfying(p -> assertThat(p.role()).isEqualTo(expected));
      assertThat(s.violationsIn(mode)).isEmpty();
    }

    @Test
    @DisplayName("peerFor finds peers by Kea name and by server, and nothing for a stranger")
    void peerFor() {
      KeaHaSettings s = KeaHaSettings.builder().addPeer(KeaPeer.builder().from(peer("dhcp-a", 1, ServerRole.PRIMARY))
          .name("server1").build()).addPeer(peer("dhcp-b", 2, ServerRole.STANDBY)).build();
      assertThat(s.peerFor("server1")).map(KeaPeer::server).contains(A);
      assertThat(s.peerFor(A)).map(KeaPeer::name).contains("server1");
      assertThat(s.peerFor("dhcp-a")).isEmpty();
      assertThat(s.peerFor(ServerId.of("dhcp-z"))).isEmpty();
    }
  }

  @Nested
  @DisplayName("ranges")
  class Ranges {

    static Stream<Arguments> timers() {
      return Stream.of(
          Arguments.of("heartbeatDelay", (BiFunction<ImmutableKeaHaSettings.Builder, Duration, ImmutableKeaHaSettings.Builder>)
              ImmutableKeaHaSettings.Builder::heartbeatDelay),
          Arguments.of("maxResponseDelay", (BiFunction<ImmutableKeaHaSettings.Builder, Duration, ImmutableKeaHaSettings.Builder>)
              ImmutableKeaHaSettings.Builder::maxResponseDelay),
          Arguments.of("maxAckDelay", (BiFunction<ImmutableKeaHaSettings.Builder, Duration, ImmutableKeaHaSettings.Builder>)
              ImmutableKeaHaSettings.Builder::maxAckDelay));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("timers")
    @DisplayName("§3.2 (KEA-PARSER, Kea's test largeHeartbeatDelay): timers are uint16 milliseconds, 0 to 65535")
    void uint16Timers(String field,
        BiFunction<ImmutableKeaHaSettings.Builder, Duration, ImmutableKeaHaSettings.Builder> set) {
      Duration least = field.equals("heartbeatDelay") ? Duration.ofMillis(1) : Duration.ZERO;
      assertThat(set.apply(hotStandby(), least).build()).isNotNull();
      assertThat(set.apply(hotStandby(), Duration.ofMillis(65_535)).build()).isNotNull();
      assertThat(fields(() -> set.apply(hotStandby(), Duration.ofMillis(65_536)).build())).containsExactly(field);
      assertThat(fields(() -> set.apply(hotStandby(), Duration.ofMillis(-1)).build())).containsExactly(field);
      assertThat(fields(() -> set.apply(hotStandby(), Duration.ofNanos(1_500_000)).build())).containsExactly(field);
    }

    @Test
    @DisplayName("§3.2: a heartbeat-delay of 0 is refused: real Kea 2.2.0 accepts it (kea-dhcp4 -t) but then sends no heartbeat")
    void heartbeatDelayZero() {
      assertThatThrownBy(() -> hotStandby().heartbeatDelay(Duration.ZERO).build())
          .isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.violations()).singleElement().satisfies(v -> {
              assertThat(v.field()).isEqualTo("heartbeatDelay");
              assertThat(v.rule()).contains("at least 1 ms").contains("no heartbeat");
            });
          });
    }

    @Test
    @DisplayName("§3.2: counters are uint32: not negative, at most 4294967295")
    void uint32Counters() {
      long max = 4_294_967_295L;
      KeaHaSettings s = hotStandby().maxUnackedClients(max).maxRejectedLeaseUpdates(max).delayedUpdatesLimit(0)
          .syncPageLimit(max).build();
      assertThat(s.maxUnackedClients()).isEqualTo(max);
      assertThat(fields(() -> hotStandby().maxUnackedClients(max + 1).build())).containsExactly("maxUnackedClients");
      assertThat(fields(() -> hotStandby().maxUnackedClients(-1).build())).containsExactly("maxUnackedClients");
      assertThat(fields(() -> hotStandby().maxRejectedLeaseUpdates(-1).build())).containsExactly("maxRejectedLeaseUpdates");
      assertThat(fields(() -> hotStandby().delayedUpdatesLimit(max + 1).build())).containsExactly("delayedUpdatesLimit");
      assertThat(fields(() -> hotStandby().syncPageLimit(-1).build())).containsExactly("syncPageLimit");
    }

    @Test
    @DisplayName("§3.2: sync-timeout is uint32 milliseconds")
    void syncTimeout() {
      assertThat(hotStandby().syncTimeout(Duration.ofMillis(4_294_967_295L)).build()).isNotNull();
      assertThat(fields(() -> hotStandby().syncTimeout(Duration.ofMillis(4_294_967_296L)).build()))
          .containsExactly("syncTimeout");
    }

    @Test
    @DisplayName("§3.2: multi-threading thread counts are uint32")
    void threads() {
      assertThat(fields(() -> KeaMultiThreading.builder().httpListenerThreads(-1).httpClientThreads(4_294_967_296L)
          .build())).containsExactly("httpListenerThreads", "httpClientThreads");
    }

    @Test
    @DisplayName("§3.2: trust-anchor, cert-file and key-file are all three or none")
    void tlsAllOrNone() {
      assertThat(fields(() -> hotStandby().certFile("/c").keyFile("/k").build())).containsExactly("trustAnchor");
      assertThat(hotStandby().trustAnchor("/ca").certFile("/c").keyFile("/k").build().tlsConfigured()).isTrue();
      assertThat(fields(() -> hotStandby().trustAnchor("").certFile("/c").keyFile("/k").build()))
          .containsExactly("trustAnchor");
    }

    @Test
    @DisplayName("§3.2 (Kea's test duplicatedStates): a state is configured in the state machine once")
    void duplicateState() {
      KeaHaSettings s = hotStandby().addStatePause(KeaStatePause.of(KeaHaState.WAITING, KeaStatePause.Pause.ALWAYS))
          .addStatePause(KeaStatePause.of(KeaHaState.READY, KeaStatePause.Pause.ONCE)).build();
      assertThat(s.statePauses()).hasSize(2);
      assertThat(fields(() -> hotStandby()
          .addStatePause(KeaStatePause.of(KeaHaState.WAITING, KeaStatePause.Pause.ALWAYS))
          .addStatePause(KeaStatePause.of(KeaHaState.WAITING, KeaStatePause.Pause.NEVER)).build()))
          .containsExactly("statePauses");
    }

    @Test
    @DisplayName("§3.2: only a server's own states can be paused (not 'unavailable'); pause words are Kea's")
    void pausableStates() {
      assertThat(fields(() -> KeaStatePause.of(KeaHaState.UNAVAILABLE, KeaStatePause.Pause.ONCE))).containsExactly("state");
      assertThat(KeaStatePause.Pause.ALWAYS.keaName()).isEqualTo("always");
      assertThat(KeaStatePause.Pause.NEVER.keaName()).isEqualTo("never");
      assertThat(KeaStatePause.Pause.ONCE.keaName()).isEqualTo("once");
    }
  }

  @Nested
  @DisplayName("peers")
  class Peers {

    @Test
    @DisplayName("§3.4 (Kea's test twoPrimary): exactly one primary — \"multiple primary servers specified\"")
    void twoPrimaries() {
      assertThat(fields(() -> KeaHaSettings.builder().addPeer(peer("dhcp-a", 1, ServerRole.PRIMARY))
          .addPeer(peer("dhcp-b", 2, ServerRole.PRIMARY)).build())).containsExactly("peers");
    }

    @Test
    @DisplayName("§3.4: every mode requires a primary")
    void noPrimary() {
      assertThat(fields(() -> KeaHaSettings.builder().addPeer(peer("dhcp-a", 1, ServerRole.STANDBY))
          .addPeer(peer("dhcp-b", 2, ServerRole.BACKUP)).build())).containsExactly("peers");
    }

    @Test
    @DisplayName("§3.4 (Kea's tests twoSecondary, twoStandby): at most one secondary and one standby")
    void twoSecondariesOrStandbys() {
      assertThat(fields(() -> loadBalancing().addPeer(peer("dhcp-c", 3, ServerRole.SECONDARY)).build()))
          .containsExactly("peers");
      assertThat(fields(() -> hotStandby().addPeer(peer("dhcp-c", 3, ServerRole.STANDBY)).build()))
          .containsExactly("peers");
    }

    @Test
    @DisplayName("§3.4: backups are unlimited, in every mode")
    void manyBackups() {
      KeaHaSettings s = loadBalancing().addPeer(peer("dhcp-c", 3, ServerRole.BACKUP))
          .addPeer(peer("dhcp-d", 4, ServerRole.BACKUP)).addPeer(peer("dhcp-e", 5, ServerRole.BACKUP)).build();
      assertThat(s.peersIn(ServerRole.BACKUP)).hasSize(3);
      assertThat(s.violationsIn(FailoverMode.LOAD_BALANCING)).isEmpty();
    }

    @Test
    @DisplayName("§3.3 (Kea's test duplicatePeerName): peer names are unique")
    void uniqueNames() {
      assertThat(fields(() -> KeaHaSettings.builder().addPeer(peer("dhcp-a", 1, ServerRole.PRIMARY))
          .addPeer(KeaPeer.builder().from(peer("dhcp-b", 2, ServerRole.STANDBY)).name("dhcp-a").build()).build()))
          .containsExactly("peers.name");
    }

    @Test
    @DisplayName("one peer per server, each on its own address and port")
    void uniqueServersAndUrls() {
      assertThat(fields(() -> KeaHaSettings.builder().addPeer(peer("dhcp-a", 1, ServerRole.PRIMARY))
          .addPeer(KeaPeer.builder().from(peer("dhcp-a", 2, ServerRole.STANDBY)).name("other").build()).build()))
          .containsExactly("peers.server");
      assertThat(fields(() -> KeaHaSettings.builder().addPeer(peer("dhcp-a", 1, ServerRole.PRIMARY))
          .addPeer(peer("dhcp-b", 1, ServerRole.STANDBY)).build())).containsExactly("peers.url");
    }

    @Test
    @DisplayName("§3.2 (Kea's test badURLHttps): https is refused where TLS is not configured")
    void httpsNeedsTls() {
      KeaPeer secure = KeaPeer.of(B, URI.create("https://192.0.2.2:8001/"), ServerRole.STANDBY);
      assertThat(fields(() -> KeaHaSettings.builder().addPeer(peer("dhcp-a", 1, ServerRole.PRIMARY)).addPeer(secure)
          .build())).containsExactly("peers.url");
      assertThat(KeaHaSettings.builder().addPeer(peer("dhcp-a", 1, ServerRole.PRIMARY)).addPeer(secure)
          .trustAnchor("/ca").certFile("/c").keyFile("/k").build().peers()).hasSize(2);
      assertThat(KeaHaSettings.builder().addPeer(peer("dhcp-a", 1, ServerRole.PRIMARY))
          .addPeer(KeaPeer.builder().from(secure).trustAnchor("/ca").certFile("/c").keyFile("/k").build())
          .build().peers()).hasSize(2);
    }

    @Test
    @DisplayName("every broken rule is reported at once")
    void allAtOnce() {
      assertThat(fields(() -> KeaHaSettings.builder().addPeer(peer("dhcp-a", 1, ServerRole.STANDBY))
          .addPeer(peer("dhcp-b", 1, ServerRole.STANDBY)).heartbeatDelay(Duration.ofSeconds(70)).keyFile("/k").build()))
          .containsExactlyInAnyOrder("heartbeatDelay", "trustAnchor", "peers", "peers", "peers.url");
    }
  }

  @Nested
  @DisplayName("mode rules (§3.4)")
  class ModeRules {

    @Test
    @DisplayName("load balancing needs a secondary (\"secondary server required in the load balancing configuration\")")
    void loadBalancingNeedsSecondary() {
      KeaHaSettings s = KeaHaSettings.builder().addPeer(peer("dhcp-a", 1, ServerRole.PRIMARY))
          .addPeer(peer("dhcp-b", 2, ServerRole.BACKUP)).build();
      assertThat(fields(s.violationsIn(FailoverMode.LOAD_BALANCING))).containsExactly("peers");
    }

    @Test
    @DisplayName("load balancing refuses a standby and wait-backup-ack")
    void loadBalancingRefusesStandbyAndWaitBackupAck() {
      assertThat(fields(hotStandby().build().violationsIn(FailoverMode.LOAD_BALANCING)))
          .containsExactly("peers", "peers");
      assertThat(fields(loadBalancing().waitBackupAck(true).build().violationsIn(FailoverMode.LOAD_BALANCING)))
          .containsExactly("waitBackupAck");
    }

    @Test
    @DisplayName("load balancing accepts a delayed-updates-limit")
    void loadBalancingDelayedUpdates() {
      assertThat(loadBalancing().delayedUpdatesLimit(111).build().violationsIn(FailoverMode.LOAD_BALANCING)).isEmpty();
    }

    @Test
    @DisplayName("hot standby needs a standby and refuses a secondary")
    void hotStandbyRoles() {
      assertThat(fields(loadBalancing().build().violationsIn(FailoverMode.HOT_STANDBY))).containsExactly("peers", "peers");
    }

    @Test
    @DisplayName("hot standby: wait-backup-ack false and delayed-updates-limit 0")
    void hotStandbyFlags() {
      assertThat(fields(hotStandby().waitBackupAck(true).delayedUpdatesLimit(100).build()
          .violationsIn(FailoverMode.HOT_STANDBY))).containsExactly("waitBackupAck", "delayedUpdatesLimit");
      assertThat(hotStandby().delayedUpdatesLimit(0).build().violationsIn(FailoverMode.HOT_STANDBY)).isEmpty();
    }

    @Test
    @DisplayName("passive backup: a primary and backups only; wait-backup-ack allowed; delayed-updates-limit 0")
    void passiveBackup() {
      KeaHaSettings ok = KeaHaSettings.builder().addPeer(peer("dhcp-a", 1, ServerRole.PRIMARY))
          .addPeer(peer("dhcp-b", 2, ServerRole.BACKUP)).addPeer(peer("dhcp-c", 3, ServerRole.BACKUP))
          .waitBackupAck(true).build();
      assertThat(ok.violationsIn(FailoverMode.PASSIVE_BACKUP)).isEmpty();
      assertThat(fields(loadBalancing().build().violationsIn(FailoverMode.PASSIVE_BACKUP))).containsExactly("peers");
      assertThat(fields(hotStandby().build().violationsIn(FailoverMode.PASSIVE_BACKUP))).containsExactly("peers");
      assertThat(fields(KeaHaSettings.builder().from(ok).delayedUpdatesLimit(5).build()
          .violationsIn(FailoverMode.PASSIVE_BACKUP))).containsExactly("delayedUpdatesLimit");
    }
  }

  @Nested
  @DisplayName("advisories")
  class Advisories {

    @Test
    @DisplayName("the defaults follow every recommendation")
    void quiet() {
      assertThat(hotStandby().build().advisories(FailoverMode.HOT_STANDBY)).isEmpty();
    }

    @Test
    @DisplayName("§3.2: max-response-delay should exceed heartbeat-delay")
    void responseDelayAboveHeartbeat() {
      assertThat(hotStandby().heartbeatDelay(Duration.ofMillis(10_000)).maxResponseDelay(Duration.ofMillis(10_000)).build()
          .advisories(FailoverMode.HOT_STANDBY)).singleElement().asString().contains("max-response-delay")
          .contains("heartbeat-delay");
    }

    @Test
    @DisplayName("§3.4: heartbeat and failure detection should not be set in passive backup")
    void passiveBackupTimers() {
      KeaHaSettings s = KeaHaSettings.builder().addPeer(peer("dhcp-a", 1, ServerRole.PRIMARY))
          .addPeer(peer("dhcp-b", 2, ServerRole.BACKUP)).heartbeatDelay(Duration.ofMillis(1000)).build();
      assertThat(s.advisories(FailoverMode.PASSIVE_BACKUP)).singleElement().asString().contains("passive backup");
    }

    @Test
    @DisplayName("§3.2: max-unacked-clients 0 and max-rejected-lease-updates 0 are explained")
    void zeros() {
      assertThat(hotStandby().maxUnackedClients(0).build().advisories(FailoverMode.HOT_STANDBY))
          .singleElement().asString().contains("max-unacked-clients");
      assertThat(hotStandby().maxRejectedLeaseUpdates(0).build().advisories(FailoverMode.HOT_STANDBY))
          .singleElement().asString().contains("never terminate");
    }

    @Test
    @DisplayName("§3.7: turning lease updates or sync off is only right with a shared lease database")
    void sharedLeaseDatabase() {
      assertThat(hotStandby().sendLeaseUpdates(false).syncLeases(false).build().advisories(FailoverMode.HOT_STANDBY))
          .singleElement().asString().contains("share one lease database");
    }
  }
}
