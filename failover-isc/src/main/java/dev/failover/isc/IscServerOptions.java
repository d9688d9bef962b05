package dev.failover.isc;

import dev.failover.Violations;
import dev.failover.internal.Texts;
import dev.failover.isc.omapi.ImmutableOmapiEndpoint;
import dev.failover.isc.omapi.OmapiEndpoint;
import dev.failover.isc.omapi.OmapiKey;
import dev.failover.server.Server;
import dev.failover.server.Vendor;
import dev.failover.spi.ServerOptionParser;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * How the ISC backend reaches one server, from its inventory entry: the configuration file
 * (endpoint {@code file:///etc/dhcp/dhcpd.conf}), the dhcpd binary that checks a configuration
 * (option {@code dhcpd}), and OMAPI (options {@code omapi-host}, {@code omapi-port}, the
 * credential as the key), in the SPI's one option grammar ({@link ServerOptionParser}).
 */
record IscServerOptions(Path configFile, Path dhcpd, OmapiEndpoint omapi) {

  static final String OPTION_DHCPD = "dhcpd";
  static final String OPTION_OMAPI_HOST = "omapi-host";
  static final String OPTION_OMAPI_PORT = "omapi-port";
  static final String DEFAULT_OMAPI_HOST = "127.0.0.1";
  static final Path DEFAULT_DHCPD = Path.of("/usr/sbin/dhcpd");
  static final List<String> OPTIONS = List.of(OPTION_DHCPD, OPTION_OMAPI_HOST, OPTION_OMAPI_PORT);

  static IscServerOptions of(Server server) {
    Violations v = Violations.collect();
    String subject = "ISC server " + server.id();
    v.check(server.vendor() == Vendor.ISC, "vendor", server.vendor(), "must be ISC for the ISC backend");
    URI endpoint = server.endpoint();
    boolean file = "file".equalsIgnoreCase(endpoint.getScheme()) && endpoint.getPath() != null
        && endpoint.getPath().startsWith("/") && (endpoint.getAuthority() == null || endpoint.getAuthority().isEmpty())
        && endpoint.getQuery() == null && endpoint.getFragment() == null;
    v.check(file, "endpoint", Texts.quoted(endpoint.toString()),
        "must be the dhcpd configuration file as a file URI, for example file:///etc/dhcp/dhcpd.conf");
    ServerOptionParser options = ServerOptionParser.of(server, "ISC", OPTIONS);
    Path dhcpd = options.path(OPTION_DHCPD, "the dhcpd binary").orElse(DEFAULT_DHCPD);
    int port = options.port(OPTION_OMAPI_PORT, OmapiEndpoint.DEFAULT_PORT);
    v.addAll("", options.violations());
    v.throwIfAny(subject);
    String host = options.text(OPTION_OMAPI_HOST).orElse(DEFAULT_OMAPI_HOST);
    ImmutableOmapiEndpoint.Builder omapi = OmapiEndpoint.builder().host(host).port(port)
        .serverName(server.id().value());
    server.credential().ifPresent(c -> omapi.key(OmapiKey.hmacMd5(c.user(), c.secret())));
    return new IscServerOptions(Path.of(endpoint), dhcpd, omapi.build());
  }
}
