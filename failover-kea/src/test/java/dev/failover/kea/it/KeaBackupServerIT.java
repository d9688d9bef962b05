package dev.failover.kea.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failover.Failover;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.kea.KeaBackend;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.ModifyRelationship;
import dev.failover.diff.DriftReport;
import dev.failover.plan.Plan;
import dev.failover.plan.Replicate;
import dev.failover.plan.RemoveRelationship;
import dev.failover.plan.ScopeFate;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.ImmutableKeaHaSettings;
import dev.failover.relationship.ImmutableRelationship;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.KeaPeer;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.ServerRole;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.state.FailoverStatus;
import dev.failover.testkit.contract.FailoverBackendContract;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Relationships with backup servers, created, changed and removed through the backend on three
 * real Kea 2.2 servers on loopback (each with its own agent): every peer, the backups included,
 * gets the HA entry and the relationship's subnets, and Kea runs them (the backups reach the
 * {@code backup} state).
 */
@DisplayName("Kea backup servers are configured with the rest of their relationship on real Kea 2.2")
class KeaBackupServerIT {

  private static final Principal ADMIN = Principal.withRoles("it-admin", BuiltInRole.DHCP_ADMINISTRATORS);
  private static final ServerId A = ServerId.of("kea-a");
  private static final ServerId B = ServerId.of("kea-b");
  private static final ServerId C = ServerId.of("kea-c");
  private static final Subnet SUBNET = Subnet.parse("10.85.0.0/24");

  private RealKeaPair servers;
  private Inventory inventory;
  private Failover failover;

  @BeforeEach
  void start() {
    servers = RealKeaPair.builder().servers(3).start();
    Map<String, String> options = Map.of(KeaBackend.OPTION_HOOKS_DIRECTORY, servers.hooksDirectory());
    inventory = Inventory.of(server(A, 1, options), server(B, 2, options), server(C, 3, options));
    failover = Failover.builder().inventory(inventory).backends(new KeaBackend()).build();
    Dhcp4Config config = servers.client(1).configGet();
    Scope scope = FailoverBackendContract.sampleScope(SUBNET.toString(), 2);
    scope = Scope.builder().from(scope).properties(ScopeProperties.builder().from(scope.properties()).id(7).build())
        .build();
    servers.client(1).configSet(config.withScope(scope));
  }

  private Server server(ServerId id, int n, Map<String, String> options) {
    return Server.builder().id(id).vendor(Vendor.KEA).address("127.0.0.1").endpoint(servers.agentUrl(n))
        .options(options).build();
  }

  @AfterEach
  void stop() {
    if (servers != null) {
      servers.close();
    }
  }

  private Relationship relationship(String name, FailoverMode mode) {
    var settings = KeaHaSettings.builder()
        .addPeer(KeaPeer.of(A, servers.agentUrl(1), ServerRole.PRIMARY))
        .addPeer(KeaPeer.of(B, servers.agentUrl(2), KeaHaSettings.partnerRole(mode)))
        .addPeer(KeaPeer.of(C, servers.agentUrl(3), ServerRole.BACKUP));
    if (mode != FailoverMode.PASSIVE_BACKUP) {
      settings.heartbeatDelay(Duration.ofMillis(1000)).maxResponseDelay(Duration.ofMillis(5000))
          .maxAckDelay(Duration.ofMillis(1000));
    }
    settings.syncTimeout(Duration.ofMillis(10_000));
    return Relationship.builder().name(name).mode(mode).primary(A).secondary(B).settings(settings.build())
        .addScope(SUBNET).build();
  }

  /** Server {@code n}'s own HA entry, as its config-get shows it. */
  private JsonNode haEntry(int n) {
    return servers.client(n).configGet().highAvailability().get(0);
  }

  @Test
  @DisplayName("a passive-backup relationship with two backups is written on all three servers and Kea runs it")
  void passiveBackup() {
    Relationship r = relationship("passive", FailoverMode.PASSIVE_BACKUP);
    Plan plan = failover.plan(CreateRelationship.of(r));
    assertThat(plan.servers()).extracting(p -> p.server()).containsExactly(A, B, C);
    failover.apply(plan, ADMIN);
    for (int n = 1; n <= 3; n++) {
      assertThat(haEntry(n).path("mode").asText()).isEqualTo("passive-backup");
      assertThat(haEntry(n).path("this-server-name").asText()).isEqualTo(List.of("kea-a", "kea-b", "kea-c").get(n - 1));
      assertThat(servers.client(n).configGet().subnet(SUBNET)).as("server%d has the subnet", n)
          .hasValueSatisfying(s -> assertThat(s.json().path("id").asInt()).isEqualTo(7));
    }
    servers.awaitState(1, "passive-backup", RealKeaPair.STATE_TIMEOUT);
    servers.awaitState(2, "backup", RealKeaPair.STATE_TIMEOUT);
    servers.awaitState(3, "backup", RealKeaPair.STATE_TIMEOUT);
    for (ServerId id : List.of(A, B, C)) {
      assertThat(failover.state(id.value()).relationship(r.name())).as("read from %s", id)
          .hasValueSatisfying(read -> assertThat(read.servers()).containsExactly(A, B, C));
    }
  }

  @Test
  @DisplayName("a hot-standby relationship with a backup peer: created, modified and removed on the backup too")
  void hotStandbyWithBackup() {
    Relationship r = relationship("with-backup", FailoverMode.HOT_STANDBY);
    failover.apply(failover.plan(CreateRelationship.of(r)), ADMIN);
    assertThat(haEntry(3).path("this-server-name").asText()).isEqualTo("kea-c");
    assertThat(servers.client(3).configGet().subnet(SUBNET)).isPresent();
    servers.awaitState(1, "hot-standby", RealKeaPair.STATE_TIMEOUT);
    servers.awaitState(2, "hot-standby", RealKeaPair.STATE_TIMEOUT);
    servers.awaitState(3, "backup", RealKeaPair.STATE_TIMEOUT);
    List<FailoverStatus> status = failover.status(r.name().value());
    assertThat(status).extracting(FailoverStatus::server).containsExactly(A, B, C);

    KeaHaSettings kea = (KeaHaSettings) r.settings();
    Relationship changed = ImmutableRelationship.copyOf(r).withSettings(ImmutableKeaHaSettings.copyOf(kea)
        .withHeartbeatDelay(Duration.ofMillis(2000)));
    failover.apply(failover.plan(ModifyRelationship.of(changed)), ADMIN);
    for (int n = 1; n <= 3; n++) {
      assertThat(haEntry(n).path("heartbeat-delay").asInt()).as("server%d's heartbeat-delay", n).isEqualTo(2000);
    }

    failover.apply(failover.plan(RemoveRelationship.of(r.name().value()).keepScopesOn("kea-a", ScopeFate.DISABLE)),
        ADMIN);
    for (int n = 1; n <= 3; n++) {
      assertThat(servers.client(n).configGet().highAvailability()).as("server%d's HA entries", n).isEmpty();
    }
    assertThat(failover.state("kea-a").scope(SUBNET).orElseThrow().enabled()).isTrue();
    assertThat(failover.state("kea-c").scope(SUBNET).orElseThrow().enabled())
        .as("the backup's copy no longer under HA is disabled like the secondary's").isFalse();
  }

  @Test
  @DisplayName("drift compares the backup's copy, and replication brings the backup along (hot standby with a backup)")
  void backupComparedAndReplicated() {
    Relationship r = relationship("with-backup", FailoverMode.HOT_STANDBY);
    failover.apply(failover.plan(CreateRelationship.of(r)), ADMIN);
    assertThat(failover.drift(r.name().value()).isEmpty()).as("drift right after creation").isTrue();

    // an operator changes the backup's copy by hand: another lease time on kea-c only
    Scope onC = failover.state("kea-c").scope(SUBNET).orElseThrow();
    Duration lease = onC.properties().leaseTime().orElse(Duration.ofHours(1)).plusSeconds(600);
    Scope edited = Scope.builder().from(onC).properties(ScopeProperties.builder().from(onC.properties())
        .leaseTime(lease).build()).build();
    servers.client(3).configSet(servers.client(3).configGet().withScope(edited));
    assertThat(failover.state("kea-c").scope(SUBNET).orElseThrow().properties().leaseTime()).contains(lease);

    DriftReport drift = failover.drift(r.name().value());
    assertThat(drift.isEmpty()).as("drift when only the backup's copy differs:%n%s", drift.summary()).isFalse();
    assertThat(drift.summary()).contains("kea-c").contains(SUBNET.toString());

    Plan plan = failover.plan(Replicate.relationship(r.name().value()).from("kea-a"));
    assertThat(plan.servers()).extracting(p -> p.server()).contains(C);
    failover.apply(plan, ADMIN);
    assertThat(failover.state("kea-c").scope(SUBNET).orElseThrow().properties().leaseTime())
        .as("the backup's copy after replication from kea-a")
        .isEqualTo(failover.state("kea-a").scope(SUBNET).orElseThrow().properties().leaseTime());
    assertThat(failover.drift(r.name().value()).isEmpty()).as("drift after replication").isTrue();
  }
}
