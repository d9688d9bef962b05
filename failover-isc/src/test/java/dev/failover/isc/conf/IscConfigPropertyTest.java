package dev.failover.isc.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.failover.scope.Scope;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

@DisplayName("dhcpd.conf properties")
class IscConfigPropertyTest {

  private static final long SEED = 20261125L;

  private static QuickTheory theory(String property) {
    int cases = Integer.getInteger("failover.property.cases", 1000);
    System.out.println(property + ": QuickTheories seed " + SEED + ", " + cases + " cases");
    return qt().withFixedSeed(SEED).withExamples(cases);
  }

  @Test
  @DisplayName("every generated configuration is rendered back byte for byte")
  void roundTrip() {
    theory("roundTrip").forAll(longs().all()).checkAssert(seed -> {
      String text = new ConfigGenerator(seed).config();
      IscConfig parsed = IscConfig.parse(text);
      assertThat(parsed.render()).as("generator seed %d", seed).isEqualTo(text);
      assertThat(nodesText(parsed.main())).as("generator seed %d", seed).isEqualTo(text);
    });
  }

  @Test
  @DisplayName("a scope written into a configuration is read back as the same scope")
  void scopeModel() {
    theory("scopeModel").forAll(longs().all()).checkAssert(seed -> {
      ConfigGenerator g = new ConfigGenerator(seed);
      IscPeerStatement peer = g.peer(true);
      IscConfig base = IscConfig.parse("authoritative;\n").withPeer(peer);
      Scope scope = g.scope(peer.name());
      String text = base.withSubnet(scope).render();
      IscConfig back = IscConfig.parse(text);
      assertThat(back.scope(scope.subnet())).as("generator seed %d", seed).contains(scope);
      assertThat(back.peer(peer.name())).as("generator seed %d", seed).contains(peer);
    });
  }

  @Test
  @DisplayName("a failover peer declaration written and parsed again is the same declaration")
  void peerModel() {
    theory("peerModel").forAll(longs().all()).checkAssert(seed -> {
      ConfigGenerator g = new ConfigGenerator(seed);
      IscPeerStatement first = g.peer(seed % 2 == 0);
      IscPeerStatement second = g.peer(seed % 2 != 0);
      IscConfig c = IscConfig.parse("").withPeer(first);
      IscPeerStatement changed = IscPeerStatement.builder().from(second).name(first.name()).build();
      IscConfig edited = c.withPeer(changed);
      assertThat(IscConfig.parse(c.render()).peers()).as("generator seed %d", seed).containsExactly(first);
      assertThat(IscConfig.parse(edited.render()).peers()).as("generator seed %d", seed).containsExactly(changed);
    });
  }

  @Test
  @DisplayName("a corrupted configuration parses and round-trips, or fails with a located IscConfigException")
  void corruption() {
    theory("corruption").forAll(longs().all()).checkAssert(seed -> {
      ConfigGenerator g = new ConfigGenerator(seed);
      String text = g.corrupt(g.config());
      IscConfig parsed;
      try {
        parsed = IscConfig.parse(text);
      } catch (IscConfigException e) {
        assertThat(e.line()).as("generator seed %d: %s", seed, e.getMessage()).isPositive();
        assertThat(e.column()).as("generator seed %d: %s", seed, e.getMessage()).isPositive();
        assertThat(e.expected()).as("generator seed %d", seed).isNotBlank();
        return;
      } catch (RuntimeException | StackOverflowError e) {
        fail("generator seed " + seed + ": " + e + " is not an IscConfigException", e);
        return;
      }
      assertThat(parsed.render()).as("generator seed %d", seed).isEqualTo(text);
      assertThat(nodesText(parsed.main())).as("generator seed %d", seed).isEqualTo(text);
    });
  }

  /**
   * The file's text as its node objects render it: a file as read renders as the text it was
   * read from, and its nodes are made from the parsed rows only when asked for, so this checks them.
   */
  private static String nodesText(IscConfigFile file) {
    StringBuilder out = new StringBuilder();
    for (IscNode node : file.nodes()) {
      node.render(out);
    }
    file.end.render(out);
    return out.toString();
  }
}
