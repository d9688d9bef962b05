package dev.failover.isc;

import dev.failover.Violations;
import dev.failover.spi.Texts;
import dev.failover.isc.omapi.ImmutableOmapiEndpoint;
import dev.failover.isc.omapi.OmapiEndpoint;
import dev.failover.isc.omapi.OmapiKey;
import dev.failover.server.Server;
import dev.failover.server.Vendor;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the ISC backend reaches one server, from its inventory entry: the configuration file
 * (endpoint {@code file:///etc/dhcp/dhcpd.conf}), the dhcpd binary that checks a configuration
 * (option {@code dhcpd}), and OMAPI (options {@code omapi-host}, {@code omapi-port}, the
 * credential as the key).
 */
record IscServerSettings(Path configFile, Path dhcpd, OmapiEndpoint omapi) {

  static final String OPTION_DHCPD = "dhcpd";
  static final String OPTION_OMAPI_HOST = "omapi-host";
  static final String OPTION_OMAPI_PORT = "omapi-port";
  static final String DEFAULT_OMAPI_HOST = "127.0.0.1";
  static final List<String> OPTIONS = List.of(OPTION_DHCPD, OPTION_OMAPI_HOST, OPTION_OMAPI_PORT);

  static IscServerSettings of(Server server) {
    Violations v = Violations.collect();
    String subject = "ISC server " + server.id();
    v.check(server.vendor() == Vendor.ISC, "vendor", server.vendor(), "must be ISC for the ISC backend");
    URI endpoint = server.endpoint();
    boolean file = "file".equalsIgnoreCase(endpoint.getScheme()) && endpoint.getPath() != null
        && endpoint.getPath().startsWith("/") && (endpoint.getAuthority() == null || endpoint.getAuthority().isEmpty())
        && endpoint.getQuery() == null && endpoint.getFragment() == null;
    v.check(file, "endpoint", Texts.quoted(endpoint.toString()),
        "must be the dhcpd configuration file as a file URI, for example file:///etc/dhcp/dhcpd.conf");
    Map<String, String> options = server.options();
    Set<String> unknown = new TreeSet<>(options.keySet());
    OPTIONS.forEach(unknown::remove);
    for (String key : unknown) {
      v.check(false, "options." + key, Texts.quoted(options.get(key)), "is not an ISC backend option (known: "
          + String.join(", ", OPTIONS) + ")");
    }
    String dhcpd = options.getOrDefault(OPTION_DHCPD, "/usr/sbin/dhcpd");
    v.check(dhcpd.startsWith("/") && !dhcpd.contains("\0"), "options." + OPTION_DHCPD, Texts.quoted(dhcpd),
        "must be an absolute path to the dhcpd binary");
    String portText = options.getOrDefault(OPTION_OMAPI_PORT, String.valueOf(OmapiEndpoint.DEFAULT_PORT));
    int port = -1;
    if (portText.matches("[0-9]{1,5}")) {
      port = Integer.parseInt(portText);
    }
    v.check(port >= 1 && port <= 65535, "options." + OPTION_OMAPI_PORT, Texts.quoted(portText),
        "must be a TCP port from 1 to 65535");
    v.throwIfAny(subject);
    String host = options.getOrDefault(OPTION_OMAPI_HOST, DEFAULT_OMAPI_HOST);
    ImmutableOmapiEndpoint.Builder omapi = OmapiEndpoint.builder().host(host).port(port)
        .serverName(server.id().value());
    server.credential().ifPresent(c -> omapi.key(OmapiKey.hmacMd5(c.user(), c.secret())));
    return new IscServerSettings(Path.of(endpoint), Path.of(dhcpd), omapi.build());
  }
}
