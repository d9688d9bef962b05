package dev.failover.isc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.Failover;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What the ISC integration tests over dhcpd.conf files share: the files of a pair, the inventory
 * entry of a server whose configuration is a file checked by the real {@code dhcpd}, the facade over
 * the pair, and {@code dhcpd -t} itself.
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

  /** Writes {@code text} to {@code dir/name/dhcpd.conf}, making the directory, and returns the file. */
  static Path conf(Path dir, String name, String text) throws IOException {
    Path p = dir.resolve(name).resolve("dhcpd.conf");
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  /** The facade over dhcp-a (192.0.2.1, file {@code a}) and dhcp-b (192.0.2.2, file {@code b}) with the ISC backend. */
  static Failover failover(Path a, Path b) {
    return Failover.builder().inventory(Inventory.of(server("dhcp-a", "192.0.2.1", a),
        server("dhcp-b", "192.0.2.2", b))).backends(new IscBackend()).build();
  }
}
