package dev.failover.windows.ps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.failover.scope.Ipv4Address;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the shapes {@code ConvertTo-Json} gives .NET and CIM values (windows-output-shapes.md):
 * one object or an array for a pipeline; {@code System.Net.IPAddress} as an object (with
 * {@code IPAddressToString} on top-level properties, without it inside arrays, {@code Address}
 * the little-endian integer); address arrays bare or wrapped in {@code {"value":[…],"Count":n}};
 * TimeSpans as objects of ticks or as {@code d.hh:mm:ss} text; DateTimes as
 * {@code "/Date(ms)/"}, as an object with a {@code value}, or as ISO text; enums as names or
 * numbers.
 */
public final class PsJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern MS_DATE = Pattern.compile("/Date\\((-?\\d+)([+-]\\d{4})?\\)/");
  private static final Pattern TIMESPAN = Pattern.compile(
      "(-)?(?:(\\d+)\\.)?(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,7}))?)?");

  private PsJson() {}

  /**
   * Parses JSON text; a blank text is JSON null.
   *
   * @param json the text
   * @return the JSON tree
   */
  public static JsonNode parse(String json) {
    if (json == null || json.isBlank()) {
      return NullNode.getInstance();
    }
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * {@return a pipeline's objects: none for null, the elements of an array, or the one object}
   *
   * @param node the printed value
   */
  public static List<JsonNode> items(JsonNode node) {
    List<JsonNode> out = new ArrayList<>();
    if (node == null || node.isNull() || node.isMissingNode()) {
      return out;
    }
    if (node.isArray()) {
      node.forEach(out::add);
    } else {
      out.add(node);
    }
    return out;
  }

  /**
   * {@return an IPv4 address in any of its printed shapes; empty for null}
   *
   * @param node the printed value
   */
  public static Optional<Ipv4Address> address(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return Optional.empty();
    }
    if (node.isTextual()) {
      return Optional.of(Ipv4Address.parse(node.asText().trim()));
    }
    if (node.isObject()) {
      JsonNode text = node.get("IPAddressToString");
      if (text != null && text.isTextual()) {
        return Optional.of(Ipv4Address.parse(text.asText()));
      }
      JsonNode family = node.get("AddressFamily");
      if (family != null && !(family.asInt() == 2 || "InterNetwork".equals(family.asText()))) {
        throw new IllegalArgumentException("not an IPv4 address: AddressFamily " + family.asText());
      }
      JsonNode raw = node.get("Address");
      if (raw != null && raw.canConvertToLong()) {
        long le = raw.asLong();
        int bits = (int) (((le & 0xff) << 24) | ((le & 0xff00) << 8) | ((le >>> 8) & 0xff00) | ((le >>> 24) & 0xff));
        return Optional.of(Ipv4Address.ofBits(bits));
      }
      JsonNode value = node.get("value");
      if (value != null) {
        return address(value);
      }
    }
    throw new IllegalArgumentException("not an IPv4 address: " + node);
  }

  /**
   * {@return an address array: bare, wrapped in value/Count, or a single address}
   *
   * @param node the printed value
   */
  public static List<Ipv4Address> addresses(JsonNode node) {
    List<Ipv4Address> out = new ArrayList<>();
    if (node == null || node.isNull() || node.isMissingNode()) {
      return out;
    }
    JsonNode list = node.isObject() && node.has("value") && node.get("value").isArray() ? node.get("value") : node;
    if (list.isArray()) {
      list.forEach(n -> address(n).ifPresent(out::add));
    } else {
      address(list).ifPresent(out::add);
    }
    return out;
  }

  /**
   * {@return a list of texts: a bare array, value/Count, or one text}
   *
   * @param node the printed value
   */
  public static List<String> texts(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull() || node.isMissingNode()) {
      return out;
    }
    JsonNode list = node.isObject() && node.has("value") ? node.get("value") : node;
    if (list.isArray()) {
      list.forEach(n -> out.add(n.asText()));
    } else {
      out.add(list.asText());
    }
    return out;
  }

  /**
   * {@return a TimeSpan: the object form (Ticks), {@code [-][d.]hh:mm[:ss[.fffffff]]} text, ISO-8601 text, or a tick count}
   *
   * @param node the printed value
   */
  public static Optional<Duration> timeSpan(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return Optional.empty();
    }
    if (node.isObject()) {
      JsonNode ticks = node.get("Ticks");
      if (ticks != null && ticks.canConvertToLong()) {
        return Optional.of(ticks(ticks.asLong()));
      }
      JsonNode total = node.get("TotalSeconds");
      if (total != null && total.isNumber()) {
        return Optional.of(Duration.ofMillis(Math.round(total.asDouble() * 1000)));
      }
      throw new IllegalArgumentException("not a TimeSpan: " + node);
    }
    if (node.isIntegralNumber()) {
      return Optional.of(ticks(node.asLong()));
    }
    String text = node.asText().trim();
    Matcher m = TIMESPAN.matcher(text);
    if (m.matches()) {
      Duration d = Duration.ofDays(m.group(2) == null ? 0 : Long.parseLong(m.group(2)))
          .plusHours(Long.parseLong(m.group(3))).plusMinutes(Long.parseLong(m.group(4)))
          .plusSeconds(m.group(5) == null ? 0 : Long.parseLong(m.group(5)));
      if (m.group(6) != null) {
        d = d.plusNanos(Long.parseLong((m.group(6) + "0000000").substring(0, 7)) * 100);
      }
      return Optional.of(m.group(1) != null ? d.negated() : d);
    }
    try {
      return Optional.of(Duration.parse(text));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a TimeSpan: " + text, e);
    }
  }

  private static Duration ticks(long ticks) {
    return Duration.ofSeconds(ticks / 10_000_000L, (ticks % 10_000_000L) * 100);
  }

  /**
   * {@return a DateTime: Windows PowerShell's {@code "/Date(1700000000000)/"} (milliseconds since 1970,
   * optionally with a {@code +hhmm} offset that does not change the instant), the object form
   * {@code {"value":"/Date(…)/","DateTime":"…"}}, or PowerShell 7's ISO text (a time without
   * offset is read as UTC)}
   *
   * @param node the printed value
   */
  public static Optional<Instant> dateTime(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return Optional.empty();
    }
    if (node.isObject()) {
      JsonNode value = node.get("value");
      if (value == null) {
        throw new IllegalArgumentException("not a DateTime: " + node);
      }
      return dateTime(value);
    }
    String text = node.asText().trim();
    Matcher m = MS_DATE.matcher(text);
    if (m.find()) {
      return Optional.of(Instant.ofEpochMilli(Long.parseLong(m.group(1))));
    }
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException("not a DateTime: " + text, e2);
      }
    }
  }

  /**
   * {@return a text property; empty for a missing or null property}
   *
   * @param object the object
   * @param field the property's name
   */
  public static Optional<String> text(JsonNode object, String field) {
    JsonNode n = object.get(field);
    return n == null || n.isNull() ? Optional.empty() : Optional.of(n.asText());
  }

  /**
   * {@return a text property, empty also when it is {@code ""}}
   *
   * @param object the object
   * @param field the property's name
   */
  public static Optional<String> nonEmptyText(JsonNode object, String field) {
    return text(object, field).filter(s -> !s.isEmpty());
  }

  /**
   * {@return a whole number property (numbers or numeric text)}
   *
   * @param object the object
   * @param field the property's name
   */
  public static OptionalInt integer(JsonNode object, String field) {
    JsonNode n = object.get(field);
    if (n == null || n.isNull()) {
      return OptionalInt.empty();
    }
    if (n.canConvertToInt() || (n.isTextual() && n.asText().trim().matches("-?\\d{1,9}"))) {
      return OptionalInt.of(n.isTextual() ? Integer.parseInt(n.asText().trim()) : n.asInt());
    }
    throw new IllegalArgumentException(field + " is not a whole number: " + n);
  }

  /**
   * {@return a boolean property ({@code true}, {@code "True"}, 1)}
   *
   * @param object the object
   * @param field the property's name
   */
  public static Optional<Boolean> bool(JsonNode object, String field) {
    JsonNode n = object.get(field);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (n.isBoolean()) {
      return Optional.of(n.asBoolean());
    }
    if (n.isNumber()) {
      return Optional.of(n.asInt() != 0);
    }
    String t = n.asText().trim();
    if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
      return Optional.of(Boolean.parseBoolean(t));
    }
    throw new IllegalArgumentException(field + " is not a boolean: " + n);
  }

  /**
   * {@return an enum property as text, whether printed as a name or a number}
   *
   * @param object the object
   * @param field the property's name
   */
  public static Optional<String> enumText(JsonNode object, String field) {
    JsonNode n = object.get(field);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (n.isObject() && n.has("value")) {
      return Optional.of(n.get("value").asText());
    }
    return Optional.of(n.asText());
  }

  /** The mapper behind these readers. */
  static ObjectMapper mapper() {
    return MAPPER;
  }
}
