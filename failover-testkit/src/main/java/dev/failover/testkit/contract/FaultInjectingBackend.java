package dev.failover.testkit.contract;

import dev.failover.BackendException;
import dev.failover.ProgressListener;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.plan.Warning;
import dev.failover.relationship.Relationship;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.spi.FailoverBackend;
import dev.failover.state.FailoverStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A backend that passes everything to another one, except the next {@code apply} on a server
 * named with {@link #failNextApply}: that one fails with a transport error before it reaches the
 * server, as a connection lost in the middle of a plan would. Works in front of any backend, real
 * servers included, so the contract suite can break a pair half-way through applying a plan.
 */
public final class FaultInjectingBackend implements FailoverBackend {

  private final FailoverBackend delegate;
  private final Map<ServerId, String> failNext = new HashMap<>();
  private final List<ServerId> applied = new ArrayList<>();

  public FaultInjectingBackend(FailoverBackend delegate) {
    this.delegate = delegate;
  }

  /** The next {@code apply} on the server fails with a transport error carrying the message. */
  public synchronized void failNextApply(ServerId server, String message) {
    failNext.put(server, message);
  }

  /** The servers an {@code apply} reached the delegate for, in order (injected failures excluded). */
  public synchronized List<ServerId> applied() {
    return List.copyOf(applied);
  }

  @Override
  public Vendor vendor() {
    return delegate.vendor();
  }

  @Override
  public ServerState read(Server server, Inventory inventory) {
    return delegate.read(server, inventory);
  }

  @Override
  public Optional<ServerState> remembered(Server server, Inventory inventory, String fingerprint) {
    return delegate.remembered(server, inventory, fingerprint);
  }

  @Override
  public List<Warning> review(Server server, ServerPlan part) {
    return delegate.review(server, part);
  }

  @Override
  public void check(Server server, ServerPlan part) {
    delegate.check(server, part);
  }

  @Override
  public String apply(Server server, ServerPlan part, ProgressListener progress) {
    synchronized (this) {
      String message = failNext.remove(server.id());
      if (message != null) {
        throw BackendException.transport(server.id().value(), message, null);
      }
      applied.add(server.id());
    }
    return delegate.apply(server, part, progress);
  }

  @Override
  public FailoverStatus status(Server server, Relationship relationship) {
    return delegate.status(server, relationship);
  }

  @Override
  public void partnerDown(Server server, Relationship relationship) {
    delegate.partnerDown(server, relationship);
  }

  @Override
  public <T> Optional<T> extension(Class<T> type) {
    return delegate.extension(type);
  }

  @Override
  public String toString() {
    return "FaultInjectingBackend{" + delegate + "}";
  }
}
