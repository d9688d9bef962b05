package dev.failover.isc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What the ISC integration tests over dhcpd.conf files share: the inventory entry of a server
 * whose configuration is a file checked by the real {@code dhcpd}, and {@code dhcpd -t} itself.
 */
final class IscFilePair {

  /** The real dhcpd (scripts/ensure-dhcp-servers.sh installs it). */
  static final String DHCPD = "/usr/sbin/dhcpd";

  private IscFilePair() {}

  /** An ISC server of the inventory whose dhcpd.conf is {@code conf}, checked by the real dhcpd. */
  static Server server(String id, String address, Path conf) {
    return Server.builder().id(ServerId.of(id)).vendor(Vendor.ISC).address(address).endpoint(conf.toUri())
        .putOption("dhcpd", DHCPD).build();
  }

  /** The exit code of {@code dhcpd -t -cf conf} (its output beside the file, in dhcpd-t.txt). */
  static int dhcpdT(Path conf) throws Exception {
    Process p = new ProcessBuilder(DHCPD, "-t", "-cf", conf.toString()).redirectErrorStream(true)
        .redirectOutput(conf.resolveSibling("dhcpd-t.txt").toFile()).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }
}
