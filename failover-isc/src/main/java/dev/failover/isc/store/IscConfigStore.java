package dev.failover.isc.store;

import dev.failover.isc.conf.IscConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Where a server's dhcpd configuration is kept. A write names the fingerprint of the state it
 * was computed from and is refused with a {@link dev.failover.errors.ConflictException} when the
 * configuration changed since; a configuration the server's own check refuses is never written
 * ({@link dev.failover.errors.BackendException} of kind {@code REJECTED}, with dhcpd's message).
 */
public interface IscConfigStore {

  /**
   * Reads the configuration (main file and includes) and the fingerprint of its bytes.
   *
   * @return the configuration and the fingerprint of its bytes
   */
  IscConfigSnapshot read();

  /**
   * Replaces the configuration with {@code config}, if the stored one still has
   * {@code expectedFingerprint}; returns the fingerprint of what was written.
   *
   * @param config the configuration to write
   * @param expectedFingerprint the fingerprint the plan was made from
   * @return the fingerprint of what was written
   */
  String write(IscConfig config, String expectedFingerprint);

  /**
   * Asks the server's own check ({@code dhcpd -t} for local files) whether it would accept
   * {@code config}, changing nothing; a refusal is a {@link dev.failover.errors.BackendException} of kind
   * {@code REJECTED} with the checker's message. A store without a checker accepts everything.
   *
   * @param config the configuration to check
   */
  default void check(IscConfig config) {
    java.util.Objects.requireNonNull(config, "config");
  }

  /**
   * {@return the fingerprint of a set of files: SHA-256 over, for each file in order (main file first),
   * its name in UTF-8, a zero byte, its length as 8 big-endian bytes and its bytes; lower-case hex}
   *
   * @param files each file's bytes by name, main file first
   */
  static String fingerprint(Map<String, byte[]> files) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      sha.update(f.getKey().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      long n = f.getValue().length;
      for (int i = 7; i >= 0; i--) {
        sha.update((byte) (n >>> (8 * i)));
      }
      sha.update(f.getValue());
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
