package dev.failover.isc;

import dev.failover.ConflictException;
import dev.failover.ProgressListener;
import dev.failover.isc.conf.IscConfig;
import dev.failover.isc.store.IscConfigSnapshot;
import dev.failover.isc.store.LocalFileConfigStore;
import dev.failover.plan.ServerPlan;
import dev.failover.scope.Subnet;
import dev.failover.server.Server;
import dev.failover.spi.ApplyProgress;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks and writes an ISC server's part under the fingerprint guard: the configuration read
 * again must have the part's fingerprint (else {@link ConflictException}); the part rendered by
 * {@link IscPartRenderer} is checked with {@code dhcpd -t} and written by the
 * {@link LocalFileConfigStore} (one atomic replacement per file, then the reload hook).
 */
final class IscCommitter {

  private static final Logger LOG = LoggerFactory.getLogger(IscCommitter.class);

  private final Function<Server, LocalFileConfigStore> stores;

  IscCommitter(Function<Server, LocalFileConfigStore> stores) {
    this.stores = stores;
  }

  void check(Server server, ServerPlan part) {
    LocalFileConfigStore store = stores.apply(server);
    IscConfigSnapshot snap = store.read();
    requireFingerprint(server, part, snap);
    store.check(IscPartRenderer.edit(snap.config(), server, part));
  }

  String apply(Server server, ServerPlan part, ProgressListener progress) {
    LocalFileConfigStore store = stores.apply(server);
    IscConfigSnapshot snap = store.read();
    requireFingerprint(server, part, snap);
    Set<Subnet> subnets = part.subnets();
    IscConfig next = IscPartRenderer.edit(snap.config(), server, part);
    String fingerprint = store.write(next, part.fingerprint());
    ApplyProgress.of(server.id(), subnets, progress).allWritten();
    LOG.info("isc {}: applied {} change(s) touching {} scope(s) to {}", server.id(), part.changes().size(),
        subnets.size(), server.endpoint());
    return fingerprint;
  }

  private static void requireFingerprint(Server server, ServerPlan part, IscConfigSnapshot snap) {
    if (!snap.fingerprint().equals(part.fingerprint())) {
      throw new ConflictException(server.id().value(), part.fingerprint(), snap.fingerprint());
    }
  }
}
