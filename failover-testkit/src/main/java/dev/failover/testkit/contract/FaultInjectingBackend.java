package dev.failover.testkit.contract;

import dev.failover.errors.BackendException;
import dev.failover.ProgressListener;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.plan.Warning;
import dev.failover.relationship.Relationship;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.spi.CallReads;
import dev.failover.spi.FailoverBackend;
import dev.failover.state.FailoverStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A backend that passes everything to another one, except the faults a test arms:
 * <ul>
 *   <li>{@link #failNextApply}: the next {@code apply} on the server fails with a transport error
 *       before it reaches the server, as a connection lost in the middle of a plan would;</li>
 *   <li>{@link #failApplyAfter}: the same, after that many more applies on the server succeed (the
 *       undo of a server changed earlier in the plan, for a double fault);</li>
 *   <li>{@link #failAfterApply}: the next {@code apply} reaches the server and changes it, then fails
 *       with a transport error, as a read-back lost right after a successful write would;</li>
 *   <li>{@link #failReads}: the next reads of the server fail with a transport error (and nothing
 *       remembered is offered meanwhile), as a server that cannot be read back would.</li>
 * </ul>
 * Works in front of any backend, real servers included, so the contract suite can break a pair
 * half-way through applying a plan on every face.
 */
public final class FaultInjectingBackend implements FailoverBackend {

  private final FailoverBackend delegate;
  private final Map<ServerId, List<Fault>> faults = new HashMap<>();
  private final Map<ServerId, Integer> failingReads = new HashMap<>();
  private final Map<ServerId, String> readMessages = new HashMap<>();
  private final List<ServerId> applied = new ArrayList<>();

  /** An armed fault of one server's applies: after {@code skip} more applies, this one fails. */
  private static final class Fault {
    int skip;
    final String message;
    final boolean afterWrite;

    Fault(int skip, String message, boolean afterWrite) {
      this.skip = skip;
      this.message = message;
      this.afterWrite = afterWrite;
    }
  }

  /**
   * A backend that passes everything to {@code delegate} until a fault is armed.
   *
   * @param delegate the backend that does the work
   */
  public FaultInjectingBackend(FailoverBackend delegate) {
    this.delegate = delegate;
  }

  /**
   * The next {@code apply} on the server fails with a transport error carrying the message.
   *
   * @param server the server's inventory id
   * @param message the error's text
   */
  public synchronized void failNextApply(ServerId server, String message) {
    failApplyAfter(server, 0, message);
  }

  /**
   * After {@code successes} more applies on the server succeed, the next one fails with a transport
   * error before it reaches the server.
   *
   * @param server the server's inventory id
   * @param successes applies that succeed first
   * @param message the error's text
   */
  public synchronized void failApplyAfter(ServerId server, int successes, String message) {
    faults.computeIfAbsent(server, k -> new ArrayList<>()).add(new Fault(successes, message, false));
  }

  /**
   * The next {@code apply} on the server changes it, then fails with a transport error (a lost read-back).
   *
   * @param server the server's inventory id
   * @param message the error's text
   */
  public synchronized void failAfterApply(ServerId server, String message) {
    faults.computeIfAbsent(server, k -> new ArrayList<>()).add(new Fault(0, message, true));
  }

  /**
   * The next {@code count} reads of the server fail with a transport error; nothing remembered is offered meanwhile.
   *
   * @param server the server's inventory id
   * @param count how many reads fail
   * @param message the error's text
   */
  public synchronized void failReads(ServerId server, int count, String message) {
    failingReads.put(server, count);
    readMessages.put(server, message);
  }

  /** The fault due now for an apply on the server, if any; counts the apply otherwise. */
  private synchronized Fault due(ServerId server) {
    List<Fault> list = faults.getOrDefault(server, new ArrayList<>());
    Fault due = null;
    for (Fault f : list) {
      if (f.skip == 0 && due == null) {
        due = f;
      } else if (f.skip > 0) {
        f.skip--;
      }
    }
    list.remove(due);
    return due;
  }

  @Override
  public Vendor vendor() {
    return delegate.vendor();
  }

  @Override
  public ServerState read(Server server, Inventory inventory) {
    failIfDue(server);
    return delegate.read(server, inventory);
  }

  @Override
  public ServerState read(Server server, Inventory inventory, CallReads reads) {
    failIfDue(server);
    return delegate.read(server, inventory, reads);
  }

  private synchronized void failIfDue(Server server) {
    int left = failingReads.getOrDefault(server.id(), 0);
    if (left > 0) {
      failingReads.put(server.id(), left - 1);
      throw BackendException.transport(server.id().value(), readMessages.get(server.id()), null);
    }
  }

  /** Closes the wrapped backend. */
  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public Optional<ServerState> remembered(Server server, Inventory inventory, String fingerprint) {
    synchronized (this) {
      if (failingReads.getOrDefault(server.id(), 0) > 0) {
        return Optional.empty();
      }
    }
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
    Fault fault = due(server.id());
    if (fault != null && !fault.afterWrite) {
      throw BackendException.transport(server.id().value(), fault.message, null);
    }
    synchronized (this) {
      applied.add(server.id());
    }
    String fingerprint = delegate.apply(server, part, progress);
    if (fault != null) {
      throw BackendException.transport(server.id().value(), fault.message, null);
    }
    return fingerprint;
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
