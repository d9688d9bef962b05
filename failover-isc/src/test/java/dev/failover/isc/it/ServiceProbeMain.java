package dev.failover.isc.it;

import dev.failover.serving.Client;
import dev.failover.testkit.probe.DhcpClient;
import dev.failover.testkit.probe.DhcpProbe;
import dev.failover.testkit.probe.Offer;
import dev.failover.testkit.probe.ProbeResult;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The testkit's probe as a program for the service contract on the real dhcpd pair, run in a
 * namespace by {@link RealDhcpdServiceFixture}: {@code RELAY SERVER:PORT SUBNET ANSWER-MS} then
 * the clients, each {@code MAC[/CLIENT-ID][@VENDOR-CLASS]}. Prints one line per offer,
 * {@code INDEX offered ADDRESS from SERVER}, or {@code INDEX none}.
 */
final class ServiceProbeMain {

  private ServiceProbeMain() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    String[] server = args[1].split(":");
    List<DhcpClient> clients = new ArrayList<>();
    for (int i = 4; i < args.length; i++) {
      String[] withClass = args[i].split("@", 2);
      String[] ids = withClass[0].split("/", 2);
      DhcpClient c = DhcpClient.of(Client.of(ids[0], ids.length > 1 ? ids[1] : null));
      clients.add(withClass.length > 1 ? c.withVendorClass(withClass[1]) : c);
    }
    try (DhcpProbe probe = DhcpProbe.builder().relayAgent(args[0])
        .server(new InetSocketAddress(server[0], Integer.parseInt(server[1]))).subnetSelection(args[2])
        .answerWait(Duration.ofMillis(Long.parseLong(args[3]))).lateWait(Duration.ofMillis(100)).build()) {
      List<ProbeResult> results = probe.discoverAll(clients);
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i).offers().isEmpty()) {
          out.println(i + " none");
        }
        for (Offer o : results.get(i).offers()) {
          out.println(i + " offered " + o.offeredAddress() + " from " + o.from().getAddress().getHostAddress());
        }
      }
    }
  }
}
