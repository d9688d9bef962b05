package dev.failover.testkit.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.ValidationException;
import dev.failover.relationship.KeaPeer;
import dev.failover.relationship.RelationshipName;
import dev.failover.relationship.ServerRole;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Reservation;
import dev.failover.scope.ScopeProperties;
import dev.failover.server.ServerId;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Generators: hostile text, raw and valid for a field")
class HostileTextTest {

  private static final long COVERAGE_SEED = 20_260_103L;

  /** What a hostile string must be able to hold, by name. */
  private static final Map<String, Predicate<String>> PIECES = Map.ofEntries(
      Map.entry("apostrophe", s -> s.contains("'")),
      Map.entry("double quote", s -> s.contains("\"")),
      Map.entry("right single quotation mark", s -> s.contains("\u2019")),
      Map.entry("left single quotation mark", s -> s.contains("\u2018")),
      Map.entry("semicolon", s -> s.contains(";")),
      Map.entry("braces", s -> s.contains("{") && s.contains("}")),
      Map.entry("subexpression", s -> s.contains("$(")),
      Map.entry("backtick", s -> s.contains("`")),
      Map.entry("pipe", s -> s.contains("|")),
      Map.entry("hash", s -> s.contains("#")),
      Map.entry("non-ASCII letter", s -> s.chars().anyMatch(c -> c > 0x7f && Character.isLetter(c))),
      Map.entry("emoji", s -> s.contains("\ud83d\ude00")),
      Map.entry("right-to-left override", s -> s.contains("\u202e")),
      Map.entry("bidi isolate", s -> s.chars().anyMatch(c -> c >= 0x2066 && c <= 0x2069)),
      Map.entry("zero-width space", s -> s.contains("\u200b")));

  /** What only raw text may hold. */
  private static final Map<String, Predicate<String>> RAW_PIECES = Map.ofEntries(
      Map.entry("line feed", s -> s.contains("\n")),
      Map.entry("carriage return", s -> s.contains("\r")),
      Map.entry("NUL", s -> s.contains("\0")),
      Map.entry("escape", s -> s.contains("\u001b")),
      Map.entry("line separator", s -> s.contains("\u2028")),
      Map.entry("lone surrogate", HostileTextTest::hasLoneSurrogate),
      Map.entry("empty", String::isEmpty),
      Map.entry("over 1000 characters", s -> s.length() > 1000));

  @Test
  @DisplayName("hostilePrintableText: within the lengths asked for, no control character or lone surrogate, always something hostile")
  void printableText() {
    Generator<int[]> bounds = random -> {
      int max = random.nextInt(1, 300);
      return new int[] {random.nextInt(0, max + 1), max};
    };
    Generator<Object[]> cases = bounds.flatMap(b -> Generators.hostilePrintableText(b[0], b[1])
        .map(text -> new Object[] {b[0], b[1], text}));
    PropertyRun.forAll("printable hostile text", cases, c -> {
      String text = (String) c[2];
      assertThat(text.length()).isBetween((Integer) c[0], (Integer) c[1]);
      assertPrintableAndHostile(text);
      assertThat(OptionValue.of(250, text).value()).isEqualTo(text);
    });
  }

  @Test
  @DisplayName("hostileScopeNames pass ScopeProperties validation; hostileDescriptions pass as scope and reservation descriptions")
  void scopeNamesAndDescriptions() {
    PropertyRun.forAll("hostile scope names", Generators.hostileScopeNames(), name -> {
      assertThat(name.length()).isBetween(1, 256);
      assertPrintableAndHostile(name);
      assertThat(ScopeProperties.builder().name(name).build().name()).isEqualTo(name);
      assertThat(Reservation.builder().identifier("00:16:3e:00:00:01").address(dev.failover.scope.Ipv4Address
          .parse("10.0.0.1")).name(name).build().name()).contains(name);
    });
    PropertyRun.forAll("hostile descriptions", Generators.hostileDescriptions(), d -> {
      assertThat(d.length()).isBetween(0, 1024);
      assertPrintableAndHostile(d);
      assertThat(ScopeProperties.builder().description(d).build().description()).isEqualTo(d);
    });
  }

  @Test
  @DisplayName("hostileRelationshipNames: 1 to 126 characters, no surrounding whitespace, also valid Kea peer names")
  void relationshipNames() {
    PropertyRun.forAll("hostile relationship names", Generators.hostileRelationshipNames(), name -> {
      String v = name.value();
      assertThat(v.length()).isBetween(1, RelationshipName.MAX_LENGTH);
      assertThat(Character.isWhitespace(v.charAt(0)) || Character.isSpaceChar(v.charAt(0))).isFalse();
      assertThat(Character.isWhitespace(v.charAt(v.length() - 1)) || Character.isSpaceChar(v.charAt(v.length() - 1)))
          .isFalse();
      assertPrintableAndHostile(v);
      KeaPeer peer = KeaPeer.builder().server(ServerId.of("dhcp-a")).name(v).url(URI.create("http://10.0.0.1:8001/"))
          .role(ServerRole.PRIMARY).build();
      assertThat(peer.name()).isEqualTo(v);
    });
    assertThat(Generators.hostileRelationshipNames().samples(COVERAGE_SEED, 1000))
        .anyMatch(n -> n.value().length() == RelationshipName.MAX_LENGTH);
  }

  @Test
  @DisplayName("hostilePrintableText holds every kind of hostile piece across samples, and never a raw-only one")
  void printableCovers() {
    List<String> all = Generators.hostilePrintableText(1, 64).samples(COVERAGE_SEED, 4000).toList();
    PIECES.forEach((what, has) -> assertThat(all).as(what).anyMatch(has));
    RAW_PIECES.forEach((what, has) -> {
      if (!what.equals("empty")) {
        assertThat(all).as(what).noneMatch(has);
      }
    });
  }

  @Test
  @DisplayName("hostileText (raw) holds every kind of hostile piece, control characters, lone surrogates, the empty string and long texts")
  void rawCovers() {
    List<String> all = Generators.hostileText().samples(COVERAGE_SEED, 4000).toList();
    PIECES.forEach((what, has) -> assertThat(all).as(what).anyMatch(has));
    RAW_PIECES.forEach((what, has) -> assertThat(all).as(what).anyMatch(has));
    assertThat(all).as("raw text the free-text fields refuse").anyMatch(s -> refusedAsScopeName(s));
  }

  @Test
  @DisplayName("the corpus holds PowerShell, dhcpd.conf and Kea JSON injections, line breaks and lengths just over the limits")
  void corpus() {
    List<String> corpus = Generators.hostileCorpus();
    assertThat(corpus).anyMatch(s -> s.contains("'; Remove-DhcpServerv4Scope"))
        .anyMatch(s -> s.contains("failover peer \"evil\""))
        .anyMatch(s -> s.contains("\"command\": \"config-write\""))
        .anyMatch(s -> s.contains("\n")).anyMatch(s -> s.length() == RelationshipName.MAX_LENGTH + 1)
        .anyMatch(s -> s.length() == 257);
    assertThatThrownBy(() -> corpus.add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  @DisplayName("hostilePrintableText refuses lengths that cannot hold a piece")
  void lengthsChecked() {
    assertThatThrownBy(() -> Generators.hostilePrintableText(0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Generators.hostilePrintableText(5, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Generators.hostilePrintableText(1, 1).samples(1, 200)).allMatch(s -> s.length() == 1);
  }

  private static boolean refusedAsScopeName(String s) {
    try {
      ScopeProperties.builder().name(s).build();
      return false;
    } catch (ValidationException e) {
      return true;
    }
  }

  private static void assertPrintableAndHostile(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      assertThat(c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029')
          .as("control character U+%04X in %s", (int) c, text).isFalse();
    }
    assertThat(hasLoneSurrogate(text)).as("lone surrogate in " + text).isFalse();
    assertThat(text.isEmpty() || text.chars().anyMatch(c -> !(Character.isLetterOrDigit(c) && c < 0x80) && c != ' '
        && c != '-' && c != '_')).as("something hostile in " + text).isTrue();
  }

  private static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return true;
        }
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
