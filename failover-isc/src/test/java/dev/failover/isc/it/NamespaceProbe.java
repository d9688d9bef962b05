package dev.failover.isc.it;

import dev.failover.serving.Client;
import dev.failover.testkit.probe.ProbeMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The testkit's DHCP probe ({@link ProbeMain}) run in a network namespace a test made, as a child
 * JVM under {@code ip netns exec} (the JVM cannot enter a namespace itself): real DHCPDISCOVERs on
 * the namespace's links, every DHCPOFFER that came back read from the probe's output.
 */
public final class NamespaceProbe {

  /**
   * One offer a client got.
   *
   * @param address the offered address
   * @param server the offering server's identifier (option 54), {@code -} without one
   */
  public record Offered(String address, String server) {}

  private NamespaceProbe() {}

  /**
   * Runs the probe once in {@code namespace}.
   *
   * @param namespace the network namespace
   * @param options ProbeMain's options ({@code --relay}, {@code --server}, {@code --answer-ms}, ...)
   * @param clients the clients, asked in this order
   * @param timeout the bound on the whole child JVM
   * @return every client's hardware address to the offers it got (empty when none), in the clients' order
   * @throws AssertionError when the probe fails, outlives {@code timeout}, or leaves a client unreported
   */
  static Map<String, List<Offered>> discover(String namespace, List<String> options, List<Client> clients,
      Duration timeout) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace,
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
        ProbeMain.class.getName()));
    command.addAll(options);
    for (Client c : clients) {
      command.add(c.hardwareAddressText() + c.clientIdentifierText().map(id -> "/" + id).orElse(""));
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out;
    try (var in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the probe in " + namespace + " did not finish within " + timeout);
    }
    if (p.exitValue() != 0) {
      throw new AssertionError("the probe in " + namespace + " exited with " + p.exitValue() + ":\n" + out);
    }
    Map<String, List<Offered>> offers = new LinkedHashMap<>();
    for (String line : out.lines().toList()) {
      String[] f = line.split(" ");
      if (f.length >= 2 && f[1].equals("none")) {
        offers.computeIfAbsent(f[0], k -> new ArrayList<>());
      } else if (f.length >= 5 && f[1].equals("offered")) {
        offers.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new Offered(f[2], f[4]));
      }
    }
    if (offers.size() != clients.size()) {
      throw new AssertionError("the probe in " + namespace + " answered for " + offers.size() + " of "
          + clients.size() + " clients:\n" + out);
    }
    return offers;
  }
}
