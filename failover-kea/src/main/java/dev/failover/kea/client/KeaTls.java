package dev.failover.kea.client;

import dev.failover.FailoverStyle;
import dev.failover.errors.Violations;
import java.nio.file.Path;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * TLS towards a Kea HTTPS control channel: the PEM file of the certificate authorities to trust
 * (Kea's {@code trust-anchor}), and optionally a client certificate and its key for servers that
 * require one ({@code cert-required}). The key must be an unencrypted PKCS #8 PEM
 * ({@code -----BEGIN PRIVATE KEY-----}); convert another with
 * {@code openssl pkcs8 -topk8 -nocrypt}. The server's certificate must name the host of the
 * endpoint URL (an IP address SAN for an IP literal).
 */
@Value.Immutable
@FailoverStyle
public interface KeaTls {

  /** {@return PEM file with one or more CA certificates} */
  Path trustAnchor();

  /** {@return PEM file with the client certificate (chain), sent when the server asks for one} */
  Optional<Path> certFile();

  /** {@return PEM file with the client certificate's private key (PKCS #8, unencrypted)} */
  Optional<Path> keyFile();

  /**
   * {@return TLS settings that trust the CAs in {@code trustAnchor}; no client certificate}
   *
   * @param trustAnchor a CA file or directory ({@code trust-anchor})
   */
  static KeaTls trusting(Path trustAnchor) {
    return ImmutableKeaTls.builder().trustAnchor(trustAnchor).build();
  }

  /**
   * {@return TLS settings that trust the CAs in {@code trustAnchor} and authenticate with a client certificate}
   *
   * @param trustAnchor a CA file or directory ({@code trust-anchor})
   * @param certFile the client certificate ({@code cert-file})
   * @param keyFile its private key ({@code key-file})
   */
  static KeaTls withClientCertificate(Path trustAnchor, Path certFile, Path keyFile) {
    return ImmutableKeaTls.builder().trustAnchor(trustAnchor).certFile(certFile).keyFile(keyFile).build();
  }

  /** Checks that the certificate and key are given both or neither. */
  @Value.Check
  default void check() {
    Violations.collect()
        .check(certFile().isPresent() == keyFile().isPresent(), "certFile/keyFile",
            certFile().map(Path::toString).orElse("(none)") + " / " + keyFile().map(Path::toString).orElse("(none)"),
            "must be given both or neither (as Kea requires of cert-file and key-file)")
        .throwIfAny("Kea TLS settings");
  }
}
