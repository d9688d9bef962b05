package dev.failover.testkit.kea;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * What a fake's {@code config-write} put into its (in-memory) file: the configuration Kea would
 * write, the exact text ({@code isc::data::prettyPrint}, whose byte length is the {@code size}
 * the answer reports) and the file name.
 *
 * <p>{@link #toString()} leaves the configuration out: it may hold HA peers' passwords.
 *
 * @param at when it was written, on the fake's clock
 * @param filename the file name the answer reported
 * @param configuration the written configuration, {@code {"Dhcp4": …}} (a copy on every call)
 * @param text the file's content
 */
public record KeaPersistedConfig(Instant at, String filename, JsonNode configuration,
    String text) {

  /**
   * A record.
   *
   * @param at when it was written
   * @param filename the file name the answer reported
   * @param configuration the written configuration
   * @param text the file's content
   */
  public KeaPersistedConfig {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(filename, "filename");
    configuration = configuration.deepCopy();
    Objects.requireNonNull(text, "text");
  }

  /** {@return the written configuration (a fresh copy)} */
  @Override
  public JsonNode configuration() {
    return configuration.deepCopy();
  }

  /** {@return the file's size in bytes, as {@code config-write} reports it} */
  public long size() {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  @Override
  public String toString() {
    return "KeaPersistedConfig[" + at + " " + filename + ", " + size() + " bytes]";
  }
}
