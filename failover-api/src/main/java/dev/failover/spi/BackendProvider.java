package dev.failover.spi;

import dev.failover.server.Vendor;

/**
 * Found with {@link java.util.ServiceLoader}: a backend module lists its provider in
 * {@code META-INF/services/dev.failover.spi.BackendProvider}. Exactly one provider per vendor
 * may be on the class path.
 */
public interface BackendProvider {

  /** {@return the vendor whose servers the backend manages} */
  Vendor vendor();

  /** {@return a new backend; called once per {@link Backends#discover}} */
  FailoverBackend create();
}
