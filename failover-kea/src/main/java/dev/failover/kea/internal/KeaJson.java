package dev.failover.kea.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The one Jackson mapper of the Kea backend and the canonical form of Kea JSON. Numbers with a
 * fraction are read as exact decimals, so a configuration read and written back keeps every
 * value as Kea wrote it. Not API.
 */
public final class KeaJson {

  /** Kea answers can be large (config-get of 2,000 subnets is about 11 MB); allow up to 512 MB. */
  private static final int MAX_STRING = 512 * 1024 * 1024;

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(
        StreamReadConstraints.builder().maxStringLength(MAX_STRING).maxNestingDepth(200).build());
  }

  private KeaJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static JsonNodeFactory nodes() {
    return MAPPER.getNodeFactory();
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /** Parses JSON text; throws {@link JsonProcessingException} for anything that is not one JSON value. */
  public static JsonNode parse(String text) throws JsonProcessingException {
    return MAPPER.readTree(text);
  }

  /** Parses JSON bytes (UTF-8). */
  public static JsonNode parse(byte[] bytes) throws IOException {
    return MAPPER.readTree(bytes);
  }

  /**
   * Parses a Kea answer's JSON bytes (UTF-8) straight into a tree and undoes Kea's escaping of
   * non-ASCII text as {@link #repairByteEscapes(JsonNode)} does. Bytes that hold neither a
   * backslash nor a byte above 0x7F can only give ASCII text, which has nothing to repair: the tree
   * is then not walked at all.
   */
  public static JsonNode parseAnswer(byte[] bytes) throws IOException {
    JsonNode tree = MAPPER.readTree(bytes);
    return asciiWithoutEscapes(bytes) ? tree : repairByteEscapes(tree);
  }

  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long ONES = 0x0101010101010101L;
  private static final long BACKSLASHES = 0x5c5c5c5c5c5c5c5cL;

  /** Whether no byte is above 0x7F and none is a backslash; eight bytes at a time. */
  static boolean asciiWithoutEscapes(byte[] bytes) {
    int i = 0;
    for (int end = bytes.length - 7; i < end; i += 8) {
      long w = (long) LONGS.get(bytes, i);
      long x = w ^ BACKSLASHES;
      // a byte with its high bit set, or a byte equal to '\\' (x has a zero byte: the classic test)
      if ((w & HIGH_BITS) != 0 || ((x - ONES) & ~x & HIGH_BITS) != 0) {
        return false;
      }
    }
    for (; i < bytes.length; i++) {
      if (bytes[i] < 0 || bytes[i] == '\\') {
        return false;
      }
    }
    return true;
  }

  /**
   * Undoes Kea's escaping of non-ASCII text, in place, and returns the node. Kea (seen in 2.2.0)
   * writes every byte of a UTF-8 character as its own escape, {@code "é"} as
   * {@code "\\u00c3\\u00a9"}, so a JSON parser reads two Latin-1 characters. Every string and member
   * name whose characters are all below U+0100, with some at or above U+0080, and whose
   * characters taken as bytes are valid UTF-8, is replaced by that UTF-8 text. Text Kea did not
   * mangle this way (characters above U+00FF, or bytes that are no UTF-8) is left alone.
   */
  public static JsonNode repairByteEscapes(JsonNode node) {
    // the usual answer has no such text: one walk that allocates nothing tells, and the tree is
    // left as it is (an 11 MB config-get answer is not written again member by member)
    return needsRepair(node) ? repairAll(node) : node;
  }

  /** Whether {@link #repairAll(JsonNode)} would change any name or text of the tree; allocates nothing for ASCII text. */
  private static boolean needsRepair(JsonNode node) {
    if (node instanceof ObjectNode) {
      for (Map.Entry<String, JsonNode> m : node.properties()) {
        if (changesOnRepair(m.getKey()) || needsRepair(m.getValue())) {
          return true;
        }
      }
      return false;
    }
    if (node instanceof ArrayNode) {
      for (int i = 0; i < node.size(); i++) {
        if (needsRepair(node.get(i))) {
          return true;
        }
      }
      return false;
    }
    return node.isTextual() && changesOnRepair(node.textValue());
  }

  private static boolean changesOnRepair(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return !repair(text).equals(text);
      }
    }
    return false;
  }

  private static JsonNode repairAll(JsonNode node) {
    if (node instanceof ObjectNode) {
      ObjectNode object = (ObjectNode) node;
      boolean renamed = false;
      List<Map.Entry<String, JsonNode>> members = new ArrayList<>(object.size());
      for (Map.Entry<String, JsonNode> m : object.properties()) {
        String key = repair(m.getKey());
        renamed |= !key.equals(m.getKey());
        members.add(Map.entry(key, repairAll(m.getValue())));
      }
      if (renamed) {
        object.removeAll();
      }
      for (Map.Entry<String, JsonNode> m : members) {
        object.set(m.getKey(), m.getValue());
      }
      return object;
    }
    if (node instanceof ArrayNode) {
      ArrayNode array = (ArrayNode) node;
      for (int i = 0; i < array.size(); i++) {
        array.set(i, repairAll(array.get(i)));
      }
      return array;
    }
    if (node.isTextual()) {
      String text = node.asText();
      String repaired = repair(text);
      return repaired.equals(text) ? node : nodes().textNode(repaired);
    }
    return node;
  }

  private static String repair(String text) {
    boolean high = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c > 0xff) {
        return text;
      }
      high |= c >= 0x80;
    }
    if (!high) {
      return text;
    }
    byte[] bytes = new byte[text.length()];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) text.charAt(i);
    }
    try {
      return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException notUtf8) {
      return text;
    }
  }

  /** Compact JSON, member order as held. */
  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compact JSON as UTF-8 bytes. */
  public static byte[] writeBytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Indented JSON, for people. */
  public static String writePretty(JsonNode node) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The canonical text of a JSON value: object members sorted by name (by UTF-16 code units,
   * recursively), no insignificant whitespace, strings escaped the way Jackson always escapes
   * them. Two values that differ only in member order or layout have the same canonical text.
   */
  public static byte[] canonicalBytes(JsonNode node) {
    try (java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1 << 16);
        JsonGenerator gen = MAPPER.getFactory().createGenerator(out)) {
      writeCanonical(node, gen);
      gen.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * SHA-256 of {@link #canonicalBytes(JsonNode)}, lower-case hex, computed as the text is written
   * (the text itself is never held).
   */
  public static String canonicalSha256(JsonNode node) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest);
        JsonGenerator gen = MAPPER.getFactory().createGenerator(sink)) {
      writeCanonical(node, gen);
      gen.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static final Comparator<Map.Entry<String, JsonNode>> BY_NAME = Map.Entry.comparingByKey();

  /** Whether the members' names are in strictly ascending order (as {@link #BY_NAME} sorts them). */
  private static boolean sorted(java.util.Collection<Map.Entry<String, JsonNode>> members) {
    String previous = null;
    for (Map.Entry<String, JsonNode> m : members) {
      if (previous != null && previous.compareTo(m.getKey()) > 0) {
        return false;
      }
      previous = m.getKey();
    }
    return true;
  }

  /**
   * Writes the canonical form. Strings, integers, decimals, booleans and nulls are written with
   * the generator call their own serializer makes ({@code TextNode.serialize} is
   * {@code writeString}, and so on), without building a serializer for each of them; other nodes
   * go through the mapper.
   */
  private static void writeCanonical(JsonNode node, JsonGenerator gen) throws IOException {
    if (node instanceof TextNode) {
      gen.writeString(node.textValue());
    } else if (node instanceof IntNode) {
      gen.writeNumber(node.intValue());
    } else if (node instanceof LongNode) {
      gen.writeNumber(node.longValue());
    } else if (node instanceof DecimalNode) {
      gen.writeNumber(node.decimalValue());
    } else if (node instanceof BigIntegerNode) {
      gen.writeNumber(node.bigIntegerValue());
    } else if (node instanceof BooleanNode) {
      gen.writeBoolean(node.booleanValue());
    } else if (node instanceof NullNode) {
      gen.writeNull();
    } else if (node.isObject()) {
      // Kea writes every map's members sorted by name: they are then written as held, not copied and sorted
      java.util.Collection<Map.Entry<String, JsonNode>> members = node.properties();
      if (!sorted(members)) {
        List<Map.Entry<String, JsonNode>> copy = new ArrayList<>(members);
        copy.sort(BY_NAME);
        members = copy;
      }
      gen.writeStartObject();
      for (Map.Entry<String, JsonNode> m : members) {
        gen.writeFieldName(m.getKey());
        writeCanonical(m.getValue(), gen);
      }
      gen.writeEndObject();
    } else if (node.isArray()) {
      gen.writeStartArray();
      for (JsonNode element : node) {
        writeCanonical(element, gen);
      }
      gen.writeEndArray();
    } else {
      MAPPER.writeTree(gen, node);
    }
  }
}
