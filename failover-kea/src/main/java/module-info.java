/**
 * The Kea backend: {@code dev.failover.kea} (the backend, registered with
 * {@link java.util.ServiceLoader}, and its maintenance extension), the HA hook's configuration
 * ({@code ha}), the DHCPv4 configuration ({@code config}) and the control-channel client
 * ({@code client}). {@code dev.failover.kea.internal} is not exported.
 */
module dev.failover.kea {
  requires transitive dev.failover.api;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires java.net.http;
  requires org.slf4j;
  requires static org.immutables.value;

  exports dev.failover.kea;
  exports dev.failover.kea.client;
  exports dev.failover.kea.config;
  exports dev.failover.kea.ha;

  provides dev.failover.spi.BackendProvider with dev.failover.kea.KeaBackendProvider;
}
