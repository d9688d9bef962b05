package dev.failover.isc.conf;

import dev.failover.scope.AddressRange;
import dev.failover.scope.Exclusion;
import dev.failover.scope.ImmutablePool;
import dev.failover.scope.ImmutableScope;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Seeded generators of dhcpd.conf text (valid by dhcpd's rules, with random trivia between every
 * token) and of scope models in the canonical form the ISC view reads back.
 */
final class ConfigGenerator {

  private static final String[] SEPARATORS = {" ", "  ", "\t", "\n", " \n\t", " # note ; { } \" \n", "\r\n ", "\n\n  "};
  private static final String[] HOSTILE = {"plain", "quo\"te", "back\\slash", "semi;colon", "brace}", "brace{", "hash #",
      "é ü 日本", "x\"; } host evil { #", "new\\nline"};

  private final Random random;
  private int subnets;
  private int hosts;

  ConfigGenerator(long seed) {
    this.random = new Random(seed);
  }

  private String pick(String... options) {
    return options[random.nextInt(options.length)];
  }

  private String sep() {
    return random.nextInt(3) == 0 ? pick(SEPARATORS) : " ";
  }

  /** Tokens joined by random trivia, ended by ';' or opening a block. */
  private String statement(String indent, String... tokens) {
    StringBuilder out = new StringBuilder(indent);
    for (int i = 0; i < tokens.length; i++) {
      if (i > 0) {
        out.append(sep());
      }
      out.append(tokens[i]);
    }
    return out.append(random.nextBoolean() ? "" : " ").append(";").append(lineEnd()).toString();
  }

  private String lineEnd() {
    switch (random.nextInt(6)) {
      case 0:
        return "   # trailing comment\n";
      case 1:
        return "\r\n";
      case 2:
        return " ";
      default:
        return "\n";
    }
  }

  private String block(String indent, String head, List<String> body) {
    StringBuilder out = new StringBuilder(indent).append(head).append(sep()).append("{").append(lineEnd());
    for (String b : body) {
      out.append(b);
    }
    if (random.nextInt(4) == 0) {
      out.append(indent).append("  # closing comment\n");
    }
    return out.append(indent).append("}").append(lineEnd()).toString();
  }

  /** A whole configuration text that dhcpd's rules accept. */
  String config() {
    StringBuilder out = new StringBuilder();
    if (random.nextBoolean()) {
      out.append("# generated configuration\n\n");
    }
    String peer = pick(HOSTILE);
    out.append(peerBlock(peer, ""));
    int n = 1 + random.nextInt(5);
    for (int i = 0; i < n; i++) {
      out.append(topLevel(peer));
    }
    if (random.nextBoolean()) {
      out.append(pick("", "\n", "# end\n", "\n\n# end without newline"));
    }
    return out.toString();
  }

  private String peerBlock(String name, String indent) {
    List<String> body = new ArrayList<>();
    String in = indent + "  ";
    body.add(statement(in, "primary"));
    body.add(statement(in, "address", "192.0.2.1"));
    body.add(statement(in, "peer", "address", "192.0.2.2"));
    if (random.nextBoolean()) {
      body.add(statement(in, "port", String.valueOf(1 + random.nextInt(65535))));
    }
    body.add(statement(in, "mclt", String.valueOf(random.nextInt(7200))));
    body.add(statement(in, "split", String.valueOf(random.nextInt(257))));
    if (random.nextBoolean()) {
      body.add(statement(in, "load", "balance", "max", "seconds", "3"));
    }
    if (random.nextBoolean()) {
      body.add(statement(in, "max-lease-misbalance", String.valueOf(random.nextInt(101))));
    }
    return block(indent, "failover peer " + Syntax.quote(name), body);
  }

  private String topLevel(String peer) {
    switch (random.nextInt(9)) {
      case 0:
        return statement("", "option", "domain-name", Syntax.quote(pick(HOSTILE)));
      case 1:
        return statement("", "option", "domain-name-servers", "10.0.0.1", ",", "10.0.0.2");
      case 2:
        return statement("", "option", "site-record", "code", "230", "=", "{", "ip-address", ",", "text", "}");
      case 3:
        return block("", "class " + Syntax.quote(pick(HOSTILE)), List.of(statement("  ", "match", "if", "substring",
            "(", "option", "vendor-class-identifier", ",", "0", ",", "4", ")", "=", Syntax.quote("MSFT"))));
      case 4:
        return block("", "if exists user-class and option user-class = " + Syntax.quote(pick(HOSTILE)),
            List.of(statement("  ", "filename", Syntax.quote("a")))) + block("", "else",
            List.of(statement("  ", "filename", Syntax.quote("b"))));
      case 5:
        return block("", "group", List.of(host("  ")));
      case 6:
        return host("");
      default:
        return subnet(peer);
    }
  }

  private String host(String indent) {
    int h = hosts++;
    return block(indent, "host h" + h + pick("", ".lab", "_x"), List.of(
        statement(indent + "  ", "hardware", "ethernet", String.format("00:11:22:33:%02x:%02x", h / 256, h % 256)),
        statement(indent + "  ", "fixed-address", "10." + (h % 200) + ".0." + (1 + h % 250))));
  }

  private String subnet(String peer) {
    int s = subnets++;
    String net = "10." + (s % 250) + "." + (s / 250) + ".0";
    List<String> body = new ArrayList<>();
    body.add(statement("  ", "option", "routers", "10." + (s % 250) + "." + (s / 250) + ".1"));
    List<String> pool = new ArrayList<>();
    if (random.nextBoolean()) {
      pool.add(statement("    ", "failover", "peer", Syntax.quote(peer)));
    }
    pool.add(statement("    ", "range", "10." + (s % 250) + "." + (s / 250) + ".10", "10." + (s % 250) + "." + (s / 250) + ".20"));
    body.add(block("  ", "pool", pool));
    if (random.nextBoolean()) {
      body.add(host("  "));
    }
    return block("", "subnet " + net + " netmask 255.255.255.0", body);
  }

  /** A failover peer declaration that dhcpd accepts, with a hostile name. */
  IscPeerStatement peer(boolean primary) {
    var b = IscPeerStatement.builder().name(pick(HOSTILE) + random.nextInt(100))
        .role(primary ? IscPeerRole.PRIMARY : IscPeerRole.SECONDARY).address("192.0.2." + (1 + random.nextInt(200)))
        .peerAddress(pick("192.0.2.250", "dhcp-b.example.net"));
    if (random.nextBoolean()) {
      b.port(1 + random.nextInt(65535)).peerPort(1 + random.nextInt(65535));
    }
    if (random.nextBoolean()) {
      b.maxResponseDelay(random.nextInt(100)).maxUnackedUpdates(random.nextInt(100));
    }
    if (primary) {
      b.mclt(random.nextInt(7200));
      if (random.nextBoolean()) {
        b.split(random.nextInt(257));
      } else {
        StringBuilder hba = new StringBuilder();
        for (int i = 0; i < 32; i++) {
          hba.append(i == 0 ? "" : ":").append(String.format("%02x", random.nextInt(256)));
        }
        b.hba(hba.toString());
      }
    }
    if (random.nextBoolean()) {
      b.loadBalanceMaxSeconds(random.nextInt(10)).autoPartnerDown(random.nextInt(100))
          .maxLeaseMisbalance(random.nextInt(101)).maxLeaseOwnership(random.nextInt(101)).minBalance(random.nextInt(100))
          .maxBalance(random.nextInt(10000));
    }
    return b.build();
  }

  /** A scope in the canonical form the ISC view reads back, its pools referring to {@code peer} or to none. */
  Scope scope(String peer) {
    int third = random.nextInt(250);
    Subnet subnet = Subnet.parse("10.77." + third + ".0/24");
    String base = "10.77." + third + ".";
    ImmutableScope.Builder b = Scope.builder().subnet(subnet);
    if (random.nextBoolean()) {
      b.properties(ScopeProperties.builder().leaseTime(Duration.ofSeconds(1 + random.nextInt(86400))).build());
    }
    b.addOption(OptionValue.builder().code(3).name("routers").value(base + "1").build());
    if (random.nextBoolean()) {
      b.addOption(OptionValue.builder().code(15).name("domain-name").value(pick(HOSTILE)).build());
    }
    if (random.nextBoolean()) {
      b.addOption(OptionValue.builder().code(119).name("domain-search")
          .value(Syntax.quote("a.example") + ", " + Syntax.quote(pick(HOSTILE))).build());
    }
    if (random.nextBoolean()) {
      b.addOption(OptionValue.builder().code(6).name("domain-name-servers").value(base + "53, " + base + "54").build());
    }
    int start = 10;
    int pools = random.nextInt(4);
    for (int p = 0; p < pools; p++) {
      int lo = start + random.nextInt(5);
      int hi = lo + 2 + random.nextInt(30);
      var pool = ImmutablePool.builder().range(AddressRange.of(base + lo, base + hi));
      if (peer != null && random.nextBoolean()) {
        pool.failoverPeer(peer);
      }
      b.addPool(pool.build());
      int at = lo + 1;
      while (at + 1 < hi && random.nextInt(3) == 0) {
        int len = random.nextInt(Math.min(3, hi - at - 1));
        b.addExclusion(Exclusion.of(AddressRange.of(base + at, base + (at + len))));
        at += len + 2;
      }
      start = hi + 1;
    }
    Set<Integer> used = new HashSet<>();
    int reservations = random.nextInt(4);
    for (int r = 0; r < reservations; r++) {
      int host = 200 + random.nextInt(50);
      if (!used.add(host)) {
        continue;
      }
      var res = Reservation.builder().identifier(String.format("02:00:00:%02x:%02x:%02x", third, host, r))
          .address(Ipv4Address.parse(base + host)).name("host-" + third + "-" + host);
      if (random.nextBoolean()) {
        res.identifierType(Reservation.IdentifierType.CLIENT_ID);
      }
      if (random.nextBoolean()) {
        res.hostname("client" + host);
      }
      if (random.nextBoolean()) {
        res.addOption(OptionValue.builder().code(67).name("bootfile-name").value(pick(HOSTILE)).build());
      }
      b.addReservation(res.build());
    }
    return b.build();
  }

  /** Corrupts a text the way storage and hand edits do: truncation, a flipped byte, a stray brace or quote. */
  String corrupt(String text) {
    if (text.isEmpty()) {
      return "{";
    }
    int at = random.nextInt(text.length());
    switch (random.nextInt(5)) {
      case 0:
        return text.substring(0, at);
      case 1:
        return text.substring(0, at) + (char) random.nextInt(256) + text.substring(at + 1);
      case 2:
        return text.substring(0, at) + pick("{", "}", "\"", ";", "\\", "#", "\n}") + text.substring(at);
      case 3:
        return text.substring(0, at) + text.substring(Math.min(text.length(), at + 1 + random.nextInt(20)));
      default:
        StringBuilder out = new StringBuilder(text);
        for (int i = 0; i < 3; i++) {
          int k = random.nextInt(out.length());
          out.setCharAt(k, (char) (out.charAt(k) ^ (1 << random.nextInt(8))));
        }
        return out.toString();
    }
  }
}
