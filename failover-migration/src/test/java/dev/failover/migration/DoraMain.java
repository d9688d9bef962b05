package dev.failover.migration;

import dev.failover.serving.Client;
import dev.failover.testkit.probe.DhcpClient;
import dev.failover.testkit.probe.DhcpMessage;
import dev.failover.testkit.probe.DhcpMessageType;
import dev.failover.testkit.probe.DhcpProbe;
import dev.failover.testkit.probe.Offer;
import dev.failover.testkit.probe.ProbeResult;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The testkit's probe as a program that takes leases, for {@link CutoverDhcpIT} to run in a real
 * dhcpd pair's namespace (a JVM cannot enter one itself): {@code RELAY SERVER:PORT ANSWER-MS}, then
 * one or more groups {@code --subnet SUBNET} followed by its clients, each
 * {@code MAC[/CLIENT-ID][@VENDOR-CLASS]}. Each client sends a relayed DHCPDISCOVER (option 118
 * naming its group's subnet; eight clients at a time) and, for the first offer it got, the
 * DHCPREQUEST of it. Prints one line per client, numbered across the groups: {@code INDEX acked
 * ADDRESS}, {@code INDEX nak ADDRESS} (or {@code noanswer}, the request's answer), or
 * {@code INDEX none} when no offer came.
 */
final class DoraMain {

  private DoraMain() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    String[] server = args[1].split(":");
    int index = 0;
    for (int i = 3; i < args.length; ) {
      if (!args[i].equals("--subnet") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --subnet SUBNET, was " + args[i]);
      }
      String subnet = args[i + 1];
      List<DhcpClient> clients = new ArrayList<>();
      for (i += 2; i < args.length && !args[i].equals("--subnet"); i++) {
        clients.add(client(args[i]));
      }
      try (DhcpProbe probe = DhcpProbe.builder().relayAgent(args[0])
          .server(new InetSocketAddress(server[0], Integer.parseInt(server[1]))).subnetSelection(subnet)
          .answerWait(Duration.ofMillis(Long.parseLong(args[2]))).lateWait(Duration.ofMillis(100)).build()) {
        for (ProbeResult r : probe.discoverConcurrently(clients, 8)) {
          if (r.offers().isEmpty()) {
            out.println(index++ + " none");
            continue;
          }
          Offer offer = r.offers().get(0);
          Optional<DhcpMessage> answer = probe.request(r, offer);
          boolean ack = answer.flatMap(DhcpMessage::type).filter(t -> t == DhcpMessageType.ACK).isPresent();
          out.println(index++ + (answer.isEmpty() ? " noanswer " : ack ? " acked " : " nak ")
              + (ack ? answer.get().yiaddr() : offer.offeredAddress()));
        }
      }
    }
  }

  /** A client from {@code MAC[/CLIENT-ID][@VENDOR-CLASS]}. */
  static DhcpClient client(String spec) {
    String[] withClass = spec.split("@", 2);
    String[] ids = withClass[0].split("/", 2);
    DhcpClient c = DhcpClient.of(Client.of(ids[0], ids.length > 1 ? ids[1] : null));
    return withClass.length > 1 ? c.withVendorClass(withClass[1]) : c;
  }
}
