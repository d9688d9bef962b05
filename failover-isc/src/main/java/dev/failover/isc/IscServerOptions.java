package dev.failover.isc;

import dev.failover.errors.Violations;
import dev.failover.spi.Texts;
import dev.failover.isc.omapi.ImmutableOmapiEndpoint;
import dev.failover.isc.omapi.OmapiEndpoint;
import dev.failover.isc.omapi.OmapiKey;
import dev.failover.server.Server;
import dev.failover.server.Vendor;
import dev.failover.spi.ServerOptionParser;
import dev.failover.Secret;
import dev.failover.server.Credential;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the ISC backend reaches one server, from its inventory entry: the configuration file
 * (endpoint {@code file:///etc/dhcp/dhcpd.conf}, or {@code ssh://user@host:22/etc/dhcp/dhcpd.conf}
 * for a server on another host), the dhcpd binary that checks a configuration (option
 * {@code dhcpd}), and OMAPI (options {@code omapi-host}, {@code omapi-port}; the key is
 * {@code credentials.omapi}, or the credential for a {@code file:} endpoint). An {@code ssh:} endpoint adds {@link Ssh}: the pinned host key
 * (option {@code host-fingerprint}), the credential as the SSH login, the restart after a write
 * (options {@code restart}, {@code restart-command}, {@code restart-timeout}) and the bound on one
 * SSH exchange ({@code ssh-timeout}); all in the SPI's one option grammar ({@link ServerOptionParser}).
 */
record IscServerOptions(Path configFile, Path dhcpd, OmapiEndpoint omapi, Optional<Ssh> ssh) {

  static final String OPTION_HOST_FINGERPRINT = "host-fingerprint";
  static final String OPTION_RESTART = "restart";
  static final String OPTION_RESTART_COMMAND = "restart-command";
  static final String OPTION_RESTART_TIMEOUT = "restart-timeout";
  static final String OPTION_SSH_TIMEOUT = "ssh-timeout";
  /** What {@code restart=systemd} runs on the server. */
  static final String SYSTEMD_RESTART = "systemctl restart isc-dhcp-server";

  /**
   * A server reached over SSH.
   *
   * @param host the SSH host (and the default OMAPI host)
   * @param port the SSH port
   * @param user the login
   * @param password the login's password (the inventory credential)
   * @param hostFingerprint the pinned host key's SHA256 fingerprint
   * @param path the main configuration file on the server
   * @param restartCommand what restarts dhcpd after a write, empty for none
   * @param restartTimeout how long dhcpd may take to answer OMAPI (and the pair to be normal) after the restart
   * @param timeout the bound on one SSH exchange
   */
  record Ssh(String host, int port, String user, Secret password, String hostFingerprint, String path,
      Optional<String> restartCommand, Duration restartTimeout, Duration timeout) {

    @Override
    public String toString() {
      return "ssh://" + user + "@" + host + ":" + port + path + " (" + hostFingerprint + ")";
    }
  }

  /** The purpose under {@code credentials} that names the OMAPI key (the key name as user, its base64 secret). */
  static final String CREDENTIAL_OMAPI = "omapi";
  static final String OPTION_DHCPD = "dhcpd";
  static final String OPTION_OMAPI_HOST = "omapi-host";
  static final String OPTION_OMAPI_PORT = "omapi-port";
  static final String DEFAULT_OMAPI_HOST = "127.0.0.1";
  static final Path DEFAULT_DHCPD = Path.of("/usr/sbin/dhcpd");
  static final List<String> OPTIONS = List.of(OPTION_DHCPD, OPTION_OMAPI_HOST, OPTION_OMAPI_PORT,
      OPTION_HOST_FINGERPRINT, OPTION_RESTART, OPTION_RESTART_COMMAND, OPTION_RESTART_TIMEOUT, OPTION_SSH_TIMEOUT);
  static final List<String> SSH_OPTIONS = List.of(OPTION_HOST_FINGERPRINT, OPTION_RESTART, OPTION_RESTART_COMMAND,
      OPTION_RESTART_TIMEOUT, OPTION_SSH_TIMEOUT);

  static IscServerOptions of(Server server) {
    Violations v = Violations.collect();
    String subject = "ISC server " + server.id();
    v.check(server.vendor() == Vendor.ISC, "vendor", server.vendor(), "must be ISC for the ISC backend");
    URI endpoint = server.endpoint();
    boolean file = "file".equalsIgnoreCase(endpoint.getScheme()) && endpoint.getPath() != null
        && endpoint.getPath().startsWith("/") && (endpoint.getAuthority() == null || endpoint.getAuthority().isEmpty())
        && endpoint.getQuery() == null && endpoint.getFragment() == null;
    boolean ssh = "ssh".equalsIgnoreCase(endpoint.getScheme()) && endpoint.getHost() != null
        && endpoint.getPath() != null && endpoint.getPath().startsWith("/") && endpoint.getPath().length() > 1
        && endpoint.getQuery() == null && endpoint.getFragment() == null;
    v.check(file || ssh, "endpoint", Texts.quoted(endpoint.toString()),
        "must be the dhcpd configuration file as a file URI (file:///etc/dhcp/dhcpd.conf) or, on another host,"
            + " an ssh URI (ssh://user@host:22/etc/dhcp/dhcpd.conf)");
    Map<String, String> options = server.options();
    if (!ssh) {
      for (String key : SSH_OPTIONS) {
        if (options.containsKey(key)) {
          v.check(false, "options." + key, Texts.quoted(options.get(key)),
              "applies only to a server reached over SSH (an ssh:// endpoint)");
        }
      }
    }
    ServerOptionParser parser = ServerOptionParser.of(server, "ISC", OPTIONS);
    Path dhcpd = parser.path(OPTION_DHCPD, "the dhcpd binary").orElse(DEFAULT_DHCPD);
    int port = parser.port(OPTION_OMAPI_PORT, OmapiEndpoint.DEFAULT_PORT);
    Duration restartTimeout = parser.duration(OPTION_RESTART_TIMEOUT, Duration.ofSeconds(60));
    Duration sshTimeout = parser.duration(OPTION_SSH_TIMEOUT, Duration.ofSeconds(120));
    v.addAll("", parser.violations());
    Set<String> purposes = new TreeSet<>(server.credentials().keySet());
    purposes.remove(CREDENTIAL_OMAPI);
    for (String purpose : purposes) {
      v.check(false, "credentials." + purpose, "(hidden)", "is not an ISC credential (known: " + CREDENTIAL_OMAPI
          + ", the OMAPI key)");
    }
    Credential omapiKey = server.credentials().get(CREDENTIAL_OMAPI);
    v.check(ssh || omapiKey == null || server.credential().isEmpty(), "credentials." + CREDENTIAL_OMAPI, "(hidden)",
        "must not be given beside credential for a file:// server, whose credential is already the OMAPI key");
    Optional<Ssh> remote = ssh ? ssh(server, v, restartTimeout, sshTimeout) : Optional.empty();
    v.throwIfAny(subject);
    String host = options.getOrDefault(OPTION_OMAPI_HOST, ssh ? endpoint.getHost() : DEFAULT_OMAPI_HOST);
    ImmutableOmapiEndpoint.Builder omapi = OmapiEndpoint.builder().host(host).port(port)
        .serverName(server.id().value());
    // over SSH the credential is the SSH login and the OMAPI key is credentials.omapi; for a
    // file:// server either names the OMAPI key; with neither, OMAPI is reached without a key
    Optional<Credential> key = Optional.ofNullable(omapiKey).or(() -> ssh ? Optional.empty() : server.credential());
    key.ifPresent(c -> omapi.key(OmapiKey.hmacMd5(c.user(), c.secret())));
    return new IscServerOptions(ssh ? null : Path.of(endpoint), dhcpd, omapi.build(), remote);
  }

  private static Optional<Ssh> ssh(Server server, Violations v, Duration restartTimeout, Duration timeout) {
    URI endpoint = server.endpoint();
    Map<String, String> options = server.options();
    int sshPort = endpoint.getPort() < 0 ? 22 : endpoint.getPort();
    String user = endpoint.getUserInfo() != null && !endpoint.getUserInfo().isEmpty() ? endpoint.getUserInfo()
        : server.credential().map(Credential::user).orElse(null);
    v.check(user != null && user.indexOf(':') < 0, "endpoint", Texts.quoted(endpoint.toString()),
        "must carry the SSH user (ssh://user@host/...) or the credential must name one");
    Optional<Secret> password = server.credential().map(Credential::secret);
    v.check(password.isPresent(), "credential", "none", "must hold the password of the SSH login");
    String fingerprint = options.get(OPTION_HOST_FINGERPRINT);
    v.check(fingerprint != null && fingerprint.matches("SHA256:[A-Za-z0-9+/]{43}"), "options." + OPTION_HOST_FINGERPRINT,
        fingerprint == null ? "none" : Texts.quoted(fingerprint),
        "must be the host key's fingerprint, SHA256: and 43 base64 characters (ssh-keygen -lf prints it);"
            + " unknown host keys are always refused");
    String restart = options.getOrDefault(OPTION_RESTART, "none");
    String command = options.get(OPTION_RESTART_COMMAND);
    v.check(List.of("none", "systemd", "command").contains(restart), "options." + OPTION_RESTART,
        Texts.quoted(restart), "must be none, systemd (" + SYSTEMD_RESTART + ") or command (options."
            + OPTION_RESTART_COMMAND + ")");
    v.check(restart.equals("command") == (command != null), "options." + OPTION_RESTART_COMMAND,
        command == null ? "none" : Texts.quoted(command), "must be given exactly when options." + OPTION_RESTART
            + " is command");
    v.check(command == null || (!command.isBlank() && command.length() <= 1024), "options." + OPTION_RESTART_COMMAND,
        Texts.quoted(String.valueOf(command)), "must be a command line of 1 to 1024 characters");
    if (user == null || password.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> restartCommand = switch (restart) {
      case "systemd" -> Optional.of(SYSTEMD_RESTART);
      case "command" -> Optional.ofNullable(command);
      default -> Optional.empty();
    };
    return Optional.of(new Ssh(endpoint.getHost(), sshPort, user, password.get(), fingerprint, endpoint.getPath(),
        restartCommand, restartTimeout, timeout));
  }
}
