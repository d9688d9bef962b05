package dev.failover.testkit.kea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Kea's own JSON dialect, as {@code isc::data::Element} reads and writes it (Kea 2.2
 * {@code src/lib/cc/data.cc}), so the fake answers byte for byte the way the real server does.
 *
 * <p>What differs from plain JSON, and why it matters to a client:
 * <ul>
 *   <li>Reading works on bytes: a {@code \}{@code u} escape must be {@code \}{@code u00XX} and stands for one
 *       byte; anything else is a parse error (the agent then answers 400). Raw UTF-8 passes.</li>
 *   <li>A list may end with a trailing comma ({@code [1,]}); a map may not.</li>
 *   <li>Whitespace includes backspace and form feed.</li>
 *   <li>Writing ({@code Element::str()}) sorts map keys, separates with {@code ", "} and
 *       {@code ": "}, pads brackets ({@code "{ ... }"}, {@code "[  ]"} when empty), prints doubles
 *       like C++ {@code ostream} ({@code %g}, six significant digits) and escapes every byte of a
 *       non-ASCII character as {@code \}{@code u00XX}.</li>
 *   <li>Every element remembers the position where it started: {@code <wire>:0:N} when the text
 *       came over the agent's unix socket, {@code <string>:L:C} when parsed from an HTTP body.</li>
 * </ul>
 */
final class FakeKeaJson {

  static final String WIRE = "<wire>";
  static final String STRING = "<string>";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_DEPTH = 512;

  private FakeKeaJson() {
  }

  /** Where an element started in the text Kea parsed it from. */
  record Position(String file, int line, int column) {
    @Override
    public String toString() {
      return file + ":" + line + ":" + column;
    }
  }

  /** A parse failure, worded as Kea words it. */
  static final class ParseException extends Exception {
    ParseException(String message) {
      super(message);
    }
  }

  /** A parsed tree with the start position of each of its elements (by identity). */
  record Parsed(JsonNode root, Map<JsonNode, Position> positions) {
    Position positionOf(JsonNode node) {
      Position p = positions.get(node);
      return p == null ? new Position(STRING, 0, 0) : p;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Reading
  // ---------------------------------------------------------------------------------------------

  /**
   * Parses like {@code Element::fromJSON(const std::string&)}: positions start at line 1, column
   * 1, file {@code <string>}; trailing data other than whitespace is an error.
   */
  static Parsed parse(byte[] text) throws ParseException {
    Reader reader = new Reader(text, STRING, 1, 1);
    JsonNode root = reader.element(0);
    reader.skipWhitespace();
    if (reader.index < text.length) {
      throw new ParseException("Extra data in " + STRING + ":" + reader.line + ":" + reader.pos);
    }
    return new Parsed(root, reader.positions);
  }

  private static final class Reader {
    private final byte[] in;
    private final String file;
    private final IdentityHashMap<JsonNode, Position> positions = new IdentityHashMap<>();
    private int index;
    private int line;
    private int pos;

    Reader(byte[] in, String file, int line, int pos) {
      this.in = in;
      this.file = file;
      this.line = line;
      this.pos = pos;
    }

    private int peek() {
      return index < in.length ? in[index] & 0xff : -1;
    }

    private int get() {
      return index < in.length ? in[index++] & 0xff : -1;
    }

    private static boolean isWhitespace(int c) {
      return c == ' ' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t';
    }

    void skipWhitespace() {
      int c = peek();
      while (c != -1 && isWhitespace(c)) {
        if (c == '\n') {
          line++;
          pos = 1;
        } else {
          pos++;
        }
        index++;
        c = peek();
      }
    }

    private ParseException error(String message, int atPos) {
      return new ParseException(message + " in " + file + ":" + line + ":" + atPos);
    }

    /** Kea's skipTo: reads up to one of {@code chars}, skipping whitespace around it. */
    private int skipTo(String chars) throws ParseException {
      int c = get();
      pos++;
      while (c != -1) {
        if (c == '\n') {
          pos = 1;
          line++;
        }
        if (isWhitespace(c)) {
          c = get();
          pos++;
        } else if (chars.indexOf(c) >= 0) {
          while (peek() != -1 && isWhitespace(peek())) {
            if (peek() == '\n') {
              pos = 1;
              line++;
            } else {
              pos++;
            }
            index++;
          }
          return c;
        } else {
          throw error("'" + (char) c + "' read, one of \"" + chars + "\" expected", pos);
        }
      }
      throw error("EOF read, one of \"" + chars + "\" expected", pos);
    }

    JsonNode element(int depth) throws ParseException {
      if (depth > MAX_DEPTH) {
        throw error("nesting too deep", pos);
      }
      skipWhitespace();
      int c = get();
      pos++;
      if (c == -1) {
        throw new ParseException("nothing read");
      }
      switch (c) {
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
        case '8': case '9': case '-': case '+': case '.':
          index--;
          pos--;
          return number();
        case 't': case 'f':
          index--;
          pos--;
          return word(true);
        case 'n':
          index--;
          pos--;
          return word(false);
        case '"': {
          index--;
          pos--;
          int start = pos;
          String s = string();
          JsonNode node = NODES.textNode(s);
          positions.put(node, new Position(file, line, start));
          return node;
        }
        case '[':
          return list(depth);
        case '{':
          return map(depth);
        default:
          throw error("error: unexpected character " + (char) c, pos);
      }
    }

    private JsonNode number() throws ParseException {
      int start = pos;
      StringBuilder sb = new StringBuilder();
      int c = peek();
      while (c != -1 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == 'e'
          || c == 'E')) {
        sb.append((char) get());
        c = peek();
      }
      pos += sb.length();
      String text = sb.toString();
      JsonNode node;
      try {
        if (text.indexOf('.') >= 0 || text.indexOf('e') >= 0 || text.indexOf('E') >= 0) {
          node = NODES.numberNode(Double.parseDouble(text));
        } else {
          node = integer(Long.parseLong(text));
        }
      } catch (NumberFormatException e) {
        throw error("Number overflow: " + text, start);
      }
      positions.put(node, new Position(file, line, start));
      return node;
    }

    private JsonNode word(boolean bool) throws ParseException {
      int start = pos;
      StringBuilder sb = new StringBuilder();
      int c = peek();
      while (c != -1 && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
        sb.append((char) get());
        c = peek();
      }
      pos += sb.length();
      String w = sb.toString();
      JsonNode node;
      if (bool) {
        if (w.equals("true")) {
          node = NODES.booleanNode(true);
        } else if (w.equals("false")) {
          node = NODES.booleanNode(false);
        } else {
          throw error("Bad boolean value: " + w, start);
        }
      } else {
        if (!w.equals("null")) {
          throw error("Bad null value: " + w, start);
        }
        node = NODES.nullNode();
      }
      positions.put(node, new Position(file, line, start));
      return node;
    }

    private static int hex(int d) {
      if (d >= '0' && d <= '9') {
        return d - '0';
      }
      if (d >= 'A' && d <= 'F') {
        return d - 'A' + 10;
      }
      if (d >= 'a' && d <= 'f') {
        return d - 'a' + 10;
      }
      return -1;
    }

    private String string() throws ParseException {
      int c = get();
      pos++;
      if (c != '"') {
        throw error("String expected", pos);
      }
      // Fast path: no escape before the closing quote.
      int start = index;
      int end = start;
      while (end < in.length && in[end] != '"' && in[end] != '\\') {
        end++;
      }
      if (end < in.length && in[end] == '"') {
        int length = end - start;
        index = end + 1;
        pos += length + 1;
        return new String(in, start, length, StandardCharsets.UTF_8);
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      c = get();
      pos++;
      while (c != -1 && c != '"') {
        if (c == '\\') {
          int e = peek();
          switch (e) {
            case '"':
              c = '"';
              break;
            case '/':
              c = '/';
              break;
            case '\\':
              c = '\\';
              break;
            case 'b':
              c = '\b';
              break;
            case 'f':
              c = '\f';
              break;
            case 'n':
              c = '\n';
              break;
            case 'r':
              c = '\r';
              break;
            case 't':
              c = '\t';
              break;
            case 'u': {
              index++;
              pos++;
              if (peek() != '0') {
                throw error("Unsupported unicode escape", pos);
              }
              index++;
              pos++;
              if (peek() != '0') {
                throw error("Unsupported unicode escape", pos - 2);
              }
              index++;
              pos++;
              int hi = hex(peek());
              if (hi < 0) {
                throw error("Not hexadecimal in unicode escape", pos - 3);
              }
              index++;
              pos++;
              int lo = hex(peek());
              if (lo < 0) {
                throw error("Not hexadecimal in unicode escape", pos - 4);
              }
              c = (hi << 4) | lo;
              break;
            }
            default:
              throw error("Bad escape", pos);
          }
          index++;
          pos++;
        }
        bytes.write(c);
        c = get();
        pos++;
      }
      if (c == -1) {
        throw error("Unterminated string", pos);
      }
      // Malformed UTF-8 becomes U+FFFD, as a replacing decoder would make it.
      return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
    }

    private JsonNode list(int depth) throws ParseException {
      ArrayNode list = NODES.arrayNode();
      positions.put(list, new Position(file, line, pos));
      skipWhitespace();
      int c = 0;
      while (c != -1 && c != ']') {
        if (peek() != ']') {
          list.add(element(depth + 1));
          c = skipTo(",]");
        } else {
          c = get();
          pos++;
        }
      }
      return list;
    }

    private JsonNode map(int depth) throws ParseException {
      ObjectNode map = NODES.objectNode();
      positions.put(map, new Position(file, line, pos));
      skipWhitespace();
      int c = peek();
      if (c == -1) {
        throw error("Unterminated map, <string> or } expected", pos);
      } else if (c == '}') {
        index++;
      } else {
        while (c != -1 && c != '}') {
          String key = string();
          skipTo(":");
          JsonNode value = element(depth + 1);
          map.set(key, value);
          c = skipTo(",}");
        }
      }
      return map;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Writing
  // ---------------------------------------------------------------------------------------------

  /** {@code Element::str()}: the one-line form Kea sends over its sockets and HTTP. */
  static String toWire(JsonNode node) {
    StringBuilder out = new StringBuilder();
    write(node, out, null);
    return out.toString();
  }

  /**
   * The positions Kea gives the elements of {@code node} after the agent forwarded it over the
   * unix socket ({@code Element::fromWire} of {@code toWire()}): line 0, column counted from 0.
   */
  static Map<JsonNode, Position> wirePositions(JsonNode node) {
    IdentityHashMap<JsonNode, Position> positions = new IdentityHashMap<>();
    write(node, new StringBuilder(), positions);
    return positions;
  }

  private static void write(JsonNode node, StringBuilder out, Map<JsonNode, Position> positions) {
    if (node.isObject()) {
      if (positions != null) {
        positions.put(node, new Position(WIRE, 0, out.length() + 1));
      }
      out.append("{ ");
      boolean first = true;
      for (Map.Entry<String, JsonNode> e : sorted(node)) {
        if (!first) {
          out.append(", ");
        }
        first = false;
        out.append('"').append(e.getKey()).append("\": ");
        write(e.getValue(), out, positions);
      }
      out.append(" }");
    } else if (node.isArray()) {
      if (positions != null) {
        positions.put(node, new Position(WIRE, 0, out.length() + 1));
      }
      out.append("[ ");
      boolean first = true;
      for (JsonNode item : node) {
        if (!first) {
          out.append(", ");
        }
        first = false;
        write(item, out, positions);
      }
      out.append(" ]");
    } else {
      if (positions != null) {
        positions.put(node, new Position(WIRE, 0, out.length()));
      }
      scalar(node, out);
    }
  }

  /** The fields of a map in Kea's (std::map) order; cheap when they already are. */
  static List<Map.Entry<String, JsonNode>> sorted(JsonNode map) {
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(map.size());
    Iterator<Map.Entry<String, JsonNode>> fields = map.fields();
    boolean ordered = true;
    String last = null;
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      if (last != null && compareUtf8(last, e.getKey()) > 0) {
        ordered = false;
      }
      last = e.getKey();
      entries.add(e);
    }
    if (!ordered) {
      entries.sort((x, y) -> compareUtf8(x.getKey(), y.getKey()));
    }
    return entries;
  }

  /** Re-inserts the fields of {@code map} in Kea's order (the values are not copied). */
  static void reorder(ObjectNode map) {
    List<Map.Entry<String, JsonNode>> entries = sorted(map);
    Map<String, JsonNode> ordered = new java.util.LinkedHashMap<>();
    entries.forEach(e -> ordered.put(e.getKey(), e.getValue()));
    map.removeAll();
    map.setAll(ordered);
  }

  /** UTF-8 byte order, which is code point order. */
  private static int compareUtf8(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static void scalar(JsonNode node, StringBuilder out) {
    if (node.isTextual()) {
      quote(node.textValue(), out);
    } else if (node.isBoolean()) {
      out.append(node.booleanValue() ? "true" : "false");
    } else if (node.isIntegralNumber()) {
      out.append(node.bigIntegerValue().toString());
    } else if (node.isNumber()) {
      out.append(formatDouble(node.doubleValue()));
    } else if (node.isPojo() && ((com.fasterxml.jackson.databind.node.POJONode) node).getPojo()
        instanceof com.fasterxml.jackson.databind.util.RawValue raw) {
      // a value written exactly as the fake was told (Kea 2.6's "0.0" statistics)
      out.append(raw.rawValue());
    } else {
      out.append("null");
    }
  }

  /** {@code StringElement::toJSON}: escapes per byte, non-ASCII bytes as {@code \}{@code u00XX}. */
  static void quote(String value, StringBuilder out) {
    out.append('"');
    boolean plain = true;
    for (int i = 0; i < value.length() && plain; i++) {
      char c = value.charAt(i);
      plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
    }
    if (plain) {
      out.append(value).append('"');
      return;
    }
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20 || c >= 0x7f) {
            out.append("\\u00");
            out.append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
          } else {
            out.append((char) c);
          }
      }
    }
    out.append('"');
  }

  /** A double as C++ {@code ostream << double} prints it (printf {@code %g}, precision 6). */
  static String formatDouble(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return (Double.doubleToRawLongBits(d) < 0) ? "-0" : "0";
    }
    BigDecimal rounded = new BigDecimal(d).round(new MathContext(6, RoundingMode.HALF_EVEN));
    int exponent = rounded.precision() - rounded.scale() - 1;
    if (exponent < -4 || exponent >= 6) {
      BigDecimal mantissa = rounded.movePointLeft(exponent);
      String m = stripZeros(mantissa.setScale(5, RoundingMode.UNNECESSARY).toPlainString());
      String e = Integer.toString(Math.abs(exponent));
      return m + "e" + (exponent < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
    }
    int decimals = Math.max(0, 5 - exponent);
    return stripZeros(rounded.setScale(decimals, RoundingMode.UNNECESSARY).toPlainString());
  }

  private static String stripZeros(String fixed) {
    if (fixed.indexOf('.') < 0) {
      return fixed;
    }
    int end = fixed.length();
    while (fixed.charAt(end - 1) == '0') {
      end--;
    }
    if (fixed.charAt(end - 1) == '.') {
      end--;
    }
    return fixed.substring(0, end);
  }

  /**
   * {@code isc::data::prettyPrint} with the default indent step of 2: what {@code config-write}
   * puts in the file (its {@code size} answer is this text's length in bytes).
   */
  static String prettyPrint(JsonNode node) {
    StringBuilder out = new StringBuilder();
    pretty(node, out, 0);
    return out.toString();
  }

  private static void pretty(JsonNode node, StringBuilder out, int indent) {
    final int step = 2;
    if (node.isArray()) {
      if (node.isEmpty()) {
        out.append("[ ]");
        return;
      }
      JsonNode first = node.get(0);
      boolean complex = first.isArray() || first.isObject();
      out.append('[').append(complex ? "\n" : " ");
      List<JsonNode> items = new ArrayList<>();
      node.forEach(items::add);
      for (int i = 0; i < items.size(); i++) {
        if (i > 0) {
          out.append(complex ? ",\n" : ", ");
        }
        if (complex) {
          out.append(" ".repeat(indent + step));
        }
        pretty(items.get(i), out, indent + step);
      }
      if (complex) {
        out.append('\n').append(" ".repeat(indent));
      } else {
        out.append(' ');
      }
      out.append(']');
    } else if (node.isObject()) {
      if (node.isEmpty()) {
        out.append("{ }");
        return;
      }
      out.append("{\n");
      boolean first = true;
      for (Map.Entry<String, JsonNode> e : sorted(node)) {
        if (!first) {
          out.append(",\n");
        }
        first = false;
        out.append(" ".repeat(indent + step)).append('"').append(e.getKey()).append("\": ");
        pretty(e.getValue(), out, indent + step);
      }
      out.append('\n').append(" ".repeat(indent)).append('}');
    } else {
      scalar(node, out);
    }
  }

  /** An integer node of the type Jackson's own reader would make (int when it fits). */
  static JsonNode integer(long value) {
    return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
  }

  /**
   * A deep copy whose maps are ordered the way Kea prints them and whose integers have the node
   * type Jackson's reader gives them, so it equals the same JSON read by Jackson.
   */
  static JsonNode sortedCopy(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = NODES.objectNode();
      for (Map.Entry<String, JsonNode> e : sorted(node)) {
        copy.set(e.getKey(), sortedCopy(e.getValue()));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = NODES.arrayNode();
      node.forEach(item -> copy.add(sortedCopy(item)));
      return copy;
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return integer(node.longValue());
    }
    return node.deepCopy();
  }
}
