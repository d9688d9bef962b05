/**
 * The ISC dhcpd backend: {@code dev.failover.isc} (the backend, registered with
 * {@link java.util.ServiceLoader}), the dhcpd.conf model ({@code conf}), its store
 * ({@code store}) and the OMAPI client ({@code omapi}).
 */
module dev.failover.isc {
  requires transitive dev.failover.api;
  requires org.slf4j;
  requires static org.immutables.value;

  exports dev.failover.isc;
  exports dev.failover.isc.conf;
  exports dev.failover.isc.omapi;
  exports dev.failover.isc.store;

  provides dev.failover.spi.BackendProvider with dev.failover.isc.IscBackendProvider;
}
