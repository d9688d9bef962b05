package dev.failover;

import dev.failover.errors.ValidationException;
import static dev.failover.plan.Fixtures.INVENTORY;
import static dev.failover.plan.Fixtures.WIN_A;
import static dev.failover.plan.Fixtures.WIN_B;
import static dev.failover.plan.Fixtures.lab;
import static dev.failover.plan.Fixtures.office;
import static dev.failover.plan.Fixtures.state;
import static dev.failover.plan.Fixtures.windowsPair;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.access.AccessDecision;
import dev.failover.access.Principal;
import dev.failover.access.ScopeAccessBit;
import dev.failover.access.ScopeGrant;
import dev.failover.audit.AuditEvent;
import dev.failover.diff.ItemChange;
import dev.failover.json.FailoverJson;
import dev.failover.plan.ItemChanged;
import dev.failover.plan.MemoryBackend;
import dev.failover.plan.Plan;
import dev.failover.plan.Replicate;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.relationship.Relationship;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Vendor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A plan changed after it was made is never applied")
class EditedPlanTest {

  private static final Subnet OFFICE = Subnet.parse("10.1.0.0/24");
  private static final Subnet LAB = Subnet.parse("10.2.0.0/24");
  /** May edit reservations of 10.1.0.0/24 on win-b, and nothing else. */
  private static final Principal BOB = Principal.named("bob")
      .addScopeGrants(ScopeGrant.of("win-b", "10.1.0.0/24", ScopeAccessBit.EDIT_RESERVATIONS)).build();

  private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
  private final Relationship pair = windowsPair("10.1.0.0/24", "10.2.0.0/24");
  private MemoryBackend backend;
  private Failover failover;

  @BeforeEach
  void setUp() {
    Scope drifted = Scope.builder().from(office())
        .reservations(List.of(Reservation.of("00:16:3e:00:00:09", "10.1.0.19"))).build();
    backend = new MemoryBackend(Vendor.WINDOWS, state(WIN_A, Vendor.WINDOWS, office(), lab()).withRelationships(pair),
        state(WIN_B, Vendor.WINDOWS, drifted, lab()).withRelationships(pair));
    failover = Failover.builder().inventory(INVENTORY).backends(backend).audit(events::add).build();
  }

  /** The one-scope plan bob may apply, with one more change to the other scope slipped into win-b's part. */
  private Plan widened(Plan plan) {
    ServerPlan b = plan.part(WIN_B).orElseThrow();
    ServerPlan more = dev.failover.plan.ImmutableServerPlan.builder().from(b).addChange(ItemChanged.of(ItemChange.add(LAB,
        Reservation.of("00:16:3e:00:00:66", "10.2.0.66")))).build();
    return Plan.builder().from(plan).servers(List.of(more)).build();
  }

  @Test
  @DisplayName("a plan whose JSON was edited by hand is refused when read, naming the digest")
  void anEditedDocumentIsRefusedWhenRead() {
    Plan plan = failover.plan(Replicate.scope("10.1.0.0/24").from("win-a"));
    String json = FailoverJson.write(plan);
    assertThat(json).contains("\"digest\":\"" + plan.digest() + "\"");
    assertThat(FailoverJson.read(json, Plan.class)).isEqualTo(plan);
    String edited = json.replace("10.1.0.10", "10.1.0.11");
    assertThat(edited).isNotEqualTo(json);
    assertThatThrownBy(() -> FailoverJson.read(edited, Plan.class)).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.getMessage()).contains("digest").contains(plan.digest())
            .contains("the plan was changed after it was made and is not applied"));
  }

  @Test
  @DisplayName("a plan document stripped of its digest is refused when read")
  void aDocumentWithoutItsDigestIsRefusedWhenRead() {
    Plan plan = failover.plan(Replicate.scope("10.1.0.0/24").from("win-a"));
    String json = FailoverJson.write(plan);
    String stripped = json.replace("\"digest\":\"" + plan.digest() + "\"", "\"digest\":null");
    assertThat(stripped).isNotEqualTo(json);
    assertThatThrownBy(() -> FailoverJson.read(stripped, Plan.class)).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.getMessage()).contains("digest").contains("must be present"));
  }

  @Test
  @DisplayName("a plan labelled for one scope that also changes another is refused and changes nothing")
  void aPlanReachingBeyondItsLabelIsRefused() {
    Plan plan = failover.plan(Replicate.scope("10.1.0.0/24").from("win-a"));
    assertThat(failover.decide(BOB, plan).allowed()).isTrue();
    Plan forged = widened(plan);
    ServerState before = backend.get(WIN_B);
    assertThatThrownBy(() -> failover.apply(forged, BOB)).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.getMessage()).contains("must stay within scope 10.1.0.0/24")
            .contains("+reservation").contains("00:16:3e:00:00:66").contains("on win-b"));
    assertThat(backend.get(WIN_B).sameContentAs(before)).isTrue();
    assertThat(backend.calls).noneMatch(c -> c.startsWith("apply"));
    assertThat(events).extracting(AuditEvent::outcome).containsExactly(AuditEvent.Outcome.INVALID);
  }

  @Test
  @DisplayName("the decision comes from what each change touches: bits on the other scope are needed too")
  void theDecisionComesFromTheChanges() {
    Plan forged = widened(failover.plan(Replicate.scope("10.1.0.0/24").from("win-a")));
    AccessDecision d = failover.decide(BOB, forged);
    assertThat(d.allowed()).isFalse();
    assertThat(d.reason()).contains("on scope 10.2.0.0/24 of win-b");
    Principal both = dev.failover.access.ImmutablePrincipal.builder().from(BOB).addScopeGrants(ScopeGrant.of("win-b", "10.2.0.0/24",
        ScopeAccessBit.EDIT_RESERVATIONS)).build();
    assertThat(failover.decide(both, forged).allowed()).isTrue();
  }

  @Test
  @DisplayName("a re-digested edited document is still refused: the digest shows the plan is intact, the changes decide")
  void aRedigestedDocumentIsStillRefused() {
    Plan forged = widened(failover.plan(Replicate.scope("10.1.0.0/24").from("win-a")));
    ObjectNode doc = (ObjectNode) FailoverJson.mapper().valueToTree(forged);
    Plan read = FailoverJson.read(doc.toString(), Plan.class);
    assertThat(read.digest()).isEqualTo(forged.digest());
    ((ArrayNode) doc.get("servers")).forEach(n -> ((ObjectNode) n).put("fingerprint", "x"));
    assertThatThrownBy(() -> FailoverJson.read(doc.toString(), Plan.class)).isInstanceOf(ValidationException.class);
    ServerState before = backend.get(WIN_B);
    assertThatThrownBy(() -> failover.apply(read, BOB)).isInstanceOf(ValidationException.class);
    assertThat(backend.get(WIN_B).sameContentAs(before)).isTrue();
  }
}
