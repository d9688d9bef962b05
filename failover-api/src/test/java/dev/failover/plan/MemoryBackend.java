package dev.failover.plan;

import dev.failover.errors.BackendException;
import dev.failover.errors.ConflictException;
import dev.failover.Progress;
import dev.failover.ProgressListener;
import dev.failover.relationship.Relationship;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.spi.FailoverBackend;
import dev.failover.state.FailoverStatus;
import dev.failover.state.WindowsFailoverState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A backend over states held in memory, for the facade's tests (the testkit has the full fake servers). */
public final class MemoryBackend implements FailoverBackend {

  private final Vendor vendor;
  private final Map<ServerId, ServerState> states = new ConcurrentHashMap<>();
  private final AtomicInteger version = new AtomicInteger();
  public final Set<ServerId> failApply = ConcurrentHashMap.newKeySet();
  public final Set<ServerId> rejectCheck = ConcurrentHashMap.newKeySet();
  public final List<String> calls = new ArrayList<>();
  /** Servers that answer nothing: reads and status requests fail as a refused connection would. */
  public final Set<ServerId> unreachable = ConcurrentHashMap.newKeySet();
  /** Servers whose next apply is accepted but changes nothing (what verification must catch). */
  public final Set<ServerId> ignoreApply = ConcurrentHashMap.newKeySet();

  /** How many times the backend was closed. */
  public final AtomicInteger closes = new AtomicInteger();

  public MemoryBackend(Vendor vendor, ServerState... initial) {
    this.vendor = vendor;
    for (ServerState s : initial) {
      states.put(s.server(), s);
    }
  }

  public ServerState get(ServerId id) {
    return states.get(id);
  }

  /** Someone else edits the server behind the SDK's back. */
  public void touch(ServerId id) {
    states.put(id, ServerState.builder().from(states.get(id)).fingerprint("fp-" + id + "-" + version.incrementAndGet())
        .build());
  }

  @Override
  public Vendor vendor() {
    return vendor;
  }

  @Override
  public void close() {
    closes.incrementAndGet();
  }

  @Override
  public synchronized ServerState read(Server server, dev.failover.server.Inventory inventory) {
    calls.add("read " + server.id());
    if (unreachable.contains(server.id())) {
      throw BackendException.transport(server.id().value(), "connection refused", null);
    }
    return states.get(server.id());
  }

  @Override
  public synchronized void check(Server server, ServerPlan part) {
    calls.add("check " + server.id());
    if (rejectCheck.contains(server.id())) {
      throw BackendException.rejected(server.id().value(), "subnet configuration failed", "1");
    }
  }

  @Override
  public synchronized String apply(Server server, ServerPlan part, ProgressListener progress) {
    calls.add("apply " + server.id() + " " + part.changes().size());
    ServerState current = states.get(server.id());
    if (!current.fingerprint().equals(part.fingerprint())) {
      throw new ConflictException(server.id().value(), part.fingerprint(), current.fingerprint());
    }
    if (failApply.remove(server.id())) {
      throw BackendException.transport(server.id().value(), "connection reset", null);
    }
    ServerState next = ServerState.builder().from(ignoreApply.remove(server.id()) ? current : current.apply(part.changes()))
        .fingerprint("fp-" + server.id() + "-" + version.incrementAndGet()).build();
    int n = 0;
    for (var subnet : part.subnets()) {
      progress.onProgress(dev.failover.ImmutableProgress.builder().server(server.id()).phase(Progress.Phase.APPLY)
          .done(++n).total(part.subnets().size()).subnet(subnet).build());
    }
    states.put(server.id(), next);
    return next.fingerprint();
  }

  @Override
  public FailoverStatus status(Server server, Relationship relationship) {
    if (unreachable.contains(server.id())) {
      throw BackendException.transport(server.id().value(), "connection refused", null);
    }
    return FailoverStatus.of(relationship.name(), server.id(), WindowsFailoverState.NORMAL);
  }

  @Override
  public void partnerDown(Server server, Relationship relationship) {
    calls.add("partner-down " + server.id());
  }
}
