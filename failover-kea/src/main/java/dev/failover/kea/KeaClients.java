package dev.failover.kea;

import dev.failover.errors.BackendException;
import dev.failover.errors.FailoverException;
import dev.failover.errors.Violations;
import dev.failover.kea.client.KeaClient;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.plan.ServerPlan;
import dev.failover.server.Credential;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.lang.ref.SoftReference;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Kea backend keeps per server: one client (its channel detected once), the
 * configuration the server last answered {@code config-get} with, and what {@code check} rendered
 * and {@code config-test} accepted, for the {@code apply} of the same part. Configurations are
 * softly held: under memory pressure they are dropped and fetched again.
 */
final class KeaClients {

  private static final Logger LOG = LoggerFactory.getLogger(KeaClients.class);

  /** What {@code check} rendered and {@code config-test} accepted: {@code next} over {@code fingerprint}. */
  record Prepared(String fingerprint, ServerPlan part, Dhcp4Config next) {}

  private record ClientKey(ServerId id, URI endpoint, Optional<Credential> credential, Map<String, String> options) {}

  private final ConcurrentMap<ClientKey, KeaClient> clients = new ConcurrentHashMap<>();
  /**
   * The configuration each server last answered {@code config-get} with, so that {@link #check}
   * need not ask again for the configuration a plan was just made from (the facade reads a server
   * right before checking it). Softly held: a large configuration may be dropped under memory
   * pressure and is then fetched again.
   */
  private final ConcurrentMap<ClientKey, SoftReference<Dhcp4Config>> lastRead = new ConcurrentHashMap<>();
  /**
   * The configuration {@link #check} rendered for a part and {@code config-test} accepted, per
   * server, for the {@link #apply} of the same part that follows: once apply's {@code config-get}
   * shows the server still has the fingerprint it was rendered over, the same configuration is
   * set without rendering and testing it again. Softly held, replaced by every check.
   */
  private final ConcurrentMap<ClientKey, SoftReference<Prepared>> prepared = new ConcurrentHashMap<>();

  private volatile boolean closed;

  /** The server's client, made once per inventory entry (its channel is detected once). */
  KeaClient client(Server server) {
    Violations.collect()
        .check(server.vendor() == Vendor.KEA, "vendor", server.vendor(), "must be KEA for the Kea backend")
        .throwIfAny("server " + server.id());
    requireOpen();
    KeaClient client = clients.computeIfAbsent(key(server), k -> KeaServerOptions.client(server));
    if (closed) {
      // closed while this client was being made: it is released with the others
      close();
      requireOpen();
    }
    return client;
  }

  private void requireOpen() {
    if (closed) {
      throw new FailoverException("the Kea backend is closed: connect again to reach Kea servers");
    }
  }

  /** Closes every client (their HTTP clients and connections) and forgets every configuration kept. */
  void close() {
    closed = true;
    for (ClientKey key : List.copyOf(clients.keySet())) {
      KeaClient client = clients.remove(key);
      if (client != null) {
        client.close();
      }
    }
    lastRead.clear();
    prepared.clear();
  }

  private static ClientKey key(Server server) {
    return new ClientKey(server.id(), server.endpoint(), server.credential(), Map.copyOf(server.options()));
  }

  /** {@code config-get}, remembered for the backend's check and remembered state. */
  Dhcp4Config configGet(Server server) {
    Dhcp4Config config = client(server).configGet();
    lastRead.put(key(server), new SoftReference<>(config));
    return config;
  }

  /** The configuration last read from the server, when its fingerprint is {@code fingerprint}. */
  Optional<Dhcp4Config> lastRead(Server server, String fingerprint) {
    SoftReference<Dhcp4Config> ref = lastRead.get(key(server));
    Dhcp4Config config = ref == null ? null : ref.get();
    return config != null && config.fingerprint().equals(fingerprint) ? Optional.of(config) : Optional.empty();
  }

  /** The configuration last read from the server; with {@code ask}, else a {@code config-get} (none when it fails). */
  Optional<Dhcp4Config> known(Server server, boolean ask) {
    SoftReference<Dhcp4Config> ref = lastRead.get(key(server));
    Dhcp4Config config = ref == null ? null : ref.get();
    if (config != null || !ask) {
      return Optional.ofNullable(config);
    }
    try {
      return Optional.of(configGet(server));
    } catch (BackendException e) {
      LOG.info("kea {}: not asked for its HA peer name ({})", server.id(), e.serverMessage());
      return Optional.empty();
    }
  }

  /** Keeps what {@code check} rendered and tested, for the apply of the same part. */
  void prepared(Server server, Prepared ready) {
    prepared.put(key(server), new SoftReference<>(ready));
  }

  /**
   * {@return what {@code check} last rendered and tested for the server when it was for exactly this part,
   * forgotten as it is taken} What another thread's check prepared for another part is left for it.
   */
  Optional<Prepared> takePrepared(Server server, ServerPlan part) {
    ClientKey key = key(server);
    SoftReference<Prepared> ref = prepared.get(key);
    Prepared ready = ref == null ? null : ref.get();
    if (ready == null || !ready.part().equals(part) || !prepared.remove(key, ref)) {
      return Optional.empty();
    }
    return Optional.of(ready);
  }

  int size() {
    return clients.size();
  }
}
