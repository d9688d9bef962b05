package dev.failover.benchmarks;

import dev.failover.isc.conf.IscConfig;
import dev.failover.scope.Scope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The lossless dhcpd.conf parser and writer at the reference sizes of real-servers.md: 200
 * subnets with failover pools and 5,000 hosts (about 0.43 MB), and 2,000 subnets with 50,000
 * hosts (about 4.4 MB). Measures parsing (lexing, the tree, dhcpd's parse rules and the index),
 * rendering the file back, mapping every subnet to the API's scopes, and rewiring every pool from
 * one failover peer to another. Yardstick: {@code dhcpd -t} on the same files takes 0.02 s and
 * 0.38 s on this machine kind. Run {@code main} to write the generated file for {@code dhcpd -t}.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class IscParseBenchmark {

  /** Subnets in the configuration; hosts are 25 per subnet (200 → 5,000, 2,000 → 50,000). */
  @Param({"200", "2000"})
  public int subnets;

  private String text;
  private IscConfig parsed;

  @Setup
  public void generate() {
    text = configuration(subnets, subnets * 25);
    parsed = IscConfig.parse(text);
  }

  @Benchmark
  public IscConfig parse() {
    return IscConfig.parse(text);
  }

  @Benchmark
  public String render() {
    return parsed.render();
  }

  @Benchmark
  public String parseAndRender() {
    return IscConfig.parse(text).render();
  }

  @Benchmark
  public List<Scope> scopes() {
    return parsed.scopes();
  }

  @Benchmark
  public String rewirePeer() {
    return parsed.withPoolsRewired("fo1", "fo2").render();
  }

  /**
   * A primary's configuration in the shape real-servers.md measured: two failover peers, every
   * subnet with options and a pool referring to the first peer (one extra subnet refers to the
   * second, so dhcpd's sanity check passes), hosts with hardware address and fixed address.
   */
  public static String configuration(int subnets, int hosts) {
    StringBuilder out = new StringBuilder(hosts * 100 + subnets * 300);
    out.append("# generated: ").append(subnets).append(" subnets, ").append(hosts).append(" hosts\n")
        .append("authoritative;\nddns-update-style none;\ndefault-lease-time 3600;\nmax-lease-time 7200;\n\n");
    for (String peer : new String[] {"fo1", "fo2"}) {
      out.append("failover peer \"").append(peer).append("\" {\n  primary;\n  address 192.0.2.1;\n  port ")
          .append(peer.equals("fo1") ? 647 : 847).append(";\n  peer address 192.0.2.2;\n  peer port ")
          .append(peer.equals("fo1") ? 647 : 847).append(";\n  max-response-delay 30;\n  max-unacked-updates 10;\n")
          .append("  mclt 3600;\n  split 128;\n  load balance max seconds 3;\n}\n\n");
    }
    int perSubnet = (hosts + subnets - 1) / subnets;
    int host = 0;
    for (int s = 0; s < subnets; s++) {
      String net = "10." + (s / 250) + "." + (s % 250);
      out.append("subnet ").append(net).append(".0 netmask 255.255.255.0 {\n")
          .append("  option routers ").append(net).append(".1;\n")
          .append("  option domain-name-servers 10.255.0.53, 10.255.0.54;\n")
          .append("  option domain-name \"site").append(s).append(".example.net\";\n")
          .append("  pool {\n    failover peer \"fo1\";\n    range ").append(net).append(".100 ").append(net)
          .append(".250;\n  }\n}\n");
      for (int h = 0; h < perSubnet && host < hosts; h++, host++) {
        out.append("host client-").append(host).append(" {\n  hardware ethernet ")
            .append(String.format("02:00:%02x:%02x:%02x:%02x", (host >> 24) & 0xff, (host >> 16) & 0xff,
                (host >> 8) & 0xff, host & 0xff))
            .append(";\n  fixed-address ").append(net).append('.').append(10 + h).append(";\n}\n");
      }
    }
    out.append("subnet 10.254.0.0 netmask 255.255.255.0 {\n  pool {\n    failover peer \"fo2\";\n")
        .append("    range 10.254.0.100 10.254.0.200;\n  }\n}\n");
    return out.toString();
  }

  /**
   * Writes the generated configuration for {@code dhcpd -t}, and prints its size and the heap
   * that the parsed model keeps: {@code main <file> <subnets>}.
   */
  public static void main(String[] args) throws IOException {
    int n = Integer.parseInt(args[1]);
    String generated = configuration(n, n * 25);
    Files.write(Path.of(args[0]), IscConfig.encode(generated));
    Runtime rt = Runtime.getRuntime();
    long before = usedAfterGc(rt);
    IscConfig model = IscConfig.parse(generated);
    long after = usedAfterGc(rt);
    System.out.printf("%s: %d bytes, %d subnets, %d hosts; parsed model retains %.1f MB of heap%n", args[0],
        generated.length(), n, n * 25, (after - before) / 1e6);
    if (model.render().length() != generated.length()) {
      throw new IllegalStateException("round trip changed the text");
    }
  }

  private static long usedAfterGc(Runtime rt) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
