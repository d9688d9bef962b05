package dev.failover.migration;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.isc.conf.IncludeResolver;
import dev.failover.isc.conf.IscConfig;
import dev.failover.kea.it.RealKeaPair;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The ISC pair of {@code src/test/resources/pairs/dhcp} (the one the real-server tests run as real
 * dhcpd and migrate onto real Kea), in either mode, and the Kea partners of a running
 * {@link RealKeaPair}.
 */
final class RealPairs {

  /** The failover peer both files declare. */
  static final String PEER = "fo1";

  private RealPairs() {}

  /**
   * The text of one side's dhcpd.conf; on the primary, {@code split} replaces the file's split 128
   * (256: hot standby).
   */
  static String text(String side, int split) {
    String name = "/pairs/dhcp/" + side + ".conf";
    try (InputStream in = RealPairs.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no test resource " + name);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      if (side.equals("primary")) {
        if (!text.contains("  split 128;\n")) {
          throw new IllegalStateException(name + " must say split 128");
        }
        text = text.replace("  split 128;\n", "  split " + split + ";\n");
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static IscConfig conf(String side, int split) {
    return IscConfig.parse("dhcp/" + side + ".conf", text(side, split), IncludeResolver.none());
  }

  /**
   * Server {@code n} of a running pair as a Kea partner: named {@code server<n>}, its peer URL
   * (agent on 2.2, dedicated HA listener on 2.6 and 3.0), the pair's hook directory, and the
   * Dhcp4 entries the pair started it with (interfaces, control socket, lease file, loggers,
   * multi-threading) but hooks, subnets and lease time.
   */
  static KeaPartner partner(RealKeaPair pair, int n) {
    ObjectNode base = (ObjectNode) pair.dhcp4Config(n).path("Dhcp4").deepCopy();
    base.remove(List.of("hooks-libraries", "subnet4", "valid-lifetime"));
    return ImmutableKeaPartner.builder().name("server" + n).url(pair.peerUrl(n)).hooksDirectory(pair.hooksDirectory())
        .base(base.toString()).build();
  }

  /** The plan that moves the pair (with {@code split}) onto the running Kea pair: server1 replaces the ISC primary. */
  static MigrationPlan plan(RealKeaPair pair, int split) {
    return IscToKea.plan(conf("primary", split), conf("secondary", split), PEER, partner(pair, 1), partner(pair, 2));
  }

  /** The plan for the Kea pair made with the ISC pair's merged active leases (pools split around them in load balancing). */
  static MigrationPlan plan(RealKeaPair pair, int split, List<IscLease> activeLeases) {
    return IscToKea.plan(conf("primary", split), conf("secondary", split), PEER, partner(pair, 1), partner(pair, 2),
        activeLeases);
  }
}
