package dev.failover.testkit.kea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/** How every part of the fake Kea words an answer: Kea's {@code result} / {@code text} / {@code arguments}. */
final class FakeKeaAnswers {

  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private FakeKeaAnswers() {
  }

  /** A command Kea refuses, with Kea's text. */
  static final class CommandError extends Exception {
    CommandError(String message) {
      super(message);
    }
  }

  static ObjectNode answer(int result, String text, JsonNode arguments) {
    ObjectNode a = NODES.objectNode();
    if (arguments != null) {
      a.set("arguments", arguments);
    }
    a.put("result", result);
    if (text != null) {
      a.put("text", text);
    }
    return a;
  }

  static ArrayNode list(ObjectNode single) {
    ArrayNode list = NODES.arrayNode();
    list.add(single);
    return list;
  }

  static ObjectNode notModelled(String name) {
    return answer(1, "'" + name + "' is a Kea command the testkit's fake server does not model",
        null);
  }

  static String sha256(String text) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().withUpperCase().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }
}
