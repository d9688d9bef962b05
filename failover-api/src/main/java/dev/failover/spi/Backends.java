package dev.failover.spi;

import dev.failover.errors.FailoverException;
import dev.failover.server.Vendor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The backends the SDK can use, one per vendor. Thread-safe. {@link #close} closes every backend;
 * after it, asking for a backend fails with an error saying the backends are closed.
 */
public final class Backends implements AutoCloseable {

  private final Map<Vendor, FailoverBackend> byVendor;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Backends(Map<Vendor, FailoverBackend> byVendor) {
    this.byVendor = byVendor;
  }

  /**
   * {@return the backends whose providers are on the class path} Two providers for one vendor are an
   * error naming both, never a silent pick.
   *
   * @param loader the class loader whose {@code META-INF/services} entries are read
   */
  public static Backends discover(ClassLoader loader) {
    Map<Vendor, BackendProvider> found = new EnumMap<>(Vendor.class);
    for (BackendProvider p : ServiceLoader.load(BackendProvider.class, loader)) {
      BackendProvider before = found.putIfAbsent(p.vendor(), p);
      if (before != null) {
        throw new FailoverException("two backends for " + p.vendor().displayName() + " on the class path: "
            + before.getClass().getName() + " and " + p.getClass().getName() + "; keep one");
      }
    }
    Map<Vendor, FailoverBackend> out = new EnumMap<>(Vendor.class);
    found.forEach((v, p) -> out.put(v, p.create()));
    return new Backends(out);
  }

  /**
   * {@return exactly these backends (for tests and for callers that wire things themselves)}
   *
   * @param backends the backends, at most one per vendor
   */
  public static Backends of(Collection<? extends FailoverBackend> backends) {
    Map<Vendor, FailoverBackend> out = new EnumMap<>(Vendor.class);
    for (FailoverBackend b : backends) {
      FailoverBackend before = out.putIfAbsent(b.vendor(), b);
      if (before != null) {
        throw new FailoverException("two backends for " + b.vendor().displayName() + ": "
            + before.getClass().getName() + " and " + b.getClass().getName());
      }
    }
    return new Backends(out);
  }

  /**
   * {@return the backend for the vendor, if there is one}
   *
   * @param vendor the server vendor
   */
  public Optional<FailoverBackend> find(Vendor vendor) {
    requireOpen();
    return Optional.ofNullable(byVendor.get(vendor));
  }

  /**
   * {@return the backend for the vendor, or an error saying which module to add}
   *
   * @param vendor the server vendor
   */
  public FailoverBackend require(Vendor vendor) {
    requireOpen();
    FailoverBackend b = byVendor.get(vendor);
    if (b == null) {
      String module = switch (vendor) {
        case ISC -> "failover-isc";
        case KEA -> "failover-kea";
        case WINDOWS -> "failover-windows";
      };
      throw new FailoverException("no backend for " + vendor.displayName() + " servers: add the dev.failover:"
          + module + " dependency");
    }
    return b;
  }

  /** {@return the vendors that have a backend, in a stable order} */
  public List<Vendor> vendors() {
    return new ArrayList<>(byVendor.keySet());
  }

  /** {@return whether {@link #close} was called} */
  public boolean isClosed() {
    return closed.get();
  }

  /**
   * Closes every backend, each even when another one's close fails, releasing the connections,
   * sessions and threads they opened. Closing again does nothing.
   *
   * @throws FailoverException when a backend's close failed (after every backend was closed),
   *     naming the vendor; further failures are attached as suppressed
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    FailoverException failure = null;
    for (Map.Entry<Vendor, FailoverBackend> e : byVendor.entrySet()) {
      try {
        e.getValue().close();
      } catch (Exception x) {
        FailoverException f = new FailoverException("closing the " + e.getKey().displayName() + " backend failed: "
            + x.getMessage(), x);
        if (failure == null) {
          failure = f;
        } else {
          failure.addSuppressed(f);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void requireOpen() {
    if (closed.get()) {
      throw new FailoverException("the DHCP server backends are closed: connect again to reach the servers");
    }
  }
}
