package dev.failover;

import dev.failover.errors.ConflictException;
import static dev.failover.plan.Fixtures.driftedWindowsPair;
import static dev.failover.plan.Fixtures.INVENTORY;
import static dev.failover.plan.Fixtures.WIN_A;
import static dev.failover.plan.Fixtures.WIN_B;
import static dev.failover.plan.Fixtures.office;
import static dev.failover.plan.Fixtures.state;
import static dev.failover.plan.Fixtures.windowsPair;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.audit.AuditEvent;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.MemoryBackend;
import dev.failover.plan.Plan;
import dev.failover.plan.Replicate;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.relationship.Relationship;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.spi.FailoverBackend;
import dev.failover.state.FailoverStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The facade with a backend that remembers what it read ({@link FailoverBackend#remembered}):
 * the first server of a plan is not read again before its check and apply, every later one is,
 * and verification uses what apply read back.
 */
class FailoverRememberedStateTest {

  private static final Principal ALICE = Principal.withRoles("alice", BuiltInRole.DHCP_ADMINISTRATORS);
  private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
  private MemoryBackend memory;
  private Remembering backend;
  private Failover failover;

  @BeforeEach
  void setUp() {
    memory = driftedWindowsPair();
    backend = new Remembering(memory);
    failover = Failover.builder().inventory(INVENTORY).backends(backend).audit(events::add).build();
  }

  @Test
  void aReplicationChecksAndAppliesTheDestinationWithoutReadingItAgain() {
    Plan plan = failover.plan(Replicate.relationship("win-pair").from("win-a"));
    assertThat(plan.servers()).extracting(ServerPlan::server).containsExactly(WIN_B);
    memory.calls.clear();
    ApplyResult result = failover.apply(plan, ALICE);
    assertThat(memory.calls).containsExactly("check win-b", "apply win-b 2");
    assertThat(backend.asked).containsExactly("win-b " + plan.servers().get(0).fingerprint(),
        "win-b " + result.fingerprints().get(WIN_B));
    assertThat(result.fingerprints().get(WIN_B)).isEqualTo(memory.get(WIN_B).fingerprint());
    assertThat(failover.drift("win-pair").isEmpty()).isTrue();
    assertThat(events).extracting(AuditEvent::outcome).containsExactly(AuditEvent.Outcome.SUCCEEDED);
  }

  @Test
  void aStaleFirstServerIsFoundByItsOwnApplyAndAuditedAsAConflict() {
    Plan plan = failover.plan(Replicate.relationship("win-pair").from("win-a"));
    memory.touch(WIN_B);
    String meanwhile = memory.get(WIN_B).fingerprint();
    assertThatThrownBy(() -> failover.apply(plan, ALICE)).isInstanceOf(ConflictException.class)
        .hasMessageContaining("server win-b changed since the plan was made");
    assertThat(memory.get(WIN_B).fingerprint()).isEqualTo(meanwhile);
    assertThat(events).extracting(AuditEvent::outcome).containsExactly(AuditEvent.Outcome.CONFLICT);
  }

  @Test
  void everyLaterServerIsReadBeforeTheFirstChanges() {
    MemoryBackend fresh = new MemoryBackend(Vendor.WINDOWS, state(WIN_A, Vendor.WINDOWS, office()),
        state(WIN_B, Vendor.WINDOWS));
    Failover f = Failover.builder().inventory(INVENTORY).backends(new Remembering(fresh)).audit(events::add).build();
    Plan plan = f.plan(CreateRelationship.of(windowsPair()));
    fresh.calls.clear();
    f.apply(plan, ALICE);
    assertThat(fresh.calls).containsExactly("check win-a", "read win-b", "check win-b", "apply win-a 1",
        "apply win-b 1");
  }

  @Test
  void aStaleLaterServerIsAConflictBeforeAnythingChanges() {
    MemoryBackend fresh = new MemoryBackend(Vendor.WINDOWS, state(WIN_A, Vendor.WINDOWS, office()),
        state(WIN_B, Vendor.WINDOWS));
    Failover f = Failover.builder().inventory(INVENTORY).backends(new Remembering(fresh)).audit(events::add).build();
    Plan plan = f.plan(CreateRelationship.of(windowsPair()));
    fresh.touch(WIN_B);
    assertThatThrownBy(() -> f.apply(plan, ALICE)).isInstanceOf(ConflictException.class)
        .hasMessageContaining("server win-b changed since the plan was made");
    assertThat(fresh.calls).noneMatch(c -> c.startsWith("apply"));
    assertThat(events).extracting(AuditEvent::outcome).containsExactly(AuditEvent.Outcome.CONFLICT);
  }

  /** A backend remembering the state of its last read, and the state its apply leaves, by fingerprint. */
  static final class Remembering implements FailoverBackend {
    private final MemoryBackend delegate;
    private final Map<ServerId, ServerState> last = new ConcurrentHashMap<>();
    final List<String> asked = new CopyOnWriteArrayList<>();

    Remembering(MemoryBackend delegate) {
      this.delegate = delegate;
    }

    @Override
    public Vendor vendor() {
      return delegate.vendor();
    }

    @Override
    public ServerState read(Server server, Inventory inventory) {
      ServerState s = delegate.read(server, inventory);
      last.put(server.id(), s);
      return s;
    }

    @Override
    public Optional<ServerState> remembered(Server server, Inventory inventory, String fingerprint) {
      asked.add(server.id() + " " + fingerprint);
      return Optional.ofNullable(last.get(server.id())).filter(s -> s.fingerprint().equals(fingerprint));
    }

    @Override
    public void check(Server server, ServerPlan part) {
      delegate.check(server, part);
    }

    @Override
    public String apply(Server server, ServerPlan part, ProgressListener progress) {
      String fp = delegate.apply(server, part, progress);
      last.put(server.id(), delegate.get(server.id()));
      return fp;
    }

    @Override
    public FailoverStatus status(Server server, Relationship relationship) {
      return delegate.status(server, relationship);
    }

    @Override
    public void partnerDown(Server server, Relationship relationship) {
      delegate.partnerDown(server, relationship);
    }
  }

  @Test
  void withoutRememberingEveryServerIsReadBeforeAndAfter() {
    Failover plain = Failover.builder().inventory(INVENTORY).backends(memory).build();
    Plan plan = plain.plan(Replicate.relationship("win-pair").from("win-a"));
    memory.calls.clear();
    plain.apply(plan, ALICE);
    assertThat(memory.calls).containsExactly("read win-b", "check win-b", "apply win-b 2", "read win-b");
  }
}
