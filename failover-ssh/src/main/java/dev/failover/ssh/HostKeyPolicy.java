package dev.failover.ssh;

import java.security.PublicKey;
import java.util.Objects;
import org.apache.sshd.common.config.keys.KeyUtils;

/**
 * Which host key the SSH server must present: a pinned public key, or the OpenSSH fingerprint
 * of one ({@code SHA256:…}, as {@code ssh-keygen -lf} prints it). There is deliberately no
 * policy that accepts an unknown key.
 */
public final class HostKeyPolicy {

  private final PublicKey key;
  private final String fingerprint;

  private HostKeyPolicy(PublicKey key, String fingerprint) {
    this.key = key;
    this.fingerprint = fingerprint;
  }

  /**
   * {@return a policy that accepts exactly this key}
   *
   * @param key the server's public key
   */
  public static HostKeyPolicy pinned(PublicKey key) {
    return new HostKeyPolicy(Objects.requireNonNull(key, "key"), null);
  }

  /**
   * {@return a policy that accepts a key whose SHA-256 fingerprint is this ({@code SHA256:} followed by unpadded base64)}
   *
   * @param fingerprint the fingerprint, for example {@code SHA256:…}
   */
  public static HostKeyPolicy fingerprint(String fingerprint) {
    Objects.requireNonNull(fingerprint, "fingerprint");
    if (!fingerprint.matches("SHA256:[A-Za-z0-9+/]{43}")) {
      throw new IllegalArgumentException("a host key fingerprint looks like SHA256: and 43 base64 characters, was "
          + fingerprint);
    }
    return new HostKeyPolicy(null, fingerprint);
  }

  /**
   * {@return whether the server's key is the expected one}
   *
   * @param serverKey the key the server presented
   */
  public boolean accepts(PublicKey serverKey) {
    if (serverKey == null) {
      return false;
    }
    if (key != null) {
      return KeyUtils.compareKeys(key, serverKey);
    }
    return fingerprint.equals(KeyUtils.getFingerPrint(serverKey));
  }

  @Override
  public String toString() {
    return key != null ? "pinned " + KeyUtils.getFingerPrint(key) : "fingerprint " + fingerprint;
  }
}
