package dev.failover.plan;

import static dev.failover.plan.Fixtures.KEA_A;
import static dev.failover.plan.Fixtures.KEA_B;
import static dev.failover.plan.Fixtures.office;
import static dev.failover.plan.Fixtures.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.ValidationException;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.ImmutableKeaHaSettings;
import dev.failover.relationship.ImmutableRelationship;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.KeaPeer;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.ServerRole;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A Kea relationship with backup peers is planned on every one of its servers, the backups included. */
class KeaBackupPlanTest {

  private static final ServerId KEA_C = ServerId.of("kea-c");
  private static final Inventory INVENTORY = Inventory.of(
      Server.of("kea-a", Vendor.KEA, "127.0.0.1", URI.create("http://127.0.0.1:18001/")),
      Server.of("kea-b", Vendor.KEA, "127.0.0.1", URI.create("http://127.0.0.1:18002/")),
      Server.of("kea-c", Vendor.KEA, "127.0.0.1", URI.create("http://127.0.0.1:18003/")));

  private static Relationship withBackup(FailoverMode mode, String... scopes) {
    KeaHaSettings settings = KeaHaSettings.builder()
        .addPeer(KeaPeer.of(KEA_A, URI.create("http://127.0.0.1:18001/"), ServerRole.PRIMARY))
        .addPeer(KeaPeer.of(KEA_B, URI.create("http://127.0.0.1:18002/"), KeaHaSettings.partnerRole(mode)))
        .addPeer(KeaPeer.of(KEA_C, URI.create("http://127.0.0.1:18003/"), ServerRole.BACKUP)).build();
    Relationship.Builder b = Relationship.builder().name("kea-trio").mode(mode).primary("kea-a").secondary("kea-b")
        .settings(settings);
    for (String s : scopes) {
      b.addScope(s);
    }
    return b.build();
  }

  private static List<ServerState> created(Relationship r) {
    return List.of(state(KEA_A, Vendor.KEA, office()).withRelationships(r),
        state(KEA_B, Vendor.KEA, office()).withRelationships(r), state(KEA_C, Vendor.KEA, office()).withRelationships(r));
  }

  @Test
  @DisplayName("creating a relationship with a backup peer writes the relationship and its scopes on the backup too")
  void createConfiguresTheBackup() {
    for (FailoverMode mode : List.of(FailoverMode.HOT_STANDBY, FailoverMode.PASSIVE_BACKUP)) {
      Relationship r = withBackup(mode, "10.1.0.0/24");
      ServerState c = state(KEA_C, Vendor.KEA);
      Plan plan = Planner.plan(CreateRelationship.of(r), INVENTORY, List.of(state(KEA_A, Vendor.KEA, office()),
          state(KEA_B, Vendor.KEA), c));
      assertThat(plan.servers()).extracting(ServerPlan::server).as(mode.name()).containsExactly(KEA_A, KEA_B, KEA_C);
      ServerState after = c.apply(plan.part(KEA_C).orElseThrow().changes());
      assertThat(after.relationship(r.name())).as(mode.name()).contains(r);
      assertThat(after.scope(Subnet.parse("10.1.0.0/24"))).as(mode.name()).contains(office());
    }
  }

  @Test
  @DisplayName("modifying and removing a relationship with a backup peer changes the backup too")
  void modifyAndRemoveReachTheBackup() {
    Relationship r = withBackup(FailoverMode.HOT_STANDBY, "10.1.0.0/24");
    Relationship changed = ImmutableRelationship.copyOf(r).withSettings(ImmutableKeaHaSettings
        .copyOf((KeaHaSettings) r.settings()).withHeartbeatDelay(Duration.ofSeconds(3)));
    Plan modify = Planner.plan(ModifyRelationship.of(changed), INVENTORY, created(r));
    assertThat(modify.servers()).extracting(ServerPlan::server).containsExactly(KEA_A, KEA_B, KEA_C);
    Plan remove = Planner.plan(RemoveRelationship.of("kea-trio").keepScopesOn("kea-a", ScopeFate.DISABLE), INVENTORY,
        created(r));
    ServerState c = created(r).get(2).apply(remove.part(KEA_C).orElseThrow().changes());
    assertThat(c.relationships()).isEmpty();
    assertThat(c.scope(Subnet.parse("10.1.0.0/24")).orElseThrow().enabled()).isFalse();
  }

  @Test
  @DisplayName("a modification that adds or drops a backup server is refused, naming the servers it must keep")
  void theServersStay() {
    Relationship r = withBackup(FailoverMode.HOT_STANDBY, "10.1.0.0/24");
    KeaHaSettings kea = (KeaHaSettings) r.settings();
    Relationship withoutBackup = ImmutableRelationship.copyOf(r).withSettings(ImmutableKeaHaSettings.copyOf(kea)
        .withPeers(kea.peers().subList(0, 2)));
    assertThatThrownBy(() -> Planner.plan(ModifyRelationship.of(withoutBackup), INVENTORY, created(r)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("must stay on the servers [kea-a, kea-b, kea-c]");
  }
}
