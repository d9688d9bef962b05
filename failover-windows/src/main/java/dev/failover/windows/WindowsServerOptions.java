package dev.failover.windows;

import dev.failover.Secret;
import dev.failover.Violations;
import dev.failover.server.Credential;
import dev.failover.server.Server;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How the backend reaches one Windows server, read from its inventory entry: the endpoint
 * {@code ssh://user@host:port}, the credential's password, and {@link Server#options()}:
 * <ul>
 *   <li>{@value #HOST_FINGERPRINT}: the SSH host key's {@code SHA256:…} fingerprint (required for
 *       SSH; unknown keys are refused);</li>
 *   <li>{@value #PENDING_FILE}: the file where relationships without scopes are kept until their
 *       first scope is added (needed only to create such relationships);</li>
 *   <li>{@value #CONNECT_TIMEOUT} and {@value #RUN_TIMEOUT}: whole seconds or ISO-8601
 *       ({@code PT2M}); defaults 15 seconds and 2 minutes.</li>
 * </ul>
 * (An option's name may not contain "key", "secret" or "password": the inventory refuses them,
 * so the host key is given by its fingerprint under {@value #HOST_FINGERPRINT}.)
 */
final class WindowsServerOptions {

  static final String HOST_FINGERPRINT = "host-fingerprint";
  static final String PENDING_FILE = "pending-file";
  static final String CONNECT_TIMEOUT = "connect-timeout";
  static final String RUN_TIMEOUT = "run-timeout";

  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);
  static final Duration DEFAULT_RUN_TIMEOUT = Duration.ofMinutes(2);

  private WindowsServerOptions() {}

  /** The pending-relationship file, when the server names one. */
  static Optional<Path> pendingFile(Server server) {
    String text = server.options().get(PENDING_FILE);
    if (text == null) {
      return Optional.empty();
    }
    Violations v = Violations.collect();
    Path path = null;
    try {
      path = Path.of(text);
    } catch (InvalidPathException e) {
      v.check(false, "options." + PENDING_FILE, text, "must be a file path (" + e.getReason() + ")");
    }
    v.check(path == null || path.isAbsolute(), "options." + PENDING_FILE, text, "must be an absolute path");
    v.throwIfAny("server " + server.id());
    return Optional.of(path);
  }

  /** How long one script may run; default two minutes. */
  static Duration runTimeout(Server server) {
    return duration(server, RUN_TIMEOUT, DEFAULT_RUN_TIMEOUT);
  }

  static Duration connectTimeout(Server server) {
    return duration(server, CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT);
  }

  private static Duration duration(Server server, String option, Duration fallback) {
    String text = server.options().get(option);
    if (text == null) {
      return fallback;
    }
    Duration d = null;
    try {
      d = text.matches("\\d{1,9}") ? Duration.ofSeconds(Long.parseLong(text)) : Duration.parse(text);
    } catch (DateTimeParseException e) {
      d = null;
    }
    Violations.collect()
        .check(d != null && !d.isNegative() && !d.isZero(), "options." + option, text,
            "must be a positive number of seconds or an ISO-8601 duration such as PT2M")
        .throwIfAny("server " + server.id());
    return d;
  }

  /** Where and as whom to log in over SSH, checked all at once. */
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
      String fingerprint = server.options().get(HOST_FINGERPRINT);
      v.check(fingerprint != null && fingerprint.matches("SHA256:[A-Za-z0-9+/]{43}"), "options." + HOST_FINGERPRINT,
          fingerprint == null ? "none" : fingerprint,
          "must be the host key's fingerprint, SHA256: and 43 base64 characters (ssh-keygen -lf prints it);"
              + " unknown host keys are always refused");
      Duration connect = null;
      try {
        connect = WindowsServerOptions.connectTimeout(server);
      } catch (dev.failover.ValidationException e) {
        v.addAll("", e.violations());
      }
      v.throwIfAny("SSH access to server " + server.id());
      return new Ssh(host, port, user, password.orElseThrow(), fingerprint, connect);
    }

    @Override
    public String toString() {
      return "ssh://" + user + "@" + host + ":" + port + " (" + hostFingerprint + ")";
    }
  }
}
