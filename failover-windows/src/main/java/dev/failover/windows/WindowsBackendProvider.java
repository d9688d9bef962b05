package dev.failover.windows;

import dev.failover.server.Vendor;
import dev.failover.spi.BackendProvider;
import dev.failover.spi.FailoverBackend;

/**
 * Makes the {@link WindowsBackend} (over SSH) available to {@link java.util.ServiceLoader}, so
 * {@code Failover.connect(inventory)} finds it when this module is on the class path.
 */
public final class WindowsBackendProvider implements BackendProvider {

  @Override
  public Vendor vendor() {
    return Vendor.WINDOWS;
  }

  @Override
  public FailoverBackend create() {
    return new WindowsBackend();
  }
}
