package dev.failover.spi;

import dev.failover.json.FailoverJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Fingerprints as the SDK writes them: SHA-256 in lower-case hex. A backend fingerprints the
 * configuration it read ({@link #sha256(byte[])}); values are fingerprinted through their JSON
 * form ({@link #ofJson(Object)}), so equal values have equal fingerprints wherever computed.
 */
public final class Fingerprints {

  private Fingerprints() {}

  /**
   * {@return SHA-256 of the bytes, lower-case hex}
   *
   * @param bytes the content
   */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * {@return SHA-256 of the value's JSON ({@link FailoverJson#write}, UTF-8), lower-case hex}
   *
   * @param value the value
   */
  public static String ofJson(Object value) {
    return sha256(FailoverJson.write(value).getBytes(StandardCharsets.UTF_8));
  }
}
