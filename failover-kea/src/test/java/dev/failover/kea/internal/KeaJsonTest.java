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
  @DisplayName("canonical JSON: members sorted at every depth, no whitespace, numbers exactly as read")
  void canonical() throws Exception {
    JsonNode node = KeaJson.parse("{ \"b\": [ {\"z\": 1, \"a\": 0.50} ], \"a\": \"x\\\"y\", \"A\": null }");
    assertThat(new String(KeaJson.canonicalBytes(node), StandardCharsets.UTF_8))
        .isEqualTo("{\"A\":null,\"a\":\"x\\\"y\",\"b\":[{\"a\":0.50,\"z\":1}]}");
  }
}
