package dev.failover.kea.client;

import dev.failover.FailoverStyle;
import dev.failover.Violations;
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

  /** PEM file with one or more CA certificates. */
  Path trustAnchor();

  /** PEM file with the client certificate (chain), sent when the server asks for one. */
  Optional<Path> certFile();

  /** PEM file with the client certificate's private key (PKCS #8, unencrypted). */
  Optional<Path> keyFile();

  /** Trust the CAs in {@code trustAnchor}; no client certificate. */
  static KeaTls trusting(Path trustAnchor) {
    return ImmutableKeaTls.builder().trustAnchor(trustAnchor).build();
  }

  /** Trust the CAs in {@code trustAnchor} and authenticate with a client certificate. */
  static KeaTls withClientCertificate(Path trustAnchor, Path certFile, Path keyFile) {
    return ImmutableKeaTls.builder().trustAnchor(trustAnchor).certFile(certFile).keyFile(keyFile).build();
  }

  @Value.Check
  default void check() {
    Violations.collect()
        .check(certFile().isPresent() == keyFile().isPresent(), "certFile/keyFile",
            certFile().map(Path::toString).orElse("(none)") + " / " + keyFile().map(Path::toString).orElse("(none)"),
            "must be given both or neither (as Kea requires of cert-file and key-file)")
        .throwIfAny("Kea TLS settings");
  }
}
