package dev.failover.isc;

import dev.failover.server.Vendor;
import dev.failover.spi.BackendProvider;
import dev.failover.spi.FailoverBackend;

/**
 * Makes the ISC backend available to {@link java.util.ServiceLoader}: {@code Failover.connect}
 * finds it on the class path. The backend it creates has no reload hook; to have dhcpd restarted
 * after a write, build the facade with {@code new IscBackend(hook)} instead.
 */
public final class IscBackendProvider implements BackendProvider {

  @Override
  public Vendor vendor() {
    return Vendor.ISC;
  }

  @Override
  public FailoverBackend create() {
    return new IscBackend();
  }
}
