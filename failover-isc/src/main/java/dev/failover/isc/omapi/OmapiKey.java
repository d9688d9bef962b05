package dev.failover.isc.omapi;

import dev.failover.FailoverStyle;
import dev.failover.Secret;
import dev.failover.errors.Violations;
import java.util.Base64;
import org.immutables.value.Value;

/**
 * The OMAPI key a client signs its messages with: the name and base64 secret of a dhcpd.conf
 * {@code key} statement that {@code omapi-key} names, for example
 *
 * <pre>
 * key omapi-admin { algorithm hmac-md5; secret "dGVzdC1vbmx5LW9tYXBpLWtleQ=="; }
 * omapi-key omapi-admin;
 * </pre>
 *
 * is {@code OmapiKey.hmacMd5("omapi-admin", Secret.of("dGVzdC1vbmx5LW9tYXBpLWtleQ=="))}.
 * HMAC-MD5 is the one algorithm dhcpd 4.4's OMAPI signs with. The secret never prints.
 *
 * <p>Rules: the name is 1 to 255 characters of letters, digits, {@code .}, {@code _} and
 * {@code -} (a dhcpd key name); the secret is base64 of at least one byte.
 */
@Value.Immutable
@FailoverStyle
public abstract class OmapiKey {

  /**
   * The algorithm name the client announces, as dhcpd stores {@code algorithm hmac-md5;} (it
   * compares names ignoring case, so {@code HMAC-MD5.SIG-ALG.REG.INT} in dhcpd.conf matches too).
   */
  public static final String HMAC_MD5_ALGORITHM = "hmac-md5.SIG-ALG.REG.INT.";

  private static final int MAX_NAME_LENGTH = 255;

  /** {@return the key's name, as in dhcpd.conf's {@code key NAME { … }}} */
  public abstract String name();

  /** {@return the key's secret: the base64 text of dhcpd.conf's {@code secret "…";}} */
  @Value.Redacted
  public abstract Secret secret();

  /** {@return the algorithm the client announces for the key; always {@link #HMAC_MD5_ALGORITHM}} */
  @Value.Derived
  public String algorithm() {
    return HMAC_MD5_ALGORITHM;
  }

  /**
   * {@return an HMAC-MD5 key with that name and base64 secret}
   *
   * @param name the key's name, as in dhcpd's {@code key} statement
   * @param secret the base64 secret
   */
  public static OmapiKey hmacMd5(String name, Secret secret) {
    return ImmutableOmapiKey.builder().name(name).secret(secret).build();
  }

  /** {@return a builder; {@code name} and {@code secret} are required} */
  public static ImmutableOmapiKey.Builder builder() {
    return ImmutableOmapiKey.builder();
  }

  /** The decoded secret, for the signer. */
  final byte[] secretBytes() {
    return Base64.getDecoder().decode(secret().reveal().trim());
  }

  /** Checks the name and secret when the key is built (a secret read back from JSON is refused). */
  @Value.Check
  protected void check() {
    Violations v = Violations.collect();
    String name = name();
    v.check(!name.isEmpty() && name.length() <= MAX_NAME_LENGTH, "name", name,
        "must be 1 to " + MAX_NAME_LENGTH + " characters");
    v.check(name.chars().allMatch(OmapiKey::nameChar), "name", name,
        "must consist of letters, digits, '.', '_' and '-' (a dhcpd key name)");
    Secret secret = secret();
    if (secret.isRedacted()) {
      v.check(false, "secret", secret, "was redacted (read back from JSON); supply it again");
    } else {
      v.check(decodedLength(secret.reveal()) > 0, "secret", secret,
          "must be base64 of at least one byte, as dhcpd.conf's secret statement");
    }
    v.throwIfAny("OMAPI key");
  }

  private static boolean nameChar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
        || c == '-';
  }

  private static int decodedLength(String base64) {
    try {
      return Base64.getDecoder().decode(base64.trim()).length;
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }
}
