package dev.failover.server;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.Secret;
import dev.failover.errors.Violations;
import dev.failover.spi.Texts;
import org.immutables.value.Value;

/**
 * A user name and secret with which the SDK authenticates to a server (Kea basic auth, an SSH
 * login to a Windows server, an OMAPI key). The secret never prints.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableCredential.class)
@JsonDeserialize(as = ImmutableCredential.class)
public interface Credential {

  /** {@return the user name the SDK logs in with (SSH user, HTTP basic-auth user, OMAPI key name)} */
  @Value.Parameter
  String user();

  /** {@return the password or key passphrase; never printed} */
  @Value.Parameter
  @Value.Redacted
  Secret secret();

  /**
   * {@return a credential}
   *
   * @param user the user name
   * @param secret the password
   */
  static Credential of(String user, Secret secret) {
    return ImmutableCredential.of(user, secret);
  }

  /** Checks the user name when a credential is built. */
  @Value.Check
  default void check() {
    Violations.collect()
        .check(!user().isEmpty() && Texts.printable(user()), "user", Texts.quoted(user()),
            "must be non-empty text without control characters")
        .throwIfAny("credential");
  }
}
