package dev.failover.windows;

import dev.failover.Secret;
import dev.failover.errors.Violations;
import dev.failover.server.Credential;
import dev.failover.server.Server;
import dev.failover.spi.ServerOptionParser;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How the backend reaches one Windows server, read from its inventory entry with the SPI's one
 * option grammar ({@link ServerOptionParser}: unknown options refused): the endpoint
 * {@code ssh://user@host:port}, the credential's password, and the options
 * {@value #HOST_FINGERPRINT}, {@value #PENDING_FILE}, {@value #CONNECT_TIMEOUT} (default 15 s) and
 * {@value #RUN_TIMEOUT} (default 2 min); the README describes each.
 *
 * @param pendingFile where relationships without scopes are kept, when the server names a file
 * @param connectTimeout SSH connect and login time-out
 * @param runTimeout how long one script may run
 * @param hostFingerprint the SSH host key's fingerprint, when given
 */
record WindowsServerOptions(Optional<Path> pendingFile, Duration connectTimeout, Duration runTimeout,
    Optional<String> hostFingerprint) {

  static final String HOST_FINGERPRINT = "host-fingerprint";
  static final String PENDING_FILE = "pending-file";
  static final String CONNECT_TIMEOUT = "connect-timeout";
  static final String RUN_TIMEOUT = "run-timeout";
  static final List<String> OPTIONS = List.of(HOST_FINGERPRINT, PENDING_FILE, CONNECT_TIMEOUT, RUN_TIMEOUT);

  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);
  static final Duration DEFAULT_RUN_TIMEOUT = Duration.ofMinutes(2);

  /** The server's options, every problem refused at once. */
  static WindowsServerOptions of(Server server) {
    ServerOptionParser p = parser(server);
    WindowsServerOptions out = read(p);
    p.done();
    return out;
  }

  private static ServerOptionParser parser(Server server) {
    return ServerOptionParser.of(server, "Windows", OPTIONS);
  }

  private static WindowsServerOptions read(ServerOptionParser p) {
    return new WindowsServerOptions(p.path(PENDING_FILE, "the file that keeps relationships without scopes"),
        p.duration(CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT), p.duration(RUN_TIMEOUT, DEFAULT_RUN_TIMEOUT),
        p.text(HOST_FINGERPRINT));
  }

  /** Where and as whom to log in over SSH, checked all at once with the options. */
  record Ssh(String host, int port, String user, Secret password, String hostFingerprint, Duration connectTimeout) {

    static Ssh of(Server server) {
      URI endpoint = server.endpoint();
      Violations v = Violations.collect();
      v.check("ssh".equalsIgnoreCase(endpoint.getScheme()), "endpoint", endpoint,
          "must be an ssh:// URI (ssh://user@host:22) for a Windows server");
      String host = endpoint.getHost();
      v.check(host != null && !host.isEmpty(), "endpoint", endpoint, "must name a host");
      int port = endpoint.getPort() < 0 ? 22 : endpoint.getPort();
      String user = endpoint.getUserInfo() != null && !endpoint.getUserInfo().isEmpty() ? endpoint.getUserInfo()
          : server.credential().map(Credential::user).orElse(null);
      v.check(user != null && user.indexOf(':') < 0, "endpoint", endpoint,
          "must carry the user (ssh://user@host) or the credential must name one; no password in the URI");
      Optional<Secret> password = server.credential().map(Credential::secret);
      v.check(password.isPresent(), "credential", "none", "must hold the password of the SSH login");
      ServerOptionParser p = parser(server);
      WindowsServerOptions options = read(p);
      String fingerprint = options.hostFingerprint().orElse(null);
      v.check(fingerprint != null && fingerprint.matches("SHA256:[A-Za-z0-9+/]{43}"), "options." + HOST_FINGERPRINT,
          fingerprint == null ? "none" : fingerprint,
          "must be the host key's fingerprint, SHA256: and 43 base64 characters (ssh-keygen -lf prints it);"
              + " unknown host keys are always refused");
      v.addAll("", p.violations());
      v.throwIfAny("SSH access to server " + server.id());
      return new Ssh(host, port, user, password.orElseThrow(), fingerprint, options.connectTimeout());
    }

    @Override
    public String toString() {
      return "ssh://" + user + "@" + host + ":" + port + " (" + hostFingerprint + ")";
    }
  }
}
