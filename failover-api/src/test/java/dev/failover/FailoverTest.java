package dev.failover;

import dev.failover.errors.AccessDeniedException;
import dev.failover.errors.BackendException;
import dev.failover.errors.ConflictException;
import dev.failover.errors.FailoverException;
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

import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.access.ScopeAccessBit;
import dev.failover.access.ScopeGrant;
import dev.failover.audit.AuditEvent;
import dev.failover.diff.DriftReport;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.MemoryBackend;
import dev.failover.plan.Plan;
import dev.failover.plan.Replicate;
import dev.failover.relationship.Relationship;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.server.Vendor;
import dev.failover.state.CommonState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FailoverTest {

  private static final Principal ALICE = Principal.withRoles("alice", BuiltInRole.DHCP_ADMINISTRATORS);
  private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
  private final List<Progress> progress = new CopyOnWriteArrayList<>();
  private final Relationship pair = windowsPair("10.1.0.0/24", "10.2.0.0/24");
  private MemoryBackend backend;
  private Failover failover;

  @BeforeEach
  void setUp() {
    Scope drifted = Scope.builder().from(office()).reservations(List.of(Reservation.of("00:16:3e:00:00:09", "10.1.0.19")))
        .build();
    backend = new MemoryBackend(Vendor.WINDOWS, state(WIN_A, Vendor.WINDOWS, office(), lab()).withRelationships(pair),
        state(WIN_B, Vendor.WINDOWS, drifted, lab()).withRelationships(pair));
    failover = Failover.builder().inventory(INVENTORY).backends(backend).audit(events::add)
        .clock(Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC)).build();
  }

  @Test
  void replicationIsPlannedAppliedVerifiedAndAudited() {
    assertThat(failover.drift("win-pair").isEmpty()).isFalse();
    Plan plan = failover.plan(Replicate.relationship("win-pair").from("win-a"));
    ApplyResult result = failover.apply(plan, ALICE, progress::add);
    assertThat(failover.drift("win-pair").isEmpty()).isTrue();
    assertThat(result.planDigest()).isEqualTo(plan.digest());
    assertThat(result.fingerprints()).containsOnlyKeys(WIN_B);
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.SUCCEEDED);
      assertThat(e.principal()).isEqualTo("alice");
      assertThat(e.planDigest()).isEqualTo(plan.digest());
      assertThat(e.time()).isEqualTo(Instant.parse("2026-11-25T12:00:00Z"));
      assertThat(e.operation()).isEqualTo("replicate relationship win-pair from win-a");
    });
    assertThat(progress).extracting(Progress::phase).containsSubsequence(Progress.Phase.CHECK, Progress.Phase.APPLY,
        Progress.Phase.VERIFY, Progress.Phase.DONE);
    assertThat(progress).filteredOn(p -> p.phase() == Progress.Phase.APPLY).extracting(p -> p.subnet().orElseThrow().toString())
        .containsExactly("10.1.0.0/24");
  }

  @Test
  void aDeniedPlanTouchesNothingAndSaysWhy() {
    Principal bob = Principal.named("bob").addServerGrants(dev.failover.access.ServerGrant.of("win-b",
        dev.failover.access.ServerAccessBit.EDIT_RESERVATIONS)).build();
    Plan plan = failover.plan(Replicate.scope("10.1.0.0/24").from("win-a"));
    assertThatThrownBy(() -> failover.apply(plan, bob)).isInstanceOfSatisfying(AccessDeniedException.class,
        e -> assertThat(e.decision().reason()).contains("needs one of").contains("on scope 10.1.0.0/24 of win-b"));
    assertThat(backend.calls).noneMatch(c -> c.startsWith("apply"));
    assertThat(events).extracting(AuditEvent::outcome).containsExactly(AuditEvent.Outcome.DENIED);
    Principal scoped = Principal.named("bob").addScopeGrants(ScopeGrant.of("win-b", "10.1.0.0/24",
        ScopeAccessBit.EDIT_RESERVATIONS)).build();
    failover.apply(plan, scoped);
    assertThat(failover.drift("win-pair").isEmpty()).isTrue();
  }

  @Test
  void aStalePlanIsAConflict() {
    Plan plan = failover.plan(Replicate.scope("10.1.0.0/24").from("win-a"));
    backend.touch(WIN_B);
    assertThatThrownBy(() -> failover.apply(plan, ALICE)).isInstanceOf(ConflictException.class)
        .hasMessageContaining("server win-b changed since the plan was made");
    assertThat(events).extracting(AuditEvent::outcome).containsExactly(AuditEvent.Outcome.CONFLICT);
  }

  @Test
  void theServersOwnCheckRunsBeforeAnythingIsWritten() {
    backend.rejectCheck.add(WIN_B);
    Plan plan = failover.plan(Replicate.scope("10.1.0.0/24").from("win-a"));
    assertThatThrownBy(() -> failover.apply(plan, ALICE)).isInstanceOf(BackendException.class)
        .hasMessageContaining("subnet configuration failed");
    assertThat(backend.calls).noneMatch(c -> c.startsWith("apply"));
    assertThat(events).extracting(AuditEvent::outcome).containsExactly(AuditEvent.Outcome.INVALID);
  }

  @Test
  void whenTheSecondServerFailsTheFirstIsRestored() {
    MemoryBackend fresh = new MemoryBackend(Vendor.WINDOWS, state(WIN_A, Vendor.WINDOWS, office()),
        state(WIN_B, Vendor.WINDOWS));
    Failover f = Failover.builder().inventory(INVENTORY).backends(fresh).audit(events::add).build();
    Plan plan = f.plan(CreateRelationship.of(windowsPair()));
    var before = fresh.get(WIN_A);
    fresh.failApply.add(WIN_B);
    assertThatThrownBy(() -> f.apply(plan, ALICE, progress::add)).isInstanceOf(BackendException.class)
        .hasMessageContaining("connection reset");
    assertThat(fresh.get(WIN_A).sameContentAs(before)).isTrue();
    assertThat(fresh.get(WIN_A).relationships()).isEmpty();
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.ROLLED_BACK);
      assertThat(e.detail()).contains("failed on win-b").contains("win-a restored");
    });
    assertThat(progress).extracting(Progress::phase).contains(Progress.Phase.ROLLBACK);
    assertThat(fresh.calls).containsSubsequence("apply win-a 1", "apply win-b 1", "apply win-a 1");
  }

  @Test
  void statusAndPartnerDownGoThroughTheBackendAndTheirPermission() {
    assertThat(failover.status("win-pair")).extracting(s -> s.local().common())
        .containsExactly(CommonState.NORMAL, CommonState.NORMAL);
    assertThatThrownBy(() -> failover.partnerDown("win-pair", "win-a", Principal.withRoles("ivan",
        BuiltInRole.IPAM_ADMINISTRATORS))).isInstanceOf(AccessDeniedException.class);
    failover.partnerDown("win-pair", "win-a", ALICE);
    assertThat(backend.calls).contains("partner-down win-a");
    assertThatThrownBy(() -> failover.partnerDown("win-pair", "isc-a", ALICE)).isInstanceOf(ValidationException.class);
    assertThat(events).extracting(AuditEvent::outcome).containsExactly(AuditEvent.Outcome.DENIED,
        AuditEvent.Outcome.SUCCEEDED, AuditEvent.Outcome.INVALID);
  }

  @Test
  void aMissingBackendSaysWhichModuleToAdd() {
    Failover f = Failover.builder().inventory(INVENTORY).backends(backend).build();
    assertThatThrownBy(() -> f.state("kea-a")).isInstanceOf(FailoverException.class)
        .hasMessageContaining("add the dev.failover:failover-kea dependency");
    DriftReport none = failover.drift("win-pair");
    assertThat(none.first()).isEqualTo(WIN_A);
  }
}
