package dev.failover.isc;

import dev.failover.ProgressListener;
import dev.failover.isc.conf.IscConfig;
import dev.failover.isc.omapi.OmapiFailoverState;
import dev.failover.isc.store.LocalFileConfigStore;
import dev.failover.isc.store.ReloadHook;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.relationship.Relationship;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.Vendor;
import dev.failover.spi.CallReads;
import dev.failover.spi.FailoverBackend;
import dev.failover.state.FailoverStatus;
import java.time.Clock;
import java.util.Objects;
/**
 * The ISC dhcpd 4.x backend: reads and writes a server's dhcpd.conf (and the files it
 * includes) through a {@link LocalFileConfigStore} (or, on another host, an
 * {@link dev.failover.isc.store.SshConfigStore}), and reads and steers failover state over
 * OMAPI.
 *
 * <p>A server of the inventory is reached as:
 * <ul>
 *   <li>endpoint {@code file:///etc/dhcp/dhcpd.conf}: the main configuration file; or, for a
 *       server on another host, {@code ssh://user@host:22/etc/dhcp/dhcpd.conf} with options
 *       {@code host-fingerprint} (required), {@code restart} ({@code none}, {@code systemd},
 *       {@code command} with {@code restart-command}), {@code restart-timeout} and
 *       {@code ssh-timeout}, the credential as the SSH login: the files go over SFTP
 *       ({@link dev.failover.isc.store.SshConfigStore}) and, with a restart, each write is followed by the restart and a
 *       bounded wait for dhcpd, rolled back when it does not come back ({@link dev.failover.isc.store.RestartingWrite});</li>
 *   <li>option {@code dhcpd}: the binary that checks a configuration with {@code dhcpd -t}
 *       before it is written (default {@code /usr/sbin/dhcpd}; when it is not executable,
 *       nothing is checked);</li>
 *   <li>options {@code omapi-host} (default {@code 127.0.0.1}) and {@code omapi-port} (default
 *       7911): dhcpd's {@code omapi-port} listener;</li>
 *   <li>the credential, when dhcpd sets {@code omapi-key}: user = the key's name, secret = its
 *       base64 HMAC-MD5 secret.</li>
 * </ul>
 *
 * <p>What a server holds: its scopes are its subnet declarations; its peers are its
 * {@code failover peer} declarations (and dormant ones, which dhcpd does not see: see
 * {@link IscConfig#withPeerDormant(String)}), mapped by {@link IscPeerMapping}; each peer is a
 * relationship with the inventory server whose {@code address} is the peer's
 * {@code peer address}, its settings read from both servers' declarations (mclt and split are
 * written on the primary only), its scopes the subnets whose pools refer to the peer on this
 * server. When the partner's configuration cannot be read, or lacks the peer, the settings are
 * what this server's declaration says, and what only the primary says is taken as dhcpd's
 * documented example (mclt 3600, split 128) when this server is the secondary.
 *
 * <p>Applying writes the whole part at once (one atomic replacement per changed file, checked
 * with {@code dhcpd -t}, previous file kept as a timestamped backup) and then calls the
 * {@link ReloadHook}: dhcpd reads its configuration only when it starts, so the hook must
 * restart it (the default hook does nothing). Thread-safe; holds no connection between calls.
 */
public final class IscBackend implements FailoverBackend, IscOmapi {

  private final Clock clock;
  private final ReloadHook reloadHook;
  private final IscStateReader reader;
  private final IscCommitter committer;
  private final IscStatusReader statuses;
  private final IscStores stores;
  /** A backend whose writes reload nothing: restart dhcpd yourself after applying. */
  public IscBackend() {
    this(ReloadHook.none());
  }

  /**
   * A backend that calls {@code reloadHook} after each configuration it writes.
   *
   * @param reloadHook called with the main file's path after each write
   */
  public IscBackend(ReloadHook reloadHook) {
    this(reloadHook, Clock.systemUTC());
  }

  /**
   * As {@link #IscBackend(ReloadHook)}, with the clock that stamps status reads and backups.
   *
   * @param reloadHook called with the main file's path after each write
   * @param clock stamps status reads and backups
   */
  public IscBackend(ReloadHook reloadHook, Clock clock) {
    this.reloadHook = Objects.requireNonNull(reloadHook, "reloadHook");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.stores = new IscStores(this.reloadHook, this.clock);
    this.reader = new IscStateReader(stores);
    this.committer = new IscCommitter(stores);
    this.statuses = new IscStatusReader(stores, clock);
  }

  @Override
  public Vendor vendor() {
    return Vendor.ISC;
  }

  @Override
  public ServerState read(Server server, Inventory inventory) {
    return reader.read(server, inventory);
  }

  /** Reads the server and the partners its relationships' settings need, each configuration once per call. */
  @Override
  public ServerState read(Server server, Inventory inventory, CallReads reads) {
    return reader.read(server, inventory, reads);
  }

  /** {@return how many configurations (a server's own or a partner's) this backend has read; for tests} */
  long configurationsRead() {
    return reader.configurationsRead();
  }

  /**
   * Closes the backend. It keeps nothing open between calls (each OMAPI connection and each SSH
   * session of an {@code ssh:} store is closed when its request ends), so closing only stops it:
   * every later request fails, saying the backend is closed. Closing again does nothing.
   */
  @Override
  public void close() {
    stores.close();
  }

  @Override
  public void check(Server server, ServerPlan part) {
    committer.check(server, part);
  }

  @Override
  public String apply(Server server, ServerPlan part, ProgressListener progress) {
    return committer.apply(server, part, progress);
  }

  @Override
  public OmapiFailoverState failoverState(Server server, String peer) {
    return statuses.failoverState(server, peer);
  }

  @Override
  public FailoverStatus status(Server server, Relationship relationship) {
    return statuses.status(server, relationship);
  }

  @Override
  public void partnerDown(Server server, Relationship relationship) {
    statuses.partnerDown(server, relationship);
  }
}
