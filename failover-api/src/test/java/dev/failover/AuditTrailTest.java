package dev.failover;

import dev.failover.errors.BackendException;
import dev.failover.errors.FailoverException;
import dev.failover.errors.NotFoundException;
import dev.failover.errors.ValidationException;
import static dev.failover.plan.Fixtures.driftedWindowsPair;
import static dev.failover.plan.Fixtures.INVENTORY;
import static dev.failover.plan.Fixtures.WIN_A;
import static dev.failover.plan.Fixtures.WIN_B;
import static dev.failover.plan.Fixtures.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.audit.AuditEvent;
import dev.failover.plan.MemoryBackend;
import dev.failover.plan.Plan;
import dev.failover.plan.Replicate;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.relationship.Relationship;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.Vendor;
import dev.failover.spi.ChangesState;
import dev.failover.spi.FailoverBackend;
import dev.failover.state.FailoverStatus;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Every attempt reaches the audit listener, whatever ends it")
class AuditTrailTest {

  private static final Principal ALICE = Principal.withRoles("alice", BuiltInRole.DHCP_ADMINISTRATORS);
  private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
  private MemoryBackend memory;
  private Faulty backend;
  private Failover failover;

  @BeforeEach
  void setUp() {
    memory = driftedWindowsPair();
    backend = new Faulty(memory);
    failover = Failover.builder().inventory(INVENTORY).backends(backend).audit(events::add).build();
  }

  @Test
  @DisplayName("a server's backend failing in an unforeseen way while checking: one FAILED event, nothing written")
  void anUnforeseenFailureWhileCheckingIsAudited() {
    Plan plan = failover.plan(Replicate.scope("10.1.0.0/24").from("win-a"));
    backend.checkFails = new IllegalStateException("the check's answer had no status line");
    assertThatThrownBy(() -> failover.apply(plan, ALICE)).isSameAs(backend.checkFails);
    assertThat(memory.calls).noneMatch(c -> c.startsWith("apply"));
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.FAILED);
      assertThat(e.principal()).isEqualTo("alice");
      assertThat(e.planDigest()).isEqualTo(plan.digest());
      assertThat(e.detail()).contains("the check's answer had no status line");
      assertThat(e.serverOutcomes()).isEmpty();
    });
  }

  @Test
  @DisplayName("a plan whose servers have no backend here is refused with one event")
  void aPlanWithoutItsBackendIsAudited() {
    Plan plan = failover.plan(Replicate.scope("10.1.0.0/24").from("win-a"));
    Failover elsewhere = Failover.builder().inventory(INVENTORY).backends(new MemoryBackend(Vendor.KEA))
        .audit(events::add).build();
    assertThatThrownBy(() -> elsewhere.apply(plan, ALICE)).isInstanceOf(FailoverException.class)
        .hasMessageContaining("no backend for Windows");
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.FAILED);
      assertThat(e.detail()).contains("no backend for Windows");
    });
  }

  @Test
  @DisplayName("a progress listener that throws while servers are written neither stops the apply nor loses its event")
  void aThrowingProgressListenerDoesNotLoseTheEvent() {
    Plan plan = failover.plan(Replicate.scope("10.1.0.0/24").from("win-a"));
    ApplyResult result = failover.apply(plan, ALICE, p -> {
      if (p.phase() == Progress.Phase.VERIFY) {
        throw new IllegalStateException("the terminal went away");
      }
    });
    assertThat(result.fingerprints()).containsOnlyKeys(WIN_B);
    assertThat(failover.drift("win-pair").isEmpty()).isTrue();
    assertThat(events).extracting(AuditEvent::outcome).containsExactly(AuditEvent.Outcome.SUCCEEDED);
  }

  @Test
  @DisplayName("partner-down on a server outside the relationship is one INVALID event")
  void partnerDownOnTheWrongServerIsAudited() {
    assertThatThrownBy(() -> failover.partnerDown("win-pair", "kea-a", ALICE)).isInstanceOf(
        ValidationException.class);
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.INVALID);
      assertThat(e.operation()).isEqualTo("partner-down win-pair on kea-a");
      assertThat(e.detail()).contains("must be win-a or win-b");
    });
    assertThat(memory.calls).noneMatch(c -> c.startsWith("partner-down"));
  }

  @Test
  @DisplayName("partner-down for a relationship no server holds is one INVALID event")
  void partnerDownOnAnUnknownRelationshipIsAudited() {
    assertThatThrownBy(() -> failover.partnerDown("no-such-pair", "win-a", ALICE)).isInstanceOf(
        NotFoundException.class);
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.INVALID);
      assertThat(e.operation()).isEqualTo("partner-down no-such-pair on win-a");
    });
  }

  @Test
  @DisplayName("partner-down when the server cannot be read to find the relationship is one FAILED event")
  void partnerDownOnAnUnreachableServerIsAudited() {
    memory.unreachable.add(WIN_A);
    memory.unreachable.add(WIN_B);
    assertThatThrownBy(() -> failover.partnerDown("win-pair", "win-a", ALICE)).isInstanceOf(
        BackendException.class);
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.FAILED);
      assertThat(e.detail()).contains("connection refused");
    });
  }

  @Test
  @DisplayName("a vendor extra's change aimed at another server than the one asked for is one INVALID event")
  void anExtensionCallForAnotherServerIsAudited() {
    Lamp lamp = failover.extension("win-a", Lamp.class, ALICE).orElseThrow();
    Server other = INVENTORY.require("win-b");
    assertThatThrownBy(() -> lamp.switchOn(other)).isInstanceOf(ValidationException.class);
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.INVALID);
      assertThat(e.operation()).isEqualTo("lamp-on on win-a");
    });
    assertThat(backend.lampsOn).isEmpty();
  }

  /** A vendor extra that changes a server's state, offered by {@link Faulty}. */
  public interface Lamp {
    @ChangesState("lamp-on")
    void switchOn(Server server);
  }

  /** The memory backend, with faults a backend should not have. */
  static final class Faulty implements FailoverBackend, Lamp {
    private final MemoryBackend inner;
    final List<String> lampsOn = new CopyOnWriteArrayList<>();
    volatile RuntimeException checkFails;

    Faulty(MemoryBackend inner) {
      this.inner = inner;
    }

    @Override
    public Vendor vendor() {
      return inner.vendor();
    }

    @Override
    public ServerState read(Server server, Inventory inventory) {
      return inner.read(server, inventory);
    }

    @Override
    public void check(Server server, ServerPlan part) {
      if (checkFails != null) {
        throw checkFails;
      }
      inner.check(server, part);
    }

    @Override
    public String apply(Server server, ServerPlan part, ProgressListener progress) {
      return inner.apply(server, part, progress);
    }

    @Override
    public FailoverStatus status(Server server, Relationship relationship) {
      return inner.status(server, relationship);
    }

    @Override
    public void partnerDown(Server server, Relationship relationship) {
      inner.partnerDown(server, relationship);
    }

    @Override
    public <T> Optional<T> extension(Class<T> type) {
      return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }

    @Override
    public void switchOn(Server server) {
      lampsOn.add(server.id().value());
    }
  }
}
