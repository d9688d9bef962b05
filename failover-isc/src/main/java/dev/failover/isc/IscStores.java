package dev.failover.isc;

import dev.failover.errors.FailoverException;
import dev.failover.isc.store.IscConfigStore;
import dev.failover.isc.store.LocalFileConfigStore;
import dev.failover.isc.store.ReloadHook;
import dev.failover.isc.store.SshConfigStore;
import dev.failover.server.Server;
import dev.failover.ssh.HostKeyPolicy;
import dev.failover.ssh.SshLogin;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * Where an ISC server's configuration is read and written: its local files ({@code file:}
 * endpoint, {@link LocalFileConfigStore}) or its files on another host over SFTP ({@code ssh:}
 * endpoint, {@link SshConfigStore}, whose session is closed after each use).
 */
final class IscStores {

  private static final Duration SSH_HANDSHAKE = Duration.ofSeconds(15);

  private final ReloadHook reloadHook;
  private final Clock clock;
  private volatile boolean closed;

  IscStores(ReloadHook reloadHook, Clock clock) {
    this.reloadHook = reloadHook;
    this.clock = clock;
  }

  /** No store is opened after it: every later use fails, saying the backend is closed. */
  void close() {
    closed = true;
  }

  /** Fails when the backend is closed. */
  void requireOpen() {
    if (closed) {
      throw new FailoverException("the ISC dhcpd backend is closed: connect again to reach dhcpd servers");
    }
  }

  /** Runs {@code use} on the server's store, closed afterwards when it holds a session. */
  <T> T with(Server server, Function<IscConfigStore, T> use) {
    requireOpen();
    IscServerOptions options = IscServerOptions.of(server);
    if (options.ssh().isEmpty()) {
      return use.apply(LocalFileConfigStore.builder(options.configFile()).dhcpd(options.dhcpd())
          .reloadHook(reloadHook).clock(clock).server(server.id().value()).build());
    }
    IscServerOptions.Ssh ssh = options.ssh().get();
    Duration handshake = ssh.timeout().compareTo(SSH_HANDSHAKE) < 0 ? ssh.timeout() : SSH_HANDSHAKE;
    SshLogin login = SshLogin.builder().name(server.id().value()).host(ssh.host()).port(ssh.port()).user(ssh.user())
        .password(ssh.password()).hostKey(HostKeyPolicy.fingerprint(ssh.hostFingerprint()))
        .connectTimeout(handshake).authTimeout(handshake).build();
    try (SshConfigStore store = SshConfigStore.builder(login, ssh.path()).dhcpd(options.dhcpd().toString())
        .timeout(ssh.timeout()).lockTimeout(ssh.timeout().dividedBy(2)).clock(clock).server(server.id().value())
        .build()) {
      return use.apply(store);
    }
  }
}
