package dev.failover.relationship;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.Secret;
import dev.failover.errors.Violations;
import dev.failover.spi.Texts;
import dev.failover.server.ServerId;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One entry of a Kea HA relationship's {@code peers} list (vendor-facts §3.3), linked to the
 * inventory server it runs on by {@link #server()}. Its {@link #name()} is what that server
 * uses as {@code this-server-name}; it defaults to the server id.
 *
 * <p>Rules checked when built: the name is non-empty text without control characters or
 * surrounding whitespace; the URL is {@code http} or {@code https} with an IP literal host
 * (IPv6 in brackets; Kea refuses names) and no user info, query or fragment;
 * {@code basic-auth-user} has no ':'; the inline password and the password file are exclusive,
 * as are the user and the user file; the TLS files are all set or none.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableKeaPeer.class)
@JsonDeserialize(as = ImmutableKeaPeer.class)
public interface KeaPeer {

  /** {@return the inventory server this peer runs on} */
  ServerId server();

  /** {@return the Kea peer name ({@code peers[].name}, {@code this-server-name}); defaults to the server id} */
  @Value.Default
  default String name() {
    return server().value();
  }

  /** {@return {@code url}: where the partner reaches this peer's HA listener or control agent} */
  URI url();

  /** {@return {@code role}} */
  ServerRole role();

  /** {@return {@code auto-failover}: whether the partner takes over this peer's scopes when it goes down} */
  @Value.Default
  default boolean autoFailover() {
    return true;
  }

  /** {@return {@code basic-auth-user}: no ':' allowed} */
  Optional<String> basicAuthUser();

  /** {@return {@code basic-auth-user-file} (Kea 3.1.2+); exclusive with {@link #basicAuthUser()}} */
  Optional<String> basicAuthUserFile();

  /** {@return {@code basic-auth-password}; never printed nor serialised} */
  @Value.Redacted
  Optional<Secret> basicAuthPassword();

  /** {@return {@code basic-auth-password-file}; exclusive with {@link #basicAuthPassword()}} */
  Optional<String> basicAuthPasswordFile();

  /** {@return {@code trust-anchor} for this peer (overrides the relationship's)} */
  Optional<String> trustAnchor();

  /** {@return {@code cert-file} for this peer} */
  Optional<String> certFile();

  /** {@return {@code key-file} for this peer} */
  Optional<String> keyFile();

  /** {@return a builder for a peer} */
  static ImmutableKeaPeer.Builder builder() {
    return ImmutableKeaPeer.builder();
  }

  /**
   * {@return a peer named after its server}
   *
   * @param server the server's inventory id, also the peer's name
   * @param url the peer's HA URL
   * @param role the peer's role
   */
  static KeaPeer of(ServerId server, URI url, ServerRole role) {
    return builder().server(server).url(url).role(role).build();
  }

  /** {@return whether this peer configures its own TLS files} */
  default boolean tlsConfigured() {
    return trustAnchor().isPresent() && certFile().isPresent() && keyFile().isPresent();
  }

  /** {@return whether the URL is {@code https}} */
  default boolean https() {
    return "https".equalsIgnoreCase(url().getScheme());
  }

  /** Checks the peer's name, URL, basic-auth and TLS settings, all together, when it is built. */
  @Value.Check
  default void check() {
    Violations v = Violations.collect();
    String name = name();
    v.check(!name.isEmpty() && Texts.printable(name) && !RelationshipName.padded(name), "name", Texts.quoted(name),
        "must be non-empty text without control characters or surrounding whitespace");
    URI url = url();
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    v.check(scheme.equals("http") || scheme.equals("https"), "url", Texts.quoted(url.toString()),
        "must use the http or https scheme");
    v.check(Checks.ipLiteralHost(url), "url", Texts.quoted(url.toString()),
        "must have an IP literal host (IPv6 in brackets); Kea does not accept host names");
    v.check(url.getRawUserInfo() == null && url.getRawQuery() == null && url.getRawFragment() == null, "url",
        Texts.quoted(url.toString()), "must not carry user info, a query or a fragment (use basic-auth-user)");
    Checks.text(v, "basicAuthUser", basicAuthUser());
    basicAuthUser().ifPresent(u -> v.check(u.indexOf(':') < 0, "basicAuthUser", Texts.quoted(u),
        "must not contain ':'"));
    Checks.text(v, "basicAuthUserFile", basicAuthUserFile());
    Checks.text(v, "basicAuthPasswordFile", basicAuthPasswordFile());
    v.check(basicAuthUser().isEmpty() || basicAuthUserFile().isEmpty(), "basicAuthUserFile",
        basicAuthUserFile().map(Texts::quoted).orElse(""), "must not be set together with basicAuthUser");
    v.check(basicAuthPassword().isEmpty() || basicAuthPasswordFile().isEmpty(), "basicAuthPasswordFile",
        basicAuthPasswordFile().map(Texts::quoted).orElse(""), "must not be set together with basicAuthPassword");
    Checks.text(v, "trustAnchor", trustAnchor());
    Checks.text(v, "certFile", certFile());
    Checks.text(v, "keyFile", keyFile());
    int tls = (trustAnchor().isPresent() ? 1 : 0) + (certFile().isPresent() ? 1 : 0) + (keyFile().isPresent() ? 1 : 0);
    v.check(tls == 0 || tls == 3, "trustAnchor", tls + " of 3 set",
        "trust-anchor, cert-file and key-file must be set all three or none");
    v.throwIfAny("Kea HA peer " + Texts.quoted(name));
  }
}
