package dev.failover.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import java.util.List;

/**
 * The JSON mapping of every SDK value: plans, scopes, relationships, states, decisions and
 * audit events. Durations and instants are ISO-8601 text, optional values are omitted when
 * empty, and {@link dev.failover.Secret secrets} are always written as {@code "***"}.
 *
 * <pre>{@code
 * String json = FailoverJson.write(plan);
 * Plan back = FailoverJson.read(json, Plan.class);
 * }</pre>
 */
public final class FailoverJson {

  private static final ObjectMapper MAPPER = newMapper();

  private FailoverJson() {}

  /** {@return a new mapper configured the SDK's way, for callers who want to add their own modules} */
  public static ObjectMapper newMapper() {
    return JsonMapper.builder()
        .addModule(new Jdk8Module())
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .serializationInclusion(JsonInclude.Include.NON_ABSENT)
        .build();
  }

  /** {@return the shared, already configured mapper (thread-safe; do not reconfigure it)} */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * {@return the value as compact JSON}
   *
   * @param value the value
   */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON: "
          + e.getOriginalMessage(), e);
    }
  }

  /**
   * {@return the value as indented JSON, for people}
   *
   * @param value the value
   */
  public static String writePretty(Object value) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON: "
          + e.getOriginalMessage(), e);
    }
  }

  /**
   * Reads a value; malformed or invalid input is a {@link ValidationException} whose violation
   * names the JSON location, never an unchecked parser exception.
   *
   * @param <T> the value's type
   * @param json the JSON text
   * @param type the value's type, for example {@code Relationship.class}
   * @return the value read, validated as its type requires
   */
  public static <T> T read(String json, Class<T> type) {
    try {
      T value = MAPPER.readValue(json, type);
      if (value == null) {
        throw new ValidationException("JSON " + type.getSimpleName(), List.of(new Violation("json",
            Violation.shown(String.valueOf(json).strip()), "must be a JSON object, not null")));
      }
      return value;
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ValidationException ve) {
        throw ve;
      }
      String where = e.getLocation() == null ? "?" : "line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr();
      throw new ValidationException("JSON " + type.getSimpleName(),
          List.of(new Violation(e instanceof com.fasterxml.jackson.databind.JsonMappingException m
              ? m.getPathReference() : "json", where,
              "must be valid JSON for " + type.getSimpleName() + ": " + e.getOriginalMessage())));
    }
  }
}
