package dev.failover.testkit.probe;

import dev.failover.serving.Client;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The probe as a program, for a test to run inside a network namespace it made (where the JVM
 * cannot go itself): {@code ip netns exec NS java -cp CLASSPATH dev.failover.testkit.probe.ProbeMain
 * --relay 192.0.2.2 --server 192.0.2.1:67 02:00:5e:00:00:01 02:00:5e:00:00:02}.
 *
 * <p>Options: {@code --relay ADDRESS} (or {@code --direct}), {@code --server ADDRESS:PORT}
 * (repeatable), {@code --subnet-selection ADDRESS}, {@code --answer-ms N}, {@code --late-ms N},
 * {@code --window N} (ask N clients at a time, {@link DhcpProbe#discoverConcurrently}; one at a
 * time without it); then the clients, each a hardware address, optionally followed by {@code /} and a client
 * identifier. Prints one line per offer: {@code HARDWARE-ADDRESS offered ADDRESS server
 * IDENTIFIER from ADDRESS:PORT} ({@code server -} without option 54), or
 * {@code HARDWARE-ADDRESS none} when no server answered; exit 0, or 2 with the reason on
 * standard error for wrong arguments.
 */
public final class ProbeMain {

  private ProbeMain() {}

  /**
   * Runs the probe once; exits 0, or 2 with the reason on standard error for wrong arguments.
   *
   * @param args the options, then the clients, as the class describes
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try {
      run(args, out);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    }
  }

  static void run(String[] args, PrintStream out) {
    DhcpProbe.Builder b = DhcpProbe.builder();
    List<DhcpClient> clients = new ArrayList<>();
    int window = -1;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--relay" -> b.relayAgent(value(args, ++i, a));
        case "--direct" -> b.direct();
        case "--server" -> {
          String v = value(args, ++i, a);
          int colon = v.lastIndexOf(':');
          if (colon < 0) {
            throw new IllegalArgumentException("--server must be ADDRESS:PORT, was " + v);
          }
          b.server(new InetSocketAddress(v.substring(0, colon), Integer.parseInt(v.substring(colon + 1))));
        }
        case "--subnet-selection" -> b.subnetSelection(value(args, ++i, a));
        case "--answer-ms" -> b.answerWait(Duration.ofMillis(Long.parseLong(value(args, ++i, a))));
        case "--late-ms" -> b.lateWait(Duration.ofMillis(Long.parseLong(value(args, ++i, a))));
        case "--window" -> window = Integer.parseInt(value(args, ++i, a));
        default -> {
          String[] parts = a.split("/", 2);
          clients.add(DhcpClient.of(Client.of(parts[0], parts.length > 1 ? parts[1] : null)));
        }
      }
    }
    try (DhcpProbe probe = b.build()) {
      List<ProbeResult> results = window < 0 ? probe.discoverAll(clients)
          : probe.discoverConcurrently(clients, window);
      for (ProbeResult r : results) {
        String mac = r.client().identity().hardwareAddressText();
        if (r.offers().isEmpty()) {
          out.println(mac + " none");
        }
        for (Offer o : r.offers()) {
          out.println(mac + " offered " + o.offeredAddress() + " server "
              + o.serverIdentifier().map(Object::toString).orElse("-") + " from "
              + o.from().getAddress().getHostAddress() + ":" + o.from().getPort());
        }
      }
    }
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
