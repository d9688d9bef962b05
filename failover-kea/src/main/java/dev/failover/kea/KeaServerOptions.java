package dev.failover.kea;

import dev.failover.kea.client.KeaClient;
import dev.failover.kea.client.KeaTls;
import dev.failover.server.Server;
import dev.failover.spi.ServerOptionParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How the Kea backend reaches one server, from its inventory entry, in the SPI's one option
 * grammar ({@link ServerOptionParser}: unknown options refused). The options are named by
 * {@code KeaBackend.OPTION_*}; failover-kea/README.md describes each.
 *
 * @param connectTimeout time to open a connection
 * @param requestTimeout time for one request, answer included
 * @param tls the TLS of an {@code https} endpoint, when the server names a CA
 * @param hooksDirectory where hook libraries are looked for when the configuration names none
 * @param ownFiles the server's own relationship-level TLS paths: HA entry member → path
 */
record KeaServerOptions(Duration connectTimeout, Duration requestTimeout, Optional<KeaTls> tls, String hooksDirectory,
    Map<String, String> ownFiles) {

  static final String TLS_CA = "tls-ca";
  static final String TLS_CERT = "tls-cert";
  static final String TLS_PKCS8 = "tls-pkcs8";
  static final String CONNECT_TIMEOUT = "connect-timeout";
  static final String REQUEST_TIMEOUT = "request-timeout";
  static final String HOOKS_DIRECTORY = "hooks-directory";
  static final String HA_TRUST_ANCHOR = "ha-trust-anchor";
  static final String HA_CERT_FILE = "ha-cert-file";
  static final String HA_KEY_FILE = "ha-private-file";

  /** Where Debian's Kea 2.2 packages install the hook libraries. */
  static final String DEFAULT_HOOKS_DIRECTORY = "/usr/lib/x86_64-linux-gnu/kea/hooks";

  /** Server option → the HA entry member it stands for on this server. */
  private static final Map<String, String> OWN_FILE_OPTIONS = Map.of(HA_TRUST_ANCHOR, "trust-anchor",
      HA_CERT_FILE, "cert-file", HA_KEY_FILE, "key-file");

  static final List<String> OPTIONS = List.of(TLS_CA, TLS_CERT, TLS_PKCS8, CONNECT_TIMEOUT, REQUEST_TIMEOUT,
      HOOKS_DIRECTORY, HA_TRUST_ANCHOR, HA_CERT_FILE, HA_KEY_FILE);

  /** The server's options, every problem refused at once. */
  static KeaServerOptions of(Server server) {
    ServerOptionParser p = ServerOptionParser.of(server, "Kea", OPTIONS);
    p.check(p.has(TLS_CERT) == p.has(TLS_PKCS8), TLS_CERT, "must be given together with " + TLS_PKCS8);
    p.check(!p.has(TLS_CERT) || p.has(TLS_CA), TLS_CA, "must be given with a client certificate");
    Duration connect = p.duration(CONNECT_TIMEOUT, KeaClient.DEFAULT_CONNECT_TIMEOUT);
    Duration request = p.duration(REQUEST_TIMEOUT, KeaClient.DEFAULT_REQUEST_TIMEOUT);
    Optional<Path> ca = p.path(TLS_CA, "the PEM file of the certificate authorities");
    Optional<Path> cert = p.path(TLS_CERT, "the PEM file of the client certificate");
    Optional<Path> key = p.path(TLS_PKCS8, "the PEM file of the client certificate's key");
    Optional<Path> hooks = p.path(HOOKS_DIRECTORY, "the directory of Kea's hook libraries");
    p.check(hooks.map(h -> !h.toString().contains("\"")).orElse(true), HOOKS_DIRECTORY,
        "must not contain a quote");
    Map<String, String> own = new TreeMap<>();
    OWN_FILE_OPTIONS.forEach((option, member) -> p.path(option, "this server's own HA " + member)
        .ifPresent(path -> own.put(member, server.options().get(option))));
    p.done();
    Optional<KeaTls> tls = ca.map(c -> cert.isPresent()
        ? KeaTls.withClientCertificate(c, cert.get(), key.orElseThrow()) : KeaTls.trusting(c));
    return new KeaServerOptions(connect, request, tls, hooks.map(Path::toString).orElse(DEFAULT_HOOKS_DIRECTORY),
        Map.copyOf(own));
  }

  /** A client of the server's control channel, as its options say. */
  static KeaClient client(Server server) {
    KeaServerOptions options = of(server);
    KeaClient.Builder b = KeaClient.builder(server.endpoint()).name(server.id().value())
        .connectTimeout(options.connectTimeout()).requestTimeout(options.requestTimeout());
    server.credential().ifPresent(b::credential);
    options.tls().ifPresent(b::tls);
    return b.build();
  }

  /** How long an apply waits for another apply to the same server: four request time-outs. */
  Duration lockWait() {
    return requestTimeout.multipliedBy(4);
  }
}
