package dev.failover.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.errors.Violations;
import dev.failover.relationship.RelationshipName;
import dev.failover.spi.Texts;
import java.net.InetAddress;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * A DHCP server the SDK knows: its inventory id, its vendor, the address its failover partner
 * uses to reach it, and how the SDK itself reaches it.
 *
 * <p>{@link #endpoint()} is vendor-shaped: {@code http://127.0.0.1:8000/} for a Kea control
 * agent, {@code ssh://admin@dc1:22} for Windows, {@code file:///etc/dhcp/dhcpd.conf} for ISC.
 * {@link #options()} carries further connection settings that only the vendor's backend
 * reads (documented in each backend's README); it must never hold secrets, which go in
 * {@link #credential()}.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableServer.class)
@JsonDeserialize(as = ImmutableServer.class)
public interface Server {

  /** {@return the server's inventory id} */
  ServerId id();

  /** {@return which DHCP server software it runs} */
  Vendor vendor();

  /** {@return the IP literal or DNS name under which the partner server reaches this one} */
  String address();

  /** {@return how the SDK reaches the server's management interface} */
  URI endpoint();

  /** {@return backend-specific connection settings (no secrets)} */
  Map<String, String> options();

  /** {@return how the SDK logs in, where the vendor needs it (Windows SSH, Kea basic auth, ISC OMAPI key)} */
  Optional<Credential> credential();

  /**
   * {@return further credentials by purpose, for a server the SDK reaches in more than one way; each
   * backend names the purposes it reads (ISC over SSH: {@code omapi}, the OMAPI key beside the SSH
   * login in {@link #credential()})} Secrets never print.
   */
  Map<String, Credential> credentials();

  /**
   * {@return the relationships the server takes part in, as the inventory's author knows them; empty when
   * not said} Optional: the server's own configuration stays the truth. It tells the facade where
   * to look for a relationship it has not read yet, so the first call about a relationship reads
   * only the servers that declare it (without it, servers are read in inventory order until one
   * holds the relationship). A name declared on the wrong server costs reads, never a wrong answer.
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  Set<RelationshipName> relationships();

  /** {@return a builder for a server} */
  static ImmutableServer.Builder builder() {
    return ImmutableServer.builder();
  }

  /**
   * {@return a server with only the required parts}
   *
   * @param id the server's inventory id
   * @param vendor the server software
   * @param address the address the partner reaches it under
   * @param endpoint how the SDK reaches it, for example {@code http://127.0.0.1:8000/}
   */
  static Server of(String id, Vendor vendor, String address, URI endpoint) {
    return builder().id(ServerId.of(id)).vendor(vendor).address(address).endpoint(endpoint).build();
  }

  /** Checks the address, the endpoint and the options, all together. */
  @Value.Check
  default void check() {
    String userInfo = endpoint().getRawUserInfo();
    Violations v = Violations.collect()
        .check(isAddress(address()), "address", Texts.quoted(address()), "must be an IP literal or an RFC 1123 host name")
        .check(userInfo == null || userInfo.indexOf(':') < 0, "endpoint",
            userInfo == null ? "" : endpoint().toString().replace(userInfo + "@",
                userInfo.substring(0, userInfo.indexOf(':') < 0 ? 0 : userInfo.indexOf(':')) + ":***@"),
            "must not carry a password (user:password@): put the password in credential");
    options().forEach((key, value) -> v
        .check(!key.isEmpty() && Texts.printable(key) && Texts.printable(value), "options." + key, Texts.quoted(value),
            "must be text without control characters")
        .check(!key.toLowerCase(java.util.Locale.ROOT).matches(".*(secret|password|passwd|key).*"), "options." + key,
            "(hidden)", "must not hold a secret: put secrets in credential"));
    credentials().keySet().forEach(purpose -> v.check(!purpose.isEmpty() && Texts.printable(purpose),
        "credentials." + purpose, Texts.quoted(purpose), "must name the purpose as text without control characters"));
    v.throwIfAny("server " + id());
  }

  /**
   * {@return whether the text is an IPv4/IPv6 literal or a host name (never resolved here)}
   *
   * @param text the text to check
   */
  static boolean isAddress(String text) {
    if (Texts.hostName(text) || dev.failover.scope.Ipv4Address.isValid(text)) {
      return true;
    }
    if (text.indexOf(':') >= 0 && text.matches("[0-9A-Fa-f:.]+")) {
      try {
        InetAddress.getByName(text); // an IPv6 literal: parsed, never looked up
        return true;
      } catch (java.net.UnknownHostException e) {
        return false;
      }
    }
    return false;
  }
}
