package dev.failover;

import dev.failover.errors.BackendException;
import dev.failover.errors.FailoverException;
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
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.spi.Backends;
import dev.failover.spi.CallReads;
import dev.failover.spi.FailoverBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the facade's lifecycle and its reads per call")
class FailoverLifecycleTest {

  private static final Principal ALICE = Principal.withRoles("alice", BuiltInRole.DHCP_ADMINISTRATORS);
  private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
  private MemoryBackend memory;
  private Failover failover;

  @BeforeEach
  void setUp() {
    memory = driftedWindowsPair();
    failover = Failover.builder().inventory(INVENTORY).backends(memory).audit(events::add).build();
  }

  private List<String> reads(Runnable call) {
    memory.calls.clear();
    call.run();
    return memory.calls.stream().filter(c -> c.startsWith("read ")).toList();
  }

  @Test
  @DisplayName("a drift reads each partner once per call, and reads them again on the next call")
  void driftReadsEachPartnerOncePerCall() {
    for (int call = 0; call < 3; call++) {
      assertThat(reads(() -> assertThat(failover.drift("win-pair").differenceCount()).isPositive()))
          .containsExactly("read win-a", "read win-b");
    }
  }

  /** The fixtures' inventory with {@code server} declaring the relationship {@code name}. */
  private static dev.failover.server.Inventory declaring(String server, String name) {
    return dev.failover.server.Inventory.of(INVENTORY.servers().stream()
        .map(s -> s.id().value().equals(server) ? dev.failover.server.Server.builder().from(s)
            .addRelationships(dev.failover.relationship.RelationshipName.of(name)).build() : s)
        .toList());
  }

  @Test
  @DisplayName("a relationship not seen yet is looked for first on the servers the inventory declares it on: win-b declares win-pair, so a fresh facade reads win-b first, then its primary win-a, each once")
  void declaredServersAreLookedAtFirst() {
    Failover fresh = Failover.builder().inventory(declaring("win-b", "win-pair")).backends(memory).build();
    assertThat(reads(() -> assertThat(fresh.drift("win-pair").differenceCount()).isPositive()))
        .containsExactly("read win-b", "read win-a");
  }

  @Test
  @DisplayName("a declaration no server bears out costs reads, never a wrong answer: other-pair declared on win-b, held by no server, is looked for on win-b and then on the others, and is not found")
  void aWrongDeclarationFallsBackToEveryServer() {
    Failover fresh = Failover.builder().inventory(declaring("win-b", "other-pair")).backends(memory).build();
    List<String> read = reads(() -> assertThatThrownBy(() -> fresh.drift("other-pair"))
        .isInstanceOf(dev.failover.errors.NotFoundException.class));
    assertThat(read).containsExactly("read win-b", "read win-a");
  }

  @Test
  @DisplayName("planning a replication reads the source and the destination once each")
  void planReadsEachServerOnce() {
    assertThat(reads(() -> failover.plan(Replicate.relationship("win-pair").from("win-a"))))
        .containsExactlyInAnyOrder("read win-a", "read win-b");
  }

  @Test
  @DisplayName("closing closes the backends once, closing again does nothing, and every call afterwards fails saying the connection was closed (an apply with one audit event)")
  void closedFacadeRefuses() {
    Plan plan = failover.plan(Replicate.relationship("win-pair").from("win-a"));
    failover.close();
    failover.close();
    assertThat(memory.closes).hasValue(1);
    String closed = "this connection to the DHCP servers was closed: connect again to read or change them";
    for (Runnable call : List.<Runnable>of(() -> failover.drift("win-pair"), () -> failover.status("win-pair"),
        () -> failover.statuses("win-pair"), failover::readAll, () -> failover.state("win-a"),
        () -> failover.plan(Replicate.relationship("win-pair").from("win-a")), () -> failover.relationship("win-pair"),
        () -> failover.extension("win-a", Runnable.class))) {
      assertThatThrownBy(call::run).isInstanceOf(FailoverException.class).hasMessage(closed);
    }
    assertThatThrownBy(() -> failover.apply(plan, ALICE)).hasMessage(closed);
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.FAILED);
      assertThat(e.detail()).isEqualTo(closed);
    });
    assertThat(memory.calls).noneMatch(c -> c.startsWith("apply"));
  }

  @Test
  @DisplayName("closing the backends closes each one even when another's close fails, and names the vendor that failed")
  void backendsCloseEveryOne() {
    MemoryBackend kea = new MemoryBackend(Vendor.KEA);
    AtomicInteger failingCloses = new AtomicInteger();
    FailoverBackend failing = (FailoverBackend) java.lang.reflect.Proxy.newProxyInstance(
        FailoverBackend.class.getClassLoader(), new Class<?>[] {FailoverBackend.class}, (self, method, args) -> {
          switch (method.getName()) {
            case "vendor":
              return Vendor.ISC;
            case "close":
              failingCloses.incrementAndGet();
              throw new IllegalStateException("socket already gone");
            default:
              throw new UnsupportedOperationException(method.getName());
          }
        });
    Backends backends = Backends.of(List.of(failing, kea));
    assertThatThrownBy(backends::close).isInstanceOf(FailoverException.class)
        .hasMessage("closing the ISC dhcpd backend failed: socket already gone");
    assertThat(kea.closes).hasValue(1);
    assertThat(failingCloses).hasValue(1);
    backends.close();
    assertThat(kea.closes).hasValue(1);
    assertThat(backends.isClosed()).isTrue();
    assertThatThrownBy(() -> backends.require(Vendor.KEA)).isInstanceOf(FailoverException.class)
        .hasMessage("the DHCP server backends are closed: connect again to reach the servers");
  }

  @Test
  @DisplayName("within one call, 8 threads asking for the same server's reading at once cause one read, and a failed read is the same failure for every asker")
  void oneReadPerServerPerCall() throws Exception {
    CallReads reads = CallReads.forOneCall();
    AtomicInteger read = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(threads.submit(() -> {
          go.await(30, TimeUnit.SECONDS);
          return reads.once(WIN_A, String.class, () -> "state " + read.incrementAndGet());
        }));
      }
      go.countDown();
      for (Future<String> a : answers) {
        assertThat(a.get(30, TimeUnit.SECONDS)).isEqualTo("state 1");
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(read).hasValue(1);
    BackendException refused = BackendException.transport("win-b", "connection refused", null);
    assertThatThrownBy(() -> reads.once(WIN_B, String.class, () -> {
      read.incrementAndGet();
      throw refused;
    })).isSameAs(refused);
    assertThatThrownBy(() -> reads.once(WIN_B, String.class, () -> "never")).isSameAs(refused);
    assertThat(read).hasValue(2);
    assertThat(CallReads.forOneCall().once(ServerId.of("win-a"), String.class, () -> "fresh")).isEqualTo("fresh");
  }
}
