package dev.failover.isc.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.ValidationException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("parsing dhcpd.conf")
class IscConfigParseTest {

  private static final String PEER = "failover peer \"fo1\" { primary; address 192.0.2.1; peer address 192.0.2.2;"
      + " mclt 3600; split 128; }\n";

  static IscConfigException error(String text) {
    try {
      IscConfig.parse(text);
    } catch (IscConfigException e) {
      return e;
    }
    throw new AssertionError("parsed without error: " + text);
  }

  @Nested
  @DisplayName("the tree")
  class Tree {

    @Test
    @DisplayName("a statement keeps its tokens; trivia before it and its line's comment belong to it")
    void statement() {
      IscConfig c = IscConfig.parse("# global\n  option routers  10.0.0.1 ;   # the router\nauthoritative;");
      IscStatement st = (IscStatement) c.main().nodes().get(0);
      assertThat(st.tokens()).containsExactly("option", "routers", "10.0.0.1");
      assertThat(st.leadingTrivia()).isEqualTo("# global\n  ");
      assertThat(st.trailingTrivia()).isEqualTo("   # the router\n");
      assertThat(st.line()).isEqualTo(2);
      assertThat(st.column()).isEqualTo(3);
      assertThat(c.main().nodes().get(1).keyword()).isEqualTo("authoritative");
    }

    @Test
    @DisplayName("blocks nest and keep the trivia before their closing brace")
    void blocks() {
      String text = "subnet 10.0.0.0 netmask 255.255.255.0 {\n  pool {\n    range 10.0.0.5 10.0.0.9;\n    # end\n  }\n}\n";
      IscConfig c = IscConfig.parse(text);
      IscBlock subnet = (IscBlock) c.main().nodes().get(0);
      assertThat(subnet.tokens()).containsExactly("subnet", "10.0.0.0", "netmask", "255.255.255.0");
      IscBlock pool = (IscBlock) subnet.children().get(0);
      assertThat(pool.closingTrivia()).isEqualTo("    # end\n  ");
      assertThat(pool.children().get(0).tokens()).containsExactly("range", "10.0.0.5", "10.0.0.9");
      assertThat(c.render()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n\n", "# only a comment", "authoritative;", "authoritative;\r\nlog-facility local7;\r\n",
        "\tauthoritative;   ", "option domain-name \"a \\\"quoted\\\" \\\\ name # not a comment\";",
        "option x code 230 = { ip-address, text, unsigned integer 8 };\noption x 1.2.3.4, \"t\", 5;",
        "option y code 231 = array of { ip-address, text };",
        "class \"c\" { match if substring (option vendor-class-identifier, 0, 4) = \"MSFT\" and not exists host-name; }",
        "class \"p\" { match pick-first-value (option dhcp-client-identifier, hardware); }\nsubclass \"p\" 1:2:3;\n"
            + "subclass \"p\" \"abc\" { option host-name \"x\"; }",
        "if exists user-class and option user-class = \"iPXE\" { filename \"a\"; } elsif option vendor-class-identifier"
            + " ~~ \"^PXE\" { filename \"b\"; } else if known { filename \"c\"; } else { filename \"d\"; }",
        "if option vendor-class-identifier != \"x\" { } ",
        "on commit { set clip = binary-to-ascii(10, 8, \".\", leased-address); }",
        "key k1 { algorithm hmac-md5; secret \"c2VjcmV0\"; }\nomapi-key k1;",
        "group { host h1 { hardware ethernet 0:1:2:3:4:5; fixed-address 192.0.2.9; } }",
        "subnet 10.0.0.0 netmask 255.0.0.0 { range dynamic-bootp 10.0.0.1 10.0.0.9; range 10.0.1.1; }",
        "option space pxelinux;\noption pxelinux.magic code 208 = string;\noption pxelinux.magic f1:00:74:7e;",
        "option tab-and-octal \"\\t\\101\\x41é\";"})
    @DisplayName("every construct round-trips byte for byte")
    void roundTrip(String text) {
      assertThat(IscConfig.parse(text).render()).isEqualTo(text);
    }

    @Test
    @DisplayName("bytes that are not UTF-8 survive: text is one ISO-8859-1 char per byte")
    void bytes() {
      byte[] raw = {'#', ' ', (byte) 0xff, (byte) 0xc3, '\n', 'o', 'p', 't', 'i', 'o', 'n', ' ', 'h', 'o', 's', 't', '-',
          'n', 'a', 'm', 'e', ' ', '"', (byte) 0xe9, '"', ';', '\n'};
      IscConfig c = IscConfig.parse(IscConfig.decode(raw));
      assertThat(IscConfig.encode(c.render())).isEqualTo(raw);
    }

    @Test
    @DisplayName("strings decode dhcpd's escapes: \\\" \\\\ \\t octal and hex, and UTF-8 bytes")
    void strings() {
      assertThat(Syntax.unquote("\"a\\\"b\\\\c\\td\\101\\x42\\q\"")).isEqualTo("a\"b\\c\tdAB" + "q");
      assertThat(Syntax.unquote(Syntax.quote("é \" \\ ; } \n #"))).isEqualTo("é \" \\ ; } \n #");
      assertThat(Syntax.quote("x\"; }\n#")).isEqualTo("\"x\\\"; }\\012#\"");
    }
  }

  @Nested
  @DisplayName("errors")
  class Errors {

    @Test
    @DisplayName("a missing semicolon names file, line, column and what was expected")
    void missingSemicolon() {
      IscConfigException e = error("authoritative;\nsubnet 10.0.0.0 netmask 255.0.0.0 {\n  option routers 10.0.0.1\n}\n");
      assertThat(e.file()).isEqualTo("dhcpd.conf");
      assertThat(e.line()).isEqualTo(4);
      assertThat(e.column()).isEqualTo(1);
      assertThat(e.expected()).isEqualTo("expected ';' at the end of the statement");
      assertThat(e.getMessage()).contains("dhcpd.conf:4:1", "expected ';'");
      assertThat(e).isInstanceOf(ValidationException.class);
    }

    @Test
    @DisplayName("an unclosed block says where it was opened")
    void unclosed() {
      IscConfigException e = error("\nsubnet 10.0.0.0 netmask 255.0.0.0 {\n  pool {\n");
      assertThat(e.expected()).contains("expected '}' to close a pool opened on line 3");
      assertThat(e.found()).isEqualTo("end of file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"}", "a; }", ";", "{ a; }", "option domain-name \"unterminated;", "a \u0001 b;", "a é;",
        "subnet 10.0.0.1 netmask 255.255.255.0 { }", "frobnicate 1;",
        "subnet 10.0.0.0 { }", "subnet 10.0.0.0 netmask 255.0.0.0;", "range 10.0.0.1 10.0.0.2;",
        "subnet 10.0.0.0 netmask 255.0.0.0 { range 10.0.0.1 10.0.0.2 10.0.0.3; }",
        "subnet 10.0.0.0 netmask 255.0.0.0 { range 10.0.0.300; }", "pool { range 10.0.0.1; }",
        "else { }", "a; elsif x { }", "if { }", "host a b { }", "include nofile;",
        "failover peer;", "failover peer \"x\" garbage { }", "option x code 1 = { text ; };"})
    @DisplayName("malformed text is an IscConfigException with a location")
    void located(String text) {
      IscConfigException e = error(text);
      assertThat(e.line()).isPositive();
      assertThat(e.column()).isPositive();
      assertThat(e.expected()).startsWith("expected");
    }

    @Test
    @DisplayName("an include that cannot be read, and an include cycle, are located errors")
    void includeErrors() {
      assertThatThrownBy(() -> IscConfig.parse("m.conf", "\ninclude \"gone.conf\";", IncludeResolver.none()))
          .isInstanceOfSatisfying(IscConfigException.class, e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.expected()).contains("included file that can be read");
          });
      Map<String, String> files = Map.of("a.conf", "include \"b.conf\";", "b.conf", "include \"a.conf\";");
      assertThatThrownBy(() -> IscConfig.parse("a.conf", files.get("a.conf"),
          n -> Optional.ofNullable(files.get(n))))
          .isInstanceOfSatisfying(IscConfigException.class, e -> {
            assertThat(e.file()).isEqualTo("b.conf");
            assertThat(e.expected()).contains("include cycle");
          });
    }

    @Test
    @DisplayName("nesting deeper than the parser follows is refused, not a stack overflow")
    void deepNesting() {
      String text = "group {".repeat(100_000);
      assertThat(error(text).expected()).contains("nested blocks");
    }

    @Test
    @DisplayName("an included file's error names that file")
    void includedError() {
      IscConfigException e = (IscConfigException) org.assertj.core.api.Assertions.catchThrowable(() ->
          IscConfig.parse("main.conf", "authoritative;\ninclude \"hosts.conf\";\n",
              n -> Optional.of("host a {\n  fixed-address 10.0.0.1\n}\n")));
      assertThat(e.file()).isEqualTo("hosts.conf");
      assertThat(e.line()).isEqualTo(3);
    }
  }

  @Nested
  @DisplayName("dhcpd 4.4.3 is the judge where it disagrees with its manual (vendor-facts.md §2)")
  class DhcpdRules {

    @Test
    @DisplayName("a pool with 'no failover peer;' is refused (dhcpd: expecting a parameter or declaration)")
    void noFailoverPeer() {
      IscConfigException e = error("subnet 10.0.0.0 netmask 255.0.0.0 {\n  pool { no failover peer; range 10.0.0.1; }\n}");
      assertThat(e.line()).isEqualTo(2);
      assertThat(e.column()).isEqualTo(10);
      assertThat(e.expected()).contains("no 'no failover peer' statement");
    }

    @Test
    @DisplayName("a quoted host name is refused (dhcpd: expecting a name for host declaration)")
    void quotedHost() {
      assertThat(error("host \"foo\" { }").expected()).contains("expected a name for host declaration");
    }

    @Test
    @DisplayName("dynamic-bootp under a shared-network's failover peer is refused")
    void dynamicBootp() {
      String text = PEER + "shared-network sn { failover peer \"fo1\";\n subnet 192.0.2.0 netmask 255.255.255.0 {"
          + " pool { range dynamic-bootp 192.0.2.10 192.0.2.20; } } }";
      IscConfigException e = error(text);
      assertThat(e.line()).isEqualTo(3);
      assertThat(e.expected()).contains("dynamic-bootp flag is not permitted");
    }

    @Test
    @DisplayName("a secondary with split is refused (dhcpd: secondary may not define load balance settings)")
    void secondarySplit() {
      assertThat(error("failover peer \"s\" { secondary; peer address 192.0.2.1; split 128; }").expected())
          .contains("secondary may not define load balance settings");
    }

    @Test
    @DisplayName("a pool naming an undeclared peer is refused, also when the peer is declared after it")
    void undeclaredPeer() {
      String pool = "subnet 192.0.2.0 netmask 255.255.255.0 { pool { failover peer \"fo1\"; range 192.0.2.10; } }\n";
      assertThat(error(pool).expected()).contains("failover peer fo1: not found");
      assertThat(error(pool + PEER).line()).isEqualTo(1);
      assertThat(IscConfig.parse(PEER + pool).peers()).hasSize(1);
    }

    @Test
    @DisplayName("a primary needs mclt and split or hba; peer address may not be omitted; split is 0..256")
    void primaryRules() {
      assertThat(error("failover peer \"p\" { primary; peer address 192.0.2.1; split 128; }").expected())
          .contains("primary failover server must have mclt");
      assertThat(error("failover peer \"p\" { primary; peer address 192.0.2.1; mclt 10; }").expected())
          .contains("must have hba or split");
      assertThat(error("failover peer \"p\" { primary; mclt 10; split 1; }").expected())
          .contains("peer address may not be omitted");
      assertThat(error("failover peer \"p\" { primary; peer address 192.0.2.1; mclt 10; split 257; }").expected())
          .contains("split must be between 0 and 256");
      assertThat(error("failover peer \"p\" { primary; peer address 192.0.2.1; mclt 10; hba ff:ff; }").expected())
          .contains("exactly 32");
      assertThat(error("failover peer \"p\" { primary; peer address 192.0.2.1; mclt 10; split 1; colour blue; }")
          .expected()).contains("expected a failover peer parameter");
    }

    @Test
    @DisplayName("dhcpd accepts, against its manual, no role, mclt on a secondary, and split with hba")
    void dhcpdIsLenient() {
      String hba = "hba " + "ff:".repeat(31) + "ff;";
      IscPeerStatement p = IscConfig.parse("failover peer \"p\" { primary; peer address 192.0.2.1; mclt 10; split 1; "
          + hba + " }").peer("p").orElseThrow();
      assertThat(p.split()).hasValue(1);
      assertThat(p.hba()).isPresent();
      assertThat(IscConfig.parse("failover peer \"s\" { secondary; peer address 192.0.2.1; mclt 10; }").peer("s")
          .orElseThrow().mclt()).hasValue(10);
      assertThat(IscConfig.parse("failover peer \"n\" { peer address 192.0.2.1; }").peer("n").orElseThrow().role())
          .isEmpty();
    }

    @Test
    @DisplayName("failover peer declarations only at the outer scope or in a shared-network; references only in pools"
        + " and shared-networks; state records only at the outer scope")
    void placement() {
      assertThat(error("subnet 10.0.0.0 netmask 255.0.0.0 { failover peer \"x\"; }").expected())
          .contains("failover peers may only be defined in shared-network declarations and the outer scope");
      assertThat(error("group { " + PEER + " }").expected()).contains("only at the outer scope or in a shared-network");
      assertThat(error(PEER + "subnet 192.0.2.0 netmask 255.255.255.0 { pool { range 192.0.2.9;"
          + " failover peer \"fo1\" state { my state partner-down; } } }").expected())
          .contains("only at the outer scope");
      IscConfig ok = IscConfig.parse(PEER + "failover peer \"fo1\" state { my state partner-down; partner state normal; }\n"
          + "shared-network s { " + PEER.replace("fo1", "fo2") + " }");
      assertThat(ok.peers()).extracting(IscPeerStatement::name).containsExactly("fo1", "fo2");
      assertThat(error("failover peer \"zz\" state { my state partner-down; }").expected())
          .contains("state declaration for unknown failover peer zz");
    }

    @Test
    @DisplayName("a peer declared twice, and a host name declared twice, are refused")
    void redeclaration() {
      assertThat(error(PEER + PEER).expected()).contains("redeclaration of failover peer");
      assertThat(error("host a { fixed-address 10.0.0.1; }\nhost a { fixed-address 10.0.0.2; }").expected())
          .contains("host a: already exists");
    }

    @Test
    @DisplayName("a host name declared again in an included file, or in a file included twice, is refused where it is"
        + " declared again")
    void hostRedeclaredAcrossIncludes() {
      Map<String, String> files = Map.of("hosts.conf", "\nhost a { fixed-address 10.0.0.2; }\n");
      IncludeResolver resolver = n -> Optional.ofNullable(files.get(n));
      IscConfigException again = (IscConfigException) org.assertj.core.api.Assertions.catchThrowable(() ->
          IscConfig.parse("main.conf", "host a { fixed-address 10.0.0.1; }\ninclude \"hosts.conf\";\n", resolver));
      assertThat(again.file()).isEqualTo("hosts.conf");
      assertThat(again.line()).isEqualTo(2);
      assertThat(again.expected()).contains("host a: already exists");
      IscConfigException twice = (IscConfigException) org.assertj.core.api.Assertions.catchThrowable(() ->
          IscConfig.parse("main.conf", "include \"hosts.conf\";\ninclude \"hosts.conf\";\n", resolver));
      assertThat(twice.file()).isEqualTo("hosts.conf");
      assertThat(twice.expected()).contains("host a: already exists");
      IscConfig distinct = IscConfig.parse("main.conf", "host b { fixed-address 10.0.0.1; }\ninclude \"hosts.conf\";\n",
          resolver);
      assertThat(distinct.files()).extracting(IscConfigFile::name).containsExactly("main.conf", "hosts.conf");
    }

    @Test
    @DisplayName("a stray semicolon after a block is refused (dhcpd: expecting a declaration)")
    void strayAfterBlock() {
      assertThat(error("group { };").expected()).contains("expected a parameter or declaration");
    }
  }
}
