package dev.failover.kea;

import static dev.failover.kea.KeaHubFixture.HUB;
import static dev.failover.kea.KeaHubFixture.SPOKE_1;
import static dev.failover.kea.KeaHubFixture.SPOKE_2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.Failover;
import dev.failover.errors.ValidationException;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.audit.AuditEvent;
import dev.failover.diff.DriftReport;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.plan.AddScope;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.Plan;
import dev.failover.plan.Planner;
import dev.failover.plan.RemoveRelationship;
import dev.failover.plan.Replicate;
import dev.failover.plan.ScopeFate;
import dev.failover.plan.ServerPlan;
import dev.failover.relationship.FailoverMode;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import dev.failover.state.CommonState;
import dev.failover.state.FailoverStatus;
import java.time.Duration;
import dev.failover.testkit.kea.KeaCommandRecord;
import dev.failover.testkit.kea.FakeKeaFlavour;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Several relationships on one server (Kea ≥ 2.6 hub and spoke, hot-standby only), through the
 * facade, against three of the testkit's fakes in one HA network: in Kea 3.0's shape, which takes
 * several relationships, and in Kea 2.2's, which takes one and which the backend refuses to give a
 * second.
 */
@DisplayName("KeaBackend: a hub with two relationships (fake Kea servers)")
class KeaHubTest {

  private static final Principal ADMIN = Principal.withRoles("admin", BuiltInRole.DHCP_ADMINISTRATORS);
  private static final Subnet NORTH_NET = Subnet.parse("10.81.0.0/24");
  private static final Subnet SOUTH_NET = Subnet.parse("10.82.0.0/24");

  private KeaHubFixture fx;
  private Failover failover;
  private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();

  private void open(FakeKeaFlavour flavour) {
    fx = new KeaHubFixture(flavour);
    failover = Failover.builder().inventory(fx.inventory()).backends(fx.backend()).audit(audit::add).build();
  }

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  private Optional<String> haServerName(ServerId server, Subnet subnet) {
    return fx.config(server).subnet(subnet).orElseThrow().haServerName();
  }

  /** The hub with relationships north (spoke-1, scope 10.81.0.0/24) and south (spoke-2, 10.82.0.0/24). */
  private void hubWithTwoRelationships() {
    open(FakeKeaFlavour.DIRECT_HTTP_3_0);
    fx.seed(HUB, List.of(KeaHubFixture.scope("10.81.0.0/24", 1), KeaHubFixture.scope("10.82.0.0/24", 2),
        KeaHubFixture.scope("10.89.0.0/24", 9)));
    failover.apply(failover.plan(CreateRelationship.of(fx.relationship("north", SPOKE_1))), ADMIN);
    failover.apply(failover.plan(CreateRelationship.of(fx.relationship("south", SPOKE_2))), ADMIN);
    failover.apply(failover.plan(AddScope.of("north", NORTH_NET.toString())), ADMIN);
    failover.apply(failover.plan(AddScope.of("south", SOUTH_NET.toString())), ADMIN);
  }

  private boolean allNormal(String relationship) {
    return failover.status(relationship).stream().allMatch(s -> s.local().common() == CommonState.NORMAL);
  }

  @Test
  @DisplayName("status: each relationship of the hub is read from the hub's own entry for it; a spoke cut off shows in its relationship only")
  void statusPerRelationship() {
    open(FakeKeaFlavour.DIRECT_HTTP_3_0);
    hubWithTwoRelationships();
    for (int i = 0; i < 60 && !(allNormal("north") && allNormal("south")); i++) {
      fx.advance(Duration.ofSeconds(1));
    }
    List<FailoverStatus> north = failover.status("north");
    List<FailoverStatus> south = failover.status("south");
    assertThat(north).extracting(FailoverStatus::server).containsExactly(HUB, SPOKE_1);
    assertThat(south).extracting(FailoverStatus::server).containsExactly(HUB, SPOKE_2);
    assertThat(north).allSatisfy(s -> assertThat(s.local().common()).isEqualTo(CommonState.NORMAL));
    assertThat(south).allSatisfy(s -> assertThat(s.local().common()).isEqualTo(CommonState.NORMAL));

    fx.fake(SPOKE_1).disconnect();
    dev.failover.server.Server hub = fx.inventory().require(HUB);
    for (int i = 0; i < 60 && fx.backend().status(hub, failover.relationship("north")).local().common()
        != CommonState.PARTNER_DOWN; i++) {
      fx.advance(Duration.ofSeconds(1));
    }
    assertThat(fx.backend().status(hub, failover.relationship("north")).local().common())
        .isEqualTo(CommonState.PARTNER_DOWN);
    assertThat(fx.backend().status(hub, failover.relationship("south")).local().common())
        .isEqualTo(CommonState.NORMAL);
  }

  @Test
  @DisplayName("two relationships on the hub: each subnet names its own, on the hub and on its partner")
  void twoRelationshipsOnTheHub() {
    hubWithTwoRelationships();
    Dhcp4Config hub = fx.config(HUB);
    assertThat(hub.highAvailability()).hasSize(2);
    assertThat(hub.highAvailability()).extracting(e -> e.path("this-server-name").asText())
        .containsExactly("hub-north", "hub-south");
    assertThat(fx.config(SPOKE_1).highAvailability()).singleElement()
        .satisfies(e -> assertThat(e.path("this-server-name").asText()).isEqualTo("spoke-1"));
    assertThat(fx.config(SPOKE_2).highAvailability()).singleElement()
        .satisfies(e -> assertThat(e.path("this-server-name").asText()).isEqualTo("spoke-2"));
    // each subnet carries its relationship's name, on the hub and on its partner, with the same id
    assertThat(haServerName(HUB, NORTH_NET)).contains("hub-north");
    assertThat(haServerName(SPOKE_1, NORTH_NET)).contains("hub-north");
    assertThat(haServerName(HUB, SOUTH_NET)).contains("hub-south");
    assertThat(haServerName(SPOKE_2, SOUTH_NET)).contains("hub-south");
    assertThat(haServerName(HUB, Subnet.parse("10.89.0.0/24"))).isEmpty();
    assertThat(fx.config(SPOKE_1).subnet(NORTH_NET).orElseThrow().id()).hasValue(1);
    assertThat(fx.config(SPOKE_2).subnet(SOUTH_NET).orElseThrow().id()).hasValue(2);
    // a spoke holds only its own relationship's scopes
    assertThat(fx.config(SPOKE_1).prefixes()).containsExactly(NORTH_NET);
    assertThat(fx.config(SPOKE_2).prefixes()).containsExactly(SOUTH_NET);
    // read back through the facade: each relationship covers its own subnet, on both sides
    assertThat(failover.relationship("north").scopes()).containsExactly(NORTH_NET);
    assertThat(failover.relationship("south").scopes()).containsExactly(SOUTH_NET);
    assertThat(failover.state("spoke-1").relationship(dev.failover.relationship.RelationshipName.of("north"))
        .orElseThrow().scopes()).containsExactly(NORTH_NET);
    assertThat(failover.state("hub").relationships()).hasSize(2);
    assertThat(failover.drift("north").isEmpty()).isTrue();
    assertThat(failover.drift("south").isEmpty()).isTrue();
  }

  @Test
  @DisplayName("drift is per relationship; replicating one relationship leaves the other's subnets and spoke alone")
  void driftAndReplicationPerRelationship() {
    hubWithTwoRelationships();
    // out of band: a reservation on spoke-1's copy of north's scope
    Scope scope = failover.state("spoke-1").scope(NORTH_NET).orElseThrow();
    Dhcp4Config spoke1 = fx.config(SPOKE_1);
    fx.set(SPOKE_1, spoke1.withScopes(List.of(Scope.builder().from(scope)
        .addReservation(Reservation.of("00:16:3e:81:99:99", "10.81.0.99")).build())));
    assertThat(haServerName(SPOKE_1, NORTH_NET)).contains("hub-north");
    DriftReport north = failover.drift("north");
    assertThat(north.scopes()).singleElement().satisfies(d -> assertThat(d.subnet()).isEqualTo(NORTH_NET));
    assertThat(north.differenceCount()).isEqualTo(1);
    assertThat(failover.drift("south").isEmpty()).isTrue();

    Map<ServerId, String> before = Map.of(HUB, fx.config(HUB).fingerprint(), SPOKE_2, fx.config(SPOKE_2).fingerprint());
    int spoke2Commands = fx.fake(SPOKE_2).commands().size();
    Plan plan = failover.plan(Replicate.relationship("north").from("hub"));
    assertThat(plan.servers()).extracting(ServerPlan::server).containsExactly(SPOKE_1);
    assertThat(plan.part(SPOKE_1).orElseThrow().subnets()).containsExactly(NORTH_NET);
    failover.apply(plan, ADMIN);
    assertThat(failover.drift("north").isEmpty()).isTrue();
    assertThat(fx.config(HUB).fingerprint()).isEqualTo(before.get(HUB));
    assertThat(fx.config(SPOKE_2).fingerprint()).isEqualTo(before.get(SPOKE_2));
    assertThat(fx.fake(SPOKE_2).commands().subList(spoke2Commands, fx.fake(SPOKE_2).commands().size()))
        .extracting(KeaCommandRecord::command).isEmpty();
    assertThat(haServerName(SPOKE_1, NORTH_NET)).contains("hub-north");
    assertThat(fx.config(SPOKE_1).prefixes()).containsExactly(NORTH_NET);

    // the whole hub: each spoke gets its own relationship's scopes only
    Plan all = failover.plan(Replicate.server("hub"));
    for (ServerPlan part : all.servers()) {
      assertThat(part.subnets()).isSubsetOf(part.server().equals(SPOKE_1) ? List.of(NORTH_NET) : List.of(SOUTH_NET));
    }
  }

  @Test
  @DisplayName("removing one relationship keeps the survivor's scopes and leaves the other relationship intact")
  void removeOneRelationship() {
    hubWithTwoRelationships();
    String spoke2 = fx.config(SPOKE_2).fingerprint();
    Plan plan = failover.plan(RemoveRelationship.of("north").keepScopesOn("hub", ScopeFate.DELETE));
    assertThat(plan.servers()).extracting(ServerPlan::server).containsExactlyInAnyOrder(HUB, SPOKE_1);
    failover.apply(plan, ADMIN);

    Dhcp4Config hub = fx.config(HUB);
    assertThat(hub.highAvailability()).singleElement()
        .satisfies(e -> assertThat(e.path("this-server-name").asText()).isEqualTo("hub-south"));
    assertThat(hub.hooksLibraries()).anyMatch(l -> l.endsWith("libdhcp_ha.so"));
    assertThat(hub.prefixes()).contains(NORTH_NET, SOUTH_NET);
    assertThat(haServerName(HUB, NORTH_NET)).isEmpty();
    assertThat(haServerName(HUB, SOUTH_NET)).contains("hub-south");
    Dhcp4Config one = fx.config(SPOKE_1);
    assertThat(one.prefixes()).isEmpty();
    assertThat(one.highAvailability()).isEmpty();
    assertThat(one.hooksLibraries()).noneMatch(l -> l.endsWith("libdhcp_ha.so"));
    assertThat(fx.config(SPOKE_2).fingerprint()).isEqualTo(spoke2);
    assertThat(failover.relationship("south").scopes()).containsExactly(SOUTH_NET);
    assertThat(failover.state("hub").relationships()).singleElement()
        .satisfies(r -> assertThat(r.name().value()).isEqualTo("south"));
    assertThat(failover.drift("south").isEmpty()).isTrue();
  }

  @Test
  @DisplayName("Kea 2.2 takes one relationship per server: a second is refused while planning, and at check when the plan was made elsewhere")
  void kea22RefusesASecondRelationship() {
    open(FakeKeaFlavour.CONTROL_AGENT_2_2);
    failover.apply(failover.plan(CreateRelationship.of(fx.relationship("north", SPOKE_1))), ADMIN);
    Map<ServerId, String> before = Map.of(HUB, fx.config(HUB).fingerprint(), SPOKE_1, fx.config(SPOKE_1).fingerprint(),
        SPOKE_2, fx.config(SPOKE_2).fingerprint());
    int writes = fx.fake(HUB).writes().size();
    int commands = fx.fake(HUB).commands().size();
    CreateRelationship second = CreateRelationship.of(fx.relationship("south", SPOKE_2));
    assertThatThrownBy(() -> failover.plan(second)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("hub: relationships")
        .hasMessageContaining("runs Kea 2.2.0, whose HA hook takes exactly one per server")
        .hasMessageContaining("[north, south]")
        .hasMessageContaining("need Kea 2.5.5 or later");
    // a plan made without the review (by another program, or saved before): refused at check
    Plan plan = Planner.plan(second, fx.inventory(), failover::state);
    assertThatThrownBy(() -> failover.apply(plan, ADMIN)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("plan for Kea server hub")
        .hasMessageContaining("runs Kea 2.2.0, whose HA hook takes exactly one per server");
    assertThat(audit.get(audit.size() - 1).outcome()).isEqualTo(AuditEvent.Outcome.INVALID);
    assertThat(fx.fake(HUB).writes()).hasSize(writes);
    // refused before config-test: Kea 2.2's config-test would pass it, config-set fail with a generic text
    assertThat(fx.fake(HUB).commands().subList(commands, fx.fake(HUB).commands().size()))
        .extracting(KeaCommandRecord::command).doesNotContain("config-test", "config-set");
    before.forEach((id, fp) -> assertThat(fx.config(id).fingerprint()).as("%s", id).isEqualTo(fp));
  }

  @Test
  @DisplayName("several relationships: a second one in load-balancing, or one reusing the hub's peer name, is refused")
  void kea26RulesForSeveralRelationships() {
    open(FakeKeaFlavour.DIRECT_HTTP_3_0);
    failover.apply(failover.plan(CreateRelationship.of(fx.relationship("north", SPOKE_1))), ADMIN);
    String hub = fx.config(HUB).fingerprint();
    CreateRelationship loadBalancing = CreateRelationship.of(fx.relationship("south", FailoverMode.LOAD_BALANCING,
        "hub-south", SPOKE_2));
    assertThatThrownBy(() -> failover.plan(loadBalancing)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("is in load-balancing mode on server hub")
        .hasMessageContaining("in hot-standby mode only");
    CreateRelationship sameName = CreateRelationship.of(fx.relationship("south", FailoverMode.HOT_STANDBY,
        "hub-north", SPOKE_2));
    assertThatThrownBy(() -> failover.plan(sameName)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("names a peer \"hub-north\" as relationship north does, on server hub")
        .hasMessageContaining("give the server's peer its own name in each relationship")
        .hasMessageNotContaining("KeaPeer");
    assertThat(fx.config(HUB).fingerprint()).isEqualTo(hub);
    assertThat(fx.config(SPOKE_2).highAvailability()).isEmpty();
  }
}
