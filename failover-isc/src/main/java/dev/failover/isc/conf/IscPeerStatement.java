package dev.failover.isc.conf;

import dev.failover.FailoverStyle;
import dev.failover.errors.Violations;
import dev.failover.spi.Texts;
import dev.failover.scope.Ipv4Address;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.immutables.value.Value;

/**
 * One {@code failover peer "name" { … }} declaration of a dhcpd configuration, every
 * sub-statement of vendor-facts.md §2.1 as a field. A field is empty when the declaration does not
 * write the statement (dhcpd then uses its default, noted on each accessor).
 *
 * <p>Checked when built, with dhcpd 4.4.3 as the judge (each rule was confirmed with
 * {@code dhcpd -t}): {@code peer address} is required ("peer address may not be omitted"); a
 * primary needs {@code mclt} and {@code split} or {@code hba}; a secondary may not define
 * {@code split} or {@code hba} ("secondary may not define load balance settings"); split is
 * 0..256; hba is exactly 32 bytes. dhcpd accepts, unlike its manual says, a declaration without a
 * role, a secondary with {@code mclt}, and {@code split} together with {@code hba}; so does this
 * type.
 */
@Value.Immutable
@FailoverStyle
public abstract class IscPeerStatement {

  /** {@return the peer's name, as dhcpd compares it (the string's content, escapes decoded)} */
  public abstract String name();

  /** {@return {@code primary;} or {@code secondary;}} */
  public abstract Optional<IscPeerRole> role();

  /** {@return {@code address}: this server's address or host name (dhcpd: the listen address and server id)} */
  public abstract Optional<String> address();

  /** {@return {@code port}: this server's TCP port (dhcpd default 647)} */
  public abstract OptionalInt port();

  /** {@return {@code peer address}: the partner's address or host name} */
  public abstract String peerAddress();

  /** {@return {@code peer port}: the partner's TCP port (dhcpd default 647)} */
  public abstract OptionalInt peerPort();

  /** {@return {@code max-response-delay} in seconds (dhcpd default 20)} */
  public abstract OptionalLong maxResponseDelay();

  /** {@return {@code max-unacked-updates} (dhcpd default 100)} */
  public abstract OptionalLong maxUnackedUpdates();

  /** {@return {@code mclt} in seconds; required on the primary} */
  public abstract OptionalLong mclt();

  /** {@return {@code split}, 0 to 256; primary only} */
  public abstract OptionalInt split();

  /** {@return {@code hba}: 32 colon-separated hexadecimal bytes, lower case; primary only} */
  public abstract Optional<String> hba();

  /** {@return {@code load balance max seconds} (0 disables load balancing; dhcpd 4.4.3 default 0)} */
  public abstract OptionalLong loadBalanceMaxSeconds();

  /** {@return {@code auto-partner-down} in seconds (0, the default, disables it)} */
  public abstract OptionalLong autoPartnerDown();

  /** {@return {@code max-lease-misbalance} percent, 0 to 100 (default 15)} */
  public abstract OptionalInt maxLeaseMisbalance();

  /** {@return {@code max-lease-ownership} percent, 0 to 100 (default 10)} */
  public abstract OptionalInt maxLeaseOwnership();

  /** {@return {@code min-balance} in seconds (default 60)} */
  public abstract OptionalLong minBalance();

  /** {@return {@code max-balance} in seconds (default 3600)} */
  public abstract OptionalLong maxBalance();

  /** {@return a builder for a statement} */
  public static ImmutableIscPeerStatement.Builder builder() {
    return ImmutableIscPeerStatement.builder();
  }

  /** Checks ports and the primary's load-balancing settings, all together, when the statement is built. */
  @Value.Check
  protected void check() {
    Violations v = Violations.collect();
    v.check(!name().isEmpty() && name().length() <= 256 && Texts.printable(name()), "name", Texts.quoted(name()),
        "must be 1 to 256 characters without control characters");
    address().ifPresent(a -> v.check(validHost(a), "address", Texts.quoted(a),
        "must be an IPv4 address or an RFC 1123 host name"));
    v.check(validHost(peerAddress()), "peerAddress", Texts.quoted(peerAddress()),
        "must be an IPv4 address or an RFC 1123 host name");
    port().ifPresent(p -> v.check(p >= 1 && p <= 65535, "port", p, "must be between 1 and 65535"));
    peerPort().ifPresent(p -> v.check(p >= 1 && p <= 65535, "peerPort", p, "must be between 1 and 65535"));
    checkUnsigned(v, "maxResponseDelay", maxResponseDelay());
    checkUnsigned(v, "maxUnackedUpdates", maxUnackedUpdates());
    checkUnsigned(v, "mclt", mclt());
    checkUnsigned(v, "loadBalanceMaxSeconds", loadBalanceMaxSeconds());
    checkUnsigned(v, "autoPartnerDown", autoPartnerDown());
    checkUnsigned(v, "minBalance", minBalance());
    checkUnsigned(v, "maxBalance", maxBalance());
    split().ifPresent(s -> v.check(s >= 0 && s <= 256, "split", s,
        "must be between 0 and 256, inclusive (dhcpd: \"split must be between 0 and 256, inclusive\")"));
    hba().ifPresent(h -> v.check(validHba(h), "hba", Texts.quoted(h),
        "must be exactly 32 colon-separated hexadecimal bytes, for example ff:ff:…:00"));
    maxLeaseMisbalance().ifPresent(p -> v.check(p >= 0 && p <= 100, "maxLeaseMisbalance", p,
        "must be a percentage from 0 to 100"));
    maxLeaseOwnership().ifPresent(p -> v.check(p >= 0 && p <= 100, "maxLeaseOwnership", p,
        "must be a percentage from 0 to 100"));
    if (role().orElse(null) == IscPeerRole.PRIMARY) {
      v.check(mclt().isPresent(), "mclt", "absent",
          "must be set on the primary (dhcpd: \"primary failover server must have mclt\")");
      v.check(split().isPresent() || hba().isPresent(), "split", "absent",
          "or hba must be set on the primary (dhcpd: \"primary failover server must have hba or split\")");
    }
    if (role().orElse(null) == IscPeerRole.SECONDARY) {
      v.check(split().isEmpty() && hba().isEmpty(), "split", split().isPresent() ? split().getAsInt() : hba().orElse(""),
          "and hba must not be set on the secondary (dhcpd: \"secondary may not define load balance settings\")");
    }
    v.throwIfAny("failover peer " + Texts.quoted(name()));
  }

  private static void checkUnsigned(Violations v, String field, OptionalLong value) {
    value.ifPresent(n -> v.check(n >= 0 && n <= 4294967295L, field, n, "must be between 0 and 4294967295"));
  }

  static boolean validHost(String text) {
    return Ipv4Address.isValid(text) || (Texts.hostName(text) && !text.matches("[0-9.]+"));
  }

  static boolean validHba(String text) {
    String[] parts = text.split(":", -1);
    if (parts.length != 32) {
      return false;
    }
    for (String p : parts) {
      if (!p.matches("[0-9a-fA-F]{1,2}")) {
        return false;
      }
    }
    return true;
  }
}
