package dev.failover.isc;

import static dev.failover.isc.IscFilePair.DHCPD;
import static dev.failover.isc.IscFilePair.dhcpdT;
import static dev.failover.isc.IscFilePair.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.failover.isc.conf.IscConfig;
import dev.failover.isc.conf.IscConfigException;
import dev.failover.plan.ServerState;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 11 item 10: what the real {@code dhcpd -t} accepts, the backend reads (the unusual item
 * is a located problem, the rest is read); what it refuses, the parser refuses at the line dhcpd
 * names. Each case asserts dhcpd's verdict and the SDK's together.
 */
@DisplayName("a file dhcpd accepts is readable; one it refuses is refused, located (real dhcpd -t)")
class IscReadableIT {

  static final String HEAD = "omapi-port 7911;\nauthoritative;\n";
  static final String PEER = "failover peer \"fo1\" {\n  primary;\n  address 192.0.2.1;\n  peer address 192.0.2.2;\n"
      + "  mclt 3600;\n  split 128;\n}\n";
  static final String POOL = "subnet 192.0.2.0 netmask 255.255.255.0 {\n  pool {\n    failover peer \"fo1\";\n"
      + "    range 192.0.2.10 192.0.2.20;\n  }\n}\n";
  /** The subnet every accepted case must still read. */
  static final String REST = "subnet 10.9.0.0 netmask 255.255.255.0 {\n  option routers 10.9.0.1;\n"
      + "  range 10.9.0.10 10.9.0.20;\n}\n";
  static final Subnet REST_NET = Subnet.parse("10.9.0.0/24");

  @TempDir
  Path dir;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("two hosts with the same fixed-address", HEAD + PEER + POOL + REST
            + "host a { hardware ethernet 00:11:22:33:44:55; fixed-address 192.0.2.5; }\n"
            + "host b { hardware ethernet 00:11:22:33:44:56; fixed-address 192.0.2.5; }\n", true, "a.conf:10:"),
        Arguments.of("a subnet declared twice", HEAD + PEER + POOL + REST
            + "subnet 192.0.2.0 netmask 255.255.255.0 {\n  option routers 192.0.2.1;\n}\n", true, "a.conf:20:"),
        Arguments.of("mclt above 2147483647 (dhcpd takes it)", HEAD + PEER.replace("mclt 3600", "mclt 2147483648")
            + POOL + REST, true, "a.conf:3"),
        Arguments.of("a port above 65535 (dhcpd takes it)", HEAD + PEER.replace("  primary;\n", "  primary;\n  port 70000;\n")
            + POOL + REST, true, "a.conf:5:"),
        Arguments.of("a max-response-delay of 11 digits (dhcpd takes it)", HEAD + PEER.replace("  mclt 3600;\n",
            "  mclt 3600;\n  max-response-delay 99999999999;\n") + POOL + REST, true, "a.conf:8:"),
        Arguments.of("port 0 (dhcpd takes it)", HEAD + PEER.replace("  primary;\n", "  primary;\n  port 0;\n")
            + POOL + REST, true, "a.conf:5:"),
        Arguments.of("a netmask that is not contiguous", HEAD + PEER + POOL + REST
            + "subnet 10.0.0.0 netmask 255.0.255.0 {\n}\n", true, "a.conf:20:"),
        Arguments.of("a /32 subnet", HEAD + PEER + POOL + REST + "subnet 10.8.8.8 netmask 255.255.255.255 {\n}\n",
            true, null),
        Arguments.of("a peer name with spaces at its edges", HEAD + (PEER + POOL).replace("\"fo1\"", "\" fo1 \"") + REST,
            true, "a.conf:3"),
        Arguments.of("an unknown word followed by a value at the outer scope", HEAD + PEER + POOL + REST
            + "frobnicate 1;\n", false, null),
        Arguments.of("an unknown word alone at the outer scope (dhcpd reads an expression)", HEAD + PEER + POOL + REST
            + "frobnicate;\n", true, null),
        Arguments.of("split above 256", HEAD + PEER.replace("split 128", "split 257") + POOL + REST, false, null),
        Arguments.of("a subnet number with host bits", HEAD + PEER + POOL + REST
            + "subnet 10.0.0.5 netmask 255.255.255.0 {\n}\n", false, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @DisplayName("dhcpd -t and the SDK agree")
  void agree(String what, String text, boolean dhcpdAccepts, String problemMentions) throws Exception {
    Path a = dir.resolve("a.conf");
    Path b = dir.resolve("b.conf");
    Files.writeString(a, text);
    Files.writeString(b, HEAD);
    Process p = new ProcessBuilder(DHCPD, "-t", "-cf", a.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("out.txt").toFile()).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(dir.resolve("out.txt"));
    assertThat(p.exitValue() == 0).as("dhcpd -t on %s:%n%s", what, output).isEqualTo(dhcpdAccepts);
    Inventory inventory = Inventory.of(server("dhcp-a", "192.0.2.1", a), server("dhcp-b", "192.0.2.2", b));
    Throwable read = catchThrowable(() -> new IscBackend().read(inventory.require("dhcp-a"), inventory));
    if (dhcpdAccepts) {
      assertThat(read).as("%s: dhcpd accepts it, so the SDK reads it", what).isNull();
      ServerState s = new IscBackend().read(inventory.require("dhcp-a"), inventory);
      assertThat(s.scope(REST_NET)).as("%s: the rest is read", what).map(Scope::pools).get().asList().hasSize(1);
      if (problemMentions == null) {
        assertThat(s.problems()).as(what).isEmpty();
      } else {
        assertThat(s.problems()).as("%s: a located problem on that item", what)
            .anySatisfy(m -> assertThat(m).contains(problemMentions).contains("a.conf"));
      }
    } else {
      assertThat(read).as("%s: dhcpd refuses it, so does the SDK", what).isInstanceOf(IscConfigException.class);
      Matcher m = Pattern.compile("a\\.conf line (\\d+):").matcher(output);
      assertThat(m.find()).as(output).isTrue();
      assertThat(((IscConfigException) read).line()).as("%s: the line dhcpd names", what)
          .isEqualTo(Integer.parseInt(m.group(1)));
      assertThat(catchThrowable(() -> IscConfig.read(a))).isInstanceOf(IscConfigException.class);
    }
  }
}
