package dev.failover.fleet;

import dev.failover.errors.BackendException;
import dev.failover.ProgressListener;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.relationship.Relationship;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.spi.FailoverBackend;
import dev.failover.state.FailoverState;
import dev.failover.state.FailoverStatus;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A backend of one vendor over states in memory whose servers a test can cut off, make hang or refuse. */
final class StubBackend implements FailoverBackend {

  private final Vendor vendor;
  final Map<ServerId, ServerState> states = new ConcurrentHashMap<>();
  final Map<ServerId, FailoverState> failoverStates = new ConcurrentHashMap<>();
  /** Reads fail as a refused connection. */
  final Set<ServerId> unreachable = ConcurrentHashMap.newKeySet();
  /** Reads fail as the server's refusal. */
  final Set<ServerId> refusing = ConcurrentHashMap.newKeySet();
  /** Reads block until interrupted (at most 20 s), as a server that accepts and never answers. */
  final Set<ServerId> hanging = ConcurrentHashMap.newKeySet();
  /** Counted down by each hanging read that was interrupted. */
  final CountDownLatch interrupted = new CountDownLatch(1);
  final AtomicInteger reads = new AtomicInteger();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  /** When above zero, a read waits (at most 5 s) until this many reads are under way. */
  volatile int gather;

  StubBackend(Vendor vendor, ServerState... initial) {
    this.vendor = vendor;
    for (ServerState s : initial) {
      states.put(s.server(), s);
    }
  }

  @Override
  public Vendor vendor() {
    return vendor;
  }

  @Override
  public ServerState read(Server server, Inventory inventory) {
    reads.incrementAndGet();
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      if (unreachable.contains(server.id())) {
        throw BackendException.transport(server.id().value(), "connect to 127.0.0.1: connection refused", null);
      }
      if (refusing.contains(server.id())) {
        throw BackendException.credentials(server.id().value(), "401 Unauthorized", "401");
      }
      if (hanging.contains(server.id())) {
        try {
          new CountDownLatch(1).await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          interrupted.countDown();
          throw BackendException.transport(server.id().value(), "interrupted", e);
        }
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (gather > 0 && inFlight.get() < gather && System.nanoTime() < deadline) {
        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
      }
      return states.get(server.id());
    } finally {
      inFlight.decrementAndGet();
    }
  }

  @Override
  public void check(Server server, ServerPlan part) {
    throw new UnsupportedOperationException("the fleet never checks");
  }

  @Override
  public String apply(Server server, ServerPlan part, ProgressListener progress) {
    throw new UnsupportedOperationException("the fleet never applies");
  }

  @Override
  public FailoverStatus status(Server server, Relationship relationship) {
    if (unreachable.contains(server.id())) {
      throw BackendException.transport(server.id().value(), "connection refused", null);
    }
    FailoverState state = failoverStates.get(server.id());
    if (state == null) {
      throw BackendException.rejected(server.id().value(), "status not available", "3");
    }
    return FailoverStatus.of(relationship.name(), server.id(), state);
  }

  @Override
  public void partnerDown(Server server, Relationship relationship) {
    throw new UnsupportedOperationException("the fleet never changes state");
  }
}
