package dev.failover.spi;

import dev.failover.ProgressListener;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.plan.Warning;
import dev.failover.relationship.Relationship;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.Vendor;
import dev.failover.state.FailoverStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backend that times every call to another and tells a {@link RequestListener}: the way to
 * measure backend request latency (for example with {@code failover-micrometer}) without the
 * backends knowing about it.
 *
 * <pre>{@code
 * Failover failover = Failover.builder().inventory(inventory)
 *     .backends(MeasuredBackend.all(Backends.discover(loader), metrics)).build();
 * }</pre>
 *
 * <p>Each of {@code read}, {@code review}, {@code check}, {@code apply}, {@code status} and
 * {@code partnerDown} is one {@link BackendRequest}, however many wire requests the backend sends
 * for it; {@code remembered} sends nothing and is not timed. Extensions are the wrapped backend's.
 * Thread-safe when the wrapped backend is.
 */
public final class MeasuredBackend implements FailoverBackend {

  private static final Logger LOG = LoggerFactory.getLogger(MeasuredBackend.class);

  private final FailoverBackend backend;
  private final RequestListener listener;

  private MeasuredBackend(FailoverBackend backend, RequestListener listener) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * {@return the backend, each of its calls timed and told to the listener}
   *
   * @param backend the backend to measure
   * @param listener told of every call
   */
  public static MeasuredBackend of(FailoverBackend backend, RequestListener listener) {
    return new MeasuredBackend(backend, listener);
  }

  /**
   * {@return every backend of the set, measured}
   *
   * @param backends the backends to measure
   * @param listener told of every call
   */
  public static Backends all(Backends backends, RequestListener listener) {
    List<FailoverBackend> out = new ArrayList<>();
    for (Vendor v : Vendor.values()) {
      backends.find(v).ifPresent(b -> out.add(of(b, listener)));
    }
    return Backends.of(out);
  }

  /** {@return the backend measured} */
  public FailoverBackend measured() {
    return backend;
  }

  private <T> T timed(Server server, BackendRequest.Operation operation, Supplier<T> call) {
    long start = System.nanoTime();
    BackendRequest.Outcome outcome = BackendRequest.Outcome.FAILED;
    try {
      T result = call.get();
      outcome = BackendRequest.Outcome.SUCCEEDED;
      return result;
    } catch (RuntimeException e) {
      outcome = BackendRequest.Outcome.of(e);
      throw e;
    } finally {
      BackendRequest request = ImmutableBackendRequest.builder().vendor(server.vendor()).server(server.id())
          .operation(operation).outcome(outcome).duration(Duration.ofNanos(System.nanoTime() - start)).build();
      try {
        listener.onRequest(request);
      } catch (RuntimeException e) {
        LOG.warn("the request listener failed on {} {}: {}", operation, server.id(), e.toString());
      }
    }
  }

  @Override
  public Vendor vendor() {
    return backend.vendor();
  }

  @Override
  public ServerState read(Server server, Inventory inventory) {
    return timed(server, BackendRequest.Operation.READ, () -> backend.read(server, inventory));
  }

  @Override
  public ServerState read(Server server, Inventory inventory, CallReads reads) {
    return timed(server, BackendRequest.Operation.READ, () -> backend.read(server, inventory, reads));
  }

  /** The wrapped backend's relationships, timed as a read. */
  @Override
  public List<Relationship> relationships(Server server, Inventory inventory) {
    return timed(server, BackendRequest.Operation.READ, () -> backend.relationships(server, inventory));
  }

  @Override
  public Optional<ServerState> remembered(Server server, Inventory inventory, String fingerprint) {
    return backend.remembered(server, inventory, fingerprint);
  }

  @Override
  public List<Warning> review(Server server, ServerPlan part) {
    return timed(server, BackendRequest.Operation.REVIEW, () -> backend.review(server, part));
  }

  @Override
  public void check(Server server, ServerPlan part) {
    timed(server, BackendRequest.Operation.CHECK, () -> {
      backend.check(server, part);
      return null;
    });
  }

  @Override
  public String apply(Server server, ServerPlan part, ProgressListener progress) {
    return timed(server, BackendRequest.Operation.APPLY, () -> backend.apply(server, part, progress));
  }

  @Override
  public FailoverStatus status(Server server, Relationship relationship) {
    return timed(server, BackendRequest.Operation.STATUS, () -> backend.status(server, relationship));
  }

  @Override
  public void partnerDown(Server server, Relationship relationship) {
    timed(server, BackendRequest.Operation.PARTNER_DOWN, () -> {
      backend.partnerDown(server, relationship);
      return null;
    });
  }

  @Override
  public <T> Optional<T> extension(Class<T> type) {
    return backend.extension(type);
  }

  /** Closes the measured backend: what it opened (connections, sessions) is released. */
  @Override
  public void close() {
    backend.close();
  }

}
