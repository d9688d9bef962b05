package dev.failover.kea;

import dev.failover.server.Vendor;
import dev.failover.spi.BackendProvider;
import dev.failover.spi.FailoverBackend;

/** Registers the {@link KeaBackend} with {@link java.util.ServiceLoader} for {@link Vendor#KEA}. */
public final class KeaBackendProvider implements BackendProvider {

  @Override
  public Vendor vendor() {
    return Vendor.KEA;
  }

  @Override
  public FailoverBackend create() {
    return new KeaBackend();
  }
}
