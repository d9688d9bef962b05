package dev.failover.testkit.kea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

@DisplayName("Kea's JSON dialect (isc::data::Element)")
class FakeKeaJsonTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static FakeKeaJson.Parsed parse(String text) throws FakeKeaJson.ParseException {
    return FakeKeaJson.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0} prints as {1}")
  @CsvSource({"0.5, 0.5", "0.875, 0.875", "1.0, 1", "100000.0, 100000", "1000000.0, 1e+06",
      "1234567.0, 1.23457e+06", "0.0001, 0.0001", "0.00001, 1e-05", "3.14159265, 3.14159",
      "-2.5, -2.5", "0.1, 0.1", "123.456789, 123.457", "1e100, 1e+100", "2.5e-300, 2.5e-300"})
  @DisplayName("doubles print like C++ ostream (printf %g, 6 significant digits)")
  void doubles(double value, String printed) {
    assertThat(FakeKeaJson.formatDouble(value)).isEqualTo(printed);
  }

  @Test
  @DisplayName("Element::str(): sorted keys, padded braces, empty list [  ], bytes escaped")
  void wireFormat() {
    ObjectNode root = NODES.objectNode();
    root.putArray("b");
    ObjectNode a = root.putObject("a");
    a.put("y", "caf\u00e9\n\"q\"");
    a.put("x", 1.5);
    a.put("n", 7);
    a.putNull("z");
    assertThat(FakeKeaJson.toWire(root)).isEqualTo(
        "{ \"a\": { \"n\": 7, \"x\": 1.5, \"y\": \"caf\\u00c3\\u00a9\\n\\\"q\\\"\", \"z\": null },"
            + " \"b\": [  ] }");
  }

  @Test
  @DisplayName("map keys are ordered by UTF-8 bytes (std::map<std::string>), not by UTF-16")
  void keyOrder() {
    ObjectNode root = NODES.objectNode();
    root.put("\ud83d\ude00", 1);
    root.put("\uffee", 2);
    root.put("\u00e9", 3);
    root.put("z", 4);
    assertThat(FakeKeaJson.toWire(root)).isEqualTo(
        "{ \"z\": 4, \"\u00e9\": 3, \"\uffee\": 2, \"\ud83d\ude00\": 1 }");
  }

  @Test
  @DisplayName("prettyPrint: two-space indent, [ ] and { } when empty, lists of scalars on one line")
  void prettyPrint() {
    ObjectNode root = NODES.objectNode();
    root.putArray("e");
    root.putObject("m");
    root.putArray("s").add("a").add(2);
    root.putArray("l").addObject().put("k", true);
    assertThat(FakeKeaJson.prettyPrint(root)).isEqualTo("{\n  \"e\": [ ],\n  \"l\": [\n    {\n"
        + "      \"k\": true\n    }\n  ],\n  \"m\": { },\n  \"s\": [ \"a\", 2 ]\n}");
  }

  @Test
  @DisplayName("wire positions: maps and lists at the column after their bracket, scalars at their"
      + " first character, counted from 0")
  void wirePositions() {
    ObjectNode root = NODES.objectNode();
    ArrayNode list = root.putArray("a");
    list.add(1);
    ObjectNode inner = list.addObject();
    // "{ \"a\": [ 1, {  } ] }"
    var positions = FakeKeaJson.wirePositions(root);
    assertThat(FakeKeaJson.toWire(root)).isEqualTo("{ \"a\": [ 1, {  } ] }");
    assertThat(positions.get(root).toString()).isEqualTo("<wire>:0:1");
    assertThat(positions.get(list).toString()).isEqualTo("<wire>:0:8");
    assertThat(positions.get(list.get(0)).toString()).isEqualTo("<wire>:0:9");
    assertThat(positions.get(inner).toString()).isEqualTo("<wire>:0:13");
  }

  @Test
  @DisplayName("string positions count lines from 1 and columns like Kea's reader")
  void stringPositions() throws Exception {
    FakeKeaJson.Parsed parsed = parse("{\n  \"a\": {\"b\": \"x\"},\n  \"c\": [1]\n}");
    JsonNode a = parsed.root().get("a");
    assertThat(parsed.positionOf(parsed.root()).toString()).isEqualTo("<string>:1:2");
    assertThat(parsed.positionOf(a).toString()).isEqualTo("<string>:2:9");
    assertThat(parsed.positionOf(a.get("b")).toString()).isEqualTo("<string>:2:14");
    assertThat(parsed.positionOf(parsed.root().get("c")).toString()).isEqualTo("<string>:3:9");
  }

  @Test
  @DisplayName("reading: trailing comma in a list is accepted, in a map it is not")
  void trailingCommas() throws Exception {
    assertThat(parse("[1,]").root()).hasSize(1);
    assertThatThrownBy(() -> parse("{\"a\": 1,}")).isInstanceOf(FakeKeaJson.ParseException.class)
        .hasMessageContaining("String expected");
  }

  @Test
  @DisplayName("reading: only \\u00XX escapes, each one byte; raw UTF-8 passes")
  void unicode() throws Exception {
    assertThat(parse("\"caf\\u00c3\\u00a9\"").root().textValue()).isEqualTo("caf\u00e9");
    assertThat(parse("\"caf\u00e9\"").root().textValue()).isEqualTo("caf\u00e9");
    assertThatThrownBy(() -> parse("\"\\u20ac\"")).isInstanceOf(FakeKeaJson.ParseException.class)
        .hasMessageContaining("Unsupported unicode escape");
  }

  @Test
  @DisplayName("reading: extra data, bad words and unterminated strings are errors")
  void errors() {
    assertThatThrownBy(() -> parse("{} {}")).hasMessageContaining("Extra data");
    assertThatThrownBy(() -> parse("tru")).hasMessageContaining("Bad boolean value: tru");
    assertThatThrownBy(() -> parse("\"abc")).hasMessageContaining("Unterminated string");
    assertThatThrownBy(() -> parse("{not json")).isInstanceOf(FakeKeaJson.ParseException.class);
    assertThatThrownBy(() -> parse("1.2.3")).hasMessageContaining("Number overflow: 1.2.3");
  }

  @Test
  @DisplayName("a double with an integral value comes back as an integer, as in Kea")
  void integralDoubles() throws Exception {
    ObjectNode root = NODES.objectNode();
    root.put("t", 2.0);
    assertThat(FakeKeaJson.toWire(root)).isEqualTo("{ \"t\": 2 }");
    assertThat(parse(FakeKeaJson.toWire(root)).root().get("t").isIntegralNumber()).isTrue();
  }

  @Test
  @DisplayName("a deeply nested body is refused, not a stack overflow")
  void depth() {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    assertThatThrownBy(() -> parse(deep)).isInstanceOf(FakeKeaJson.ParseException.class);
  }

  // -- property: what Kea writes, Kea reads back unchanged --------------------------------------

  private static final String HOSTILE = "\"'\\;{}[]$()`\n\r\t\b\f\u0001\u007f\u00e9\u4e2d\ud83d\ude00 ";

  private static Gen<String> strings() {
    return SourceDSL.integers().between(0, 24).zip(SourceDSL.longs().all(), (length, seed) -> {
      Random random = new Random(seed);
      StringBuilder s = new StringBuilder();
      while (s.length() < length) {
        if (random.nextInt(3) == 0) {
          s.append((char) ('a' + random.nextInt(26)));
        } else {
          int i = random.nextInt(HOSTILE.length());
          char c = HOSTILE.charAt(i);
          if (Character.isHighSurrogate(c)) {
            s.append(c).append(HOSTILE.charAt(i + 1));
          } else if (!Character.isLowSurrogate(c)) {
            s.append(c);
          }
        }
      }
      return s.toString();
    });
  }

  private static JsonNode tree(long seed, String text) {
    Random random = new Random(seed);
    ObjectNode root = NODES.objectNode();
    int fields = 1 + random.nextInt(5);
    for (int i = 0; i < fields; i++) {
      String key = "k" + random.nextInt(1000);
      switch (random.nextInt(6)) {
        case 0:
          root.put(key, text);
          break;
        case 1:
          root.put(key, random.nextLong());
          break;
        case 2:
          // Odd eighths: exact in 6 digits and never integral (Kea prints 2.0 as 2, an integer).
          root.put(key, (random.nextInt(1 << 9) * 2 + 1) / 8.0);
          break;
        case 3:
          root.put(key, random.nextBoolean());
          break;
        case 4:
          root.putArray(key).add(text).add(random.nextInt()).addObject().put("s", text);
          break;
        default:
          root.putNull(key);
      }
    }
    return root;
  }

  @Test
  @DisplayName("property: parse(toWire(tree)) == tree, for hostile and non-ASCII strings")
  void roundTrip() {
    long seed = 0x5eed_4ea0L;
    int cases = Integer.getInteger("failover.property.cases", 1000);
    try {
      qt().withFixedSeed(seed).withExamples(cases)
          .forAll(SourceDSL.longs().all(), strings())
          .check((treeSeed, text) -> {
            JsonNode tree = tree(treeSeed, text);
            try {
              String wire = FakeKeaJson.toWire(tree);
              boolean ascii = wire.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
              return ascii && parse(wire).root().equals(tree)
                  && parse(FakeKeaJson.prettyPrint(tree)).root().equals(tree);
            } catch (FakeKeaJson.ParseException e) {
              return false;
            }
          });
    } catch (AssertionError e) {
      throw new AssertionError("Kea JSON round trip failed; seed " + seed, e);
    }
  }
}
