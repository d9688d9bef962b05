package dev.failover.isc;

import dev.failover.errors.ConflictException;
import dev.failover.ProgressListener;
import dev.failover.isc.conf.IscConfig;
import dev.failover.isc.store.IscConfigSnapshot;
import dev.failover.isc.store.LocalFileConfigStore;
import dev.failover.isc.store.RestartingWrite;
import dev.failover.isc.store.SshConfigStore;
import dev.failover.plan.ServerPlan;
import dev.failover.scope.Subnet;
import dev.failover.server.Server;
import dev.failover.spi.ApplyProgress;
import java.util.Set;
import java.util.Optional;
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

  private final IscStores stores;

  IscCommitter(IscStores stores) {
    this.stores = stores;
  }

  void check(Server server, ServerPlan part) {
    stores.with(server, store -> {
      IscConfigSnapshot snap = store.read();
      requireFingerprint(server, part, snap);
      store.check(IscPartRenderer.edit(snap.config(), server, part));
      return null;
    });
  }

  String apply(Server server, ServerPlan part, ProgressListener progress) {
    IscServerOptions options = IscServerOptions.of(server);
    return stores.with(server, store -> {
      IscConfigSnapshot snap = store.read();
      requireFingerprint(server, part, snap);
      Set<Subnet> subnets = part.subnets();
      IscConfig next = IscPartRenderer.edit(snap.config(), server, part);
      Optional<String> restart = options.ssh().flatMap(IscServerOptions.Ssh::restartCommand);
      // over SSH with a restart: written, restarted, waited for, rolled back when dhcpd does not come back
      String fingerprint = store instanceof SshConfigStore ssh && restart.isPresent()
          ? RestartingWrite.write(ssh, snap, next, restart.get(), options.omapi(), options.ssh().get().restartTimeout())
          : store.write(next, part.fingerprint());
      ApplyProgress.of(server.id(), subnets, progress).allWritten();
      LOG.info("isc {}: applied {} change(s) touching {} scope(s) to {}", server.id(), part.changes().size(),
          subnets.size(), options.ssh().map(Object::toString).orElseGet(() -> options.configFile().toString()));
      return fingerprint;
    });
  }

  private static void requireFingerprint(Server server, ServerPlan part, IscConfigSnapshot snap) {
    if (!snap.fingerprint().equals(part.fingerprint())) {
      throw new ConflictException(server.id().value(), part.fingerprint(), snap.fingerprint());
    }
  }
}
