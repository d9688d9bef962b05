package dev.failover.plan;

import static dev.failover.plan.Fixtures.INVENTORY;
import static dev.failover.plan.Fixtures.ISC_A;
import static dev.failover.plan.Fixtures.ISC_B;
import static dev.failover.plan.Fixtures.KEA_A;
import static dev.failover.plan.Fixtures.KEA_B;
import static dev.failover.plan.Fixtures.WIN_A;
import static dev.failover.plan.Fixtures.WIN_B;
import static dev.failover.plan.Fixtures.iscPair;
import static dev.failover.plan.Fixtures.keaPair;
import static dev.failover.plan.Fixtures.office;
import static dev.failover.plan.Fixtures.state;
import static dev.failover.plan.Fixtures.windowsPair;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.ImmutableRelationship;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.KeaPeer;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.relationship.ServerRole;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rules across the relationships of one server have one home ({@link Relationship#violationsOn});
 * the planner reaches each of them there, so a plan that would break one is refused when it is
 * made, whatever the backend.
 */
@DisplayName("the planner refuses what breaks the rules across one server's relationships, from their one home")
class PlannerServerRulesTest {

  private static Plan plan(Operation op, ServerState... states) {
    return Planner.plan(op, INVENTORY, List.of(states));
  }

  private static List<String> messages(ValidationException e) {
    return e.violations().stream().map(Violation::message).toList();
  }

  /** A second Kea relationship of the same two servers, with its own peer names and listeners unless told otherwise. */
  private static Relationship keaSecond(FailoverMode mode, String primaryName, int primaryPort, int partnerPort) {
    return kea("kea-second", mode, primaryName, primaryPort, "kea-b-2", partnerPort);
  }

  private static Relationship kea(String name, FailoverMode mode, String primaryName, int primaryPort,
      String partnerName, int partnerPort) {
    ServerRole partnerRole = mode == FailoverMode.LOAD_BALANCING ? ServerRole.SECONDARY : ServerRole.STANDBY;
    KeaHaSettings settings = KeaHaSettings.builder()
        .addPeer(KeaPeer.builder().server(KEA_A).name(primaryName).url(URI.create("http://127.0.0.1:" + primaryPort + "/"))
            .role(ServerRole.PRIMARY).build())
        .addPeer(KeaPeer.builder().server(KEA_B).name(partnerName).url(URI.create("http://127.0.0.1:" + partnerPort + "/"))
            .role(partnerRole).build())
        .build();
    return Relationship.builder().name(name).mode(mode).primary("kea-a").secondary("kea-b").settings(settings).build();
  }

  /** Plans on kea-a and kea-b, both already in kea-pair and in the other relationships given. */
  private static Plan planOnKeaServers(Operation op, Relationship... alsoThere) {
    return plan(op, keaServer(KEA_A, alsoThere), keaServer(KEA_B, alsoThere));
  }

  private static ServerState keaServer(ServerId id, Relationship... alsoThere) {
    return ServerState.builder().from(state(id, Vendor.KEA)).addRelationships(keaPair()).addRelationships(alsoThere)
        .build();
  }

  @Nested
  @DisplayName("every vendor")
  class EveryVendor {

    @Test
    @DisplayName("a new relationship's name must be free on each of its servers")
    void nameFree() {
      ServerState a = ServerState.builder().from(state(ISC_A, Vendor.ISC)).addRelationships(iscPair()).build();
      assertThatThrownBy(() -> plan(CreateRelationship.of(iscPair()), a, state(ISC_B, Vendor.ISC)))
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(messages(e))
              .containsExactly("name must be free on isc-a, was fo1"));
    }

    @Test
    @DisplayName("a scope added to a relationship must not be in another relationship on either server")
    void oneRelationshipPerScopeWhenAdding() {
      Relationship first = iscPair("10.1.0.0/24");
      Relationship second = ImmutableRelationship.copyOf(iscPair()).withName(RelationshipName.of("fo2"));
      ServerState a = ServerState.builder().from(state(ISC_A, Vendor.ISC, office())).addRelationships(first, second)
          .build();
      ServerState b = ServerState.builder().from(state(ISC_B, Vendor.ISC, office())).addRelationships(first, second)
          .build();
      assertThatThrownBy(() -> plan(AddScope.of("fo2", "10.1.0.0/24"), a, b))
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(messages(e)).containsExactly(
              "scopes is already in relationship fo1 on isc-a (one relationship per scope), was 10.1.0.0/24",
              "scopes is already in relationship fo1 on isc-b (one relationship per scope), was 10.1.0.0/24"));
    }
  }

  @Nested
  @DisplayName("Windows")
  class Windows {

    @Test
    @DisplayName("a 32nd relationship on a server is refused in Windows' own terms (ERROR_DHCP_FO_MAX_RELATIONSHIPS)")
    void atMost31() {
      ImmutableServerState.Builder full = ServerState.builder().from(state(WIN_A, Vendor.WINDOWS));
      for (int i = 0; i < 31; i++) {
        full.addRelationships(Relationship.builder().from(windowsPair()).name("r" + i).build());
      }
      assertThatThrownBy(() -> plan(CreateRelationship.of(windowsPair()), full.build(), state(WIN_B, Vendor.WINDOWS)))
          .isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.violations()).extracting(Violation::field, Violation::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("relationships", "win-a: 32"));
            assertThat(e.getMessage()).contains("must have fewer than 31 relationships")
                .contains("ERROR_DHCP_FO_MAX_RELATIONSHIPS");
          });
    }

    @Test
    @DisplayName("a name that differs from one on the server only in letter case is refused while planning")
    void namesIgnoreCase() {
      ServerState a = ServerState.builder().from(state(WIN_A, Vendor.WINDOWS)).addRelationships(windowsPair()).build();
      Relationship upper = ImmutableRelationship.copyOf(windowsPair()).withName(RelationshipName.of("WIN-PAIR"));
      assertThatThrownBy(() -> plan(CreateRelationship.of(upper), a, state(WIN_B, Vendor.WINDOWS)))
          .isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.violations()).extracting(Violation::field).containsExactly("name");
            assertThat(e.getMessage()).contains("must differ from \"win-pair\" on win-a in more than letter case");
          });
    }
  }

  @Nested
  @DisplayName("Kea, several relationships on one server (hub and spoke)")
  class KeaHub {

    @Test
    @DisplayName("a second relationship in hot standby with its own peer names and listeners is planned")
    void validHub() {
      Plan plan = planOnKeaServers(
          CreateRelationship.of(keaSecond(FailoverMode.HOT_STANDBY, "kea-a-2", 18011, 18012)));
      assertThat(plan.part(KEA_A)).isPresent();
    }

    @Test
    @DisplayName("a second relationship in load balancing is refused while planning")
    void hotStandbyOnlyAtCreation() {
      assertThatThrownBy(() -> planOnKeaServers(
          CreateRelationship.of(keaSecond(FailoverMode.LOAD_BALANCING, "kea-a-2", 18011, 18012))))
          .isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.violations()).extracting(Violation::field).containsExactly("mode", "mode");
            assertThat(e.getMessage()).contains("is in load-balancing mode on server kea-a")
                .contains("in hot-standby mode only");
          });
    }

    @Test
    @DisplayName("one of two relationships switched to load balancing is refused while planning")
    void hotStandbyOnlyWhenModified() {
      Relationship second = keaSecond(FailoverMode.HOT_STANDBY, "kea-a-2", 18011, 18012);
      Relationship loadBalancing = keaSecond(FailoverMode.LOAD_BALANCING, "kea-a-2", 18011, 18012);
      assertThatThrownBy(() -> planOnKeaServers(ModifyRelationship.of(loadBalancing), second))
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage())
              .contains("is in load-balancing mode on server kea-a").contains("in hot-standby mode only"));
    }

    @Test
    @DisplayName("a peer name another relationship of the server uses is refused while planning")
    void peerNamesUnique() {
      assertThatThrownBy(() -> planOnKeaServers(
          CreateRelationship.of(keaSecond(FailoverMode.HOT_STANDBY, "kea-a", 18011, 18012))))
          .isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.violations()).extracting(Violation::field).containsOnly("settings.peers.name");
            assertThat(e.getMessage()).contains("names a peer \"kea-a\" as relationship kea-pair does, on server kea-a")
                .contains("give the server's peer its own name in each relationship");
          });
    }

    @Test
    @DisplayName("a dedicated HA listener another relationship of the server uses is refused while planning")
    void ownListener() {
      Relationship second = keaSecond(FailoverMode.HOT_STANDBY, "kea-a-2", 18011, 18012);
      Relationship third = kea("kea-third", FailoverMode.HOT_STANDBY, "kea-a-3", 18011, "kea-b-3", 18013);
      assertThatThrownBy(() -> planOnKeaServers(CreateRelationship.of(third), second))
          .isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.violations()).extracting(Violation::field).containsExactly("settings.peers.url");
            assertThat(e.getMessage()).contains("must differ between the Kea relationships of server kea-a");
          });
    }

    @Test
    @DisplayName("the server's control endpoint serves every relationship: two naming it as the peer URL are planned")
    void controlEndpointServesAll() {
      // kea-pair names kea-a's and kea-b's control endpoints (the inventory's 18001 and 18002) as its peer URLs
      Plan plan = planOnKeaServers(
          CreateRelationship.of(keaSecond(FailoverMode.HOT_STANDBY, "kea-a-2", 18001, 18002)));
      assertThat(plan.part(KEA_A)).isPresent();
      assertThat(plan.part(KEA_B)).isPresent();
    }
  }
}
