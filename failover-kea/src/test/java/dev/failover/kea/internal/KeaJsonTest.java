package dev.failover.kea.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Kea JSON")
class KeaJsonTest {

  @Test
  @DisplayName("Kea 2.2's byte-per-escape text is decoded back to UTF-8, in values and member names")
  void repairsByteEscapes() throws Exception {
    // as a real Kea 2.2.0 wrote "café 中" (see KeaHotStandbyIT.nonAsciiText)
    JsonNode kea = KeaJson.parse("{\"caf\\u00c3\\u00a9\": [\"caf\\u00c3\\u00a9 \\u00e4\\u00b8\\u00ad\", 1, \"plain\"]}");
    JsonNode repaired = KeaJson.repairByteEscapes(kea);
    assertThat(KeaJson.write(repaired)).isEqualTo("{\"caf\u00e9\":[\"caf\u00e9 \u4e2d\",1,\"plain\"]}");
  }

  @Test
  @DisplayName("text that is not Kea's byte escaping is left alone")
  void leavesOtherText() throws Exception {
    // a lone Latin-1 byte is no UTF-8; a character above U+00FF cannot come from a byte escape
    JsonNode node = KeaJson.parse("[\"\\u00e9t\\u00e9\", \"\\u00c3\\u00a9 \\u4e2d\", \"ascii\"]");
    assertThat(KeaJson.write(KeaJson.repairByteEscapes(node)))
        .isEqualTo("[\"\u00e9t\u00e9\",\"\u00c3\u00a9 \u4e2d\",\"ascii\"]");
  }

  @Test
  @DisplayName("an answer's bytes are read as parsing and repairing them does: ASCII without escapes, escapes, raw UTF-8")
  void parseAnswerAsRepair() throws Exception {
    String[] answers = {
        "[{\"arguments\": {\"caf\\u00c3\\u00a9\": \"caf\\u00c3\\u00a9 \\u00e4\\u00b8\\u00ad\"}, \"result\": 0}]",
        "[{\"arguments\": {\"a\": \"x\\\"y\", \"b\": [1, 0.50]}, \"result\": 0}]",
        "[{\"arguments\": {\"name\": \"caf\u00e9 \u4e2d\"}, \"result\": 0}]",
        "[{\"arguments\": {\"plain\": [\"ascii only\", true, null]}, \"result\": 0}]"};
    for (String answer : answers) {
      byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
      assertThat(KeaJson.write(KeaJson.parseAnswer(bytes)))
          .isEqualTo(KeaJson.write(KeaJson.repairByteEscapes(KeaJson.parse(bytes))));
    }
    assertThat(KeaJson.write(KeaJson.parseAnswer(answers[0].getBytes(StandardCharsets.UTF_8))))
        .isEqualTo("[{\"arguments\":{\"caf\u00e9\":\"caf\u00e9 \u4e2d\"},\"result\":0}]");
  }

  @Test
  @DisplayName("the byte test finds a backslash or a byte above 0x7F at every position, and passes plain ASCII")
  void asciiWithoutEscapesAtEveryPosition() {
    for (int length = 0; length <= 40; length++) {
      byte[] plain = new byte[length];
      java.util.Arrays.fill(plain, (byte) 'a');
      assertThat(KeaJson.asciiWithoutEscapes(plain)).isTrue();
      for (int at = 0; at < length; at++) {
        for (byte odd : new byte[] {'\\', (byte) 0x80, (byte) 0xc3, (byte) 0xff}) {
          byte[] bytes = plain.clone();
          bytes[at] = odd;
          assertThat(KeaJson.asciiWithoutEscapes(bytes)).as("byte %02x at %d of %d", odd, at, length).isFalse();
        }
        byte[] near = plain.clone();
        // neighbours of the backslash and of the high bit, which the eight-byte test must not mistake
        near[at] = (byte) (at % 2 == 0 ? 0x5b : 0x7f);
        assertThat(KeaJson.asciiWithoutEscapes(near)).isTrue();
      }
    }
  }

  @Test
  @DisplayName("canonical JSON: members sorted at every depth, no whitespace, numbers exactly as read")
  void canonical() throws Exception {
    JsonNode node = KeaJson.parse("{ \"b\": [ {\"z\": 1, \"a\": 0.50} ], \"a\": \"x\\\"y\", \"A\": null }");
    assertThat(new String(KeaJson.canonicalBytes(node), StandardCharsets.UTF_8))
        .isEqualTo("{\"A\":null,\"a\":\"x\\\"y\",\"b\":[{\"a\":0.50,\"z\":1}]}");
  }

  @Test
  @DisplayName("canonical JSON of members already in order (as Kea writes them) is that of the same members in any order")
  void canonicalOfSortedMembers() throws Exception {
    JsonNode sorted = KeaJson.parse("{\"A\": null, \"a\": {\"x\": 1, \"y\": [{\"m\": 1, \"n\": 2}]}, \"b\": 2}");
    JsonNode shuffled = KeaJson.parse("{\"b\": 2, \"a\": {\"y\": [{\"n\": 2, \"m\": 1}], \"x\": 1}, \"A\": null}");
    assertThat(new String(KeaJson.canonicalBytes(sorted), StandardCharsets.UTF_8))
        .isEqualTo(new String(KeaJson.canonicalBytes(shuffled), StandardCharsets.UTF_8))
        .isEqualTo("{\"A\":null,\"a\":{\"x\":1,\"y\":[{\"m\":1,\"n\":2}]},\"b\":2}");
    assertThat(KeaJson.canonicalSha256(sorted)).isEqualTo(KeaJson.canonicalSha256(shuffled));
  }
}
