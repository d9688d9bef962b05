package dev.failover.migration;

import dev.failover.isc.conf.IscConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** The hand-written ISC pairs of the test resources, and Kea partners for them. */
final class Pairs {

  private Pairs() {}

  static IscConfig conf(String pair, String side) {
    String name = "/pairs/" + pair + "/" + side + ".conf";
    try (InputStream in = Pairs.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no test resource " + name);
      }
      return IscConfig.parse(pair + "/" + side + ".conf", new String(in.readAllBytes(), StandardCharsets.ISO_8859_1),
          dev.failover.isc.conf.IncludeResolver.none());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static KeaPartner partner(String name, int port) {
    return KeaPartner.of(name, URI.create("http://127.0.0.1:" + port + "/"));
  }

  static MigrationPlan plan(String pair, String peer) {
    return IscToKea.plan(conf(pair, "primary"), conf(pair, "secondary"), peer, partner("kea-a", 8001),
        partner("kea-b", 8002));
  }
}
