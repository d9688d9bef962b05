package dev.failover.relationship;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.errors.Violations;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * One server's {@code failover peer "<name>" { … }} declaration in dhcpd.conf (vendor-facts
 * §2.1): its role, its own {@code address}/{@code port}, its partner's {@code peer address}/
 * {@code peer port}, and the parameters. The name of the declaration is the relationship's
 * name. Usually produced by {@link IscFailoverSettings#declarationFor(ServerRole)}.
 *
 * <p>Rules checked when built, as dhcpd checks them: the role is PRIMARY or SECONDARY; the
 * primary must have {@code mclt} ("primary failover server must have mclt") and {@code split} or
 * {@code hba} ("primary failover server must have hba or split"); the secondary may have none of
 * them ("secondary may not define load balance settings"; mclt "may not be specified on the
 * secondary"); {@code split} and {@code hba} never both; ranges as in {@link IscFailoverSettings}.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableIscPeerDeclaration.class)
@JsonDeserialize(as = ImmutableIscPeerDeclaration.class)
public interface IscPeerDeclaration {

  /** {@return {@code primary;} or {@code secondary;}} */
  ServerRole role();

  /** {@return {@code address}: where this server listens for its partner; IPv4 literal or host name} */
  String address();

  /** {@return {@code port}: this server's listening port} */
  @Value.Default
  default int port() {
    return IscFailoverSettings.DEFAULT_PORT;
  }

  /** {@return {@code peer address}: where the partner listens} */
  String peerAddress();

  /** {@return {@code peer port}: the partner's listening port} */
  @Value.Default
  default int peerPort() {
    return IscFailoverSettings.DEFAULT_PORT;
  }

  /** {@return {@code max-response-delay}} */
  @Value.Default
  default Duration maxResponseDelay() {
    return IscFailoverSettings.DEFAULT_MAX_RESPONSE_DELAY;
  }

  /** {@return {@code max-unacked-updates}} */
  @Value.Default
  default int maxUnackedUpdates() {
    return IscFailoverSettings.DEFAULT_MAX_UNACKED_UPDATES;
  }

  /** {@return {@code mclt}: present on the primary only} */
  Optional<Duration> mclt();

  /** {@return {@code split}: primary only, exclusive with {@link #hba()}} */
  OptionalInt split();

  /** {@return {@code hba}: primary only, exclusive with {@link #split()}} */
  Optional<String> hba();

  /** {@return {@code load balance max seconds}} */
  @Value.Default
  default int loadBalanceMaxSeconds() {
    return IscFailoverSettings.DEFAULT_LOAD_BALANCE_MAX_SECONDS;
  }

  /** {@return {@code auto-partner-down}; zero: not written} */
  @Value.Default
  default Duration autoPartnerDown() {
    return Duration.ZERO;
  }

  /** {@return {@code max-lease-misbalance}} */
  @Value.Default
  default int maxLeaseMisbalance() {
    return IscFailoverSettings.DEFAULT_MAX_LEASE_MISBALANCE;
  }

  /** {@return {@code max-lease-ownership}} */
  @Value.Default
  default int maxLeaseOwnership() {
    return IscFailoverSettings.DEFAULT_MAX_LEASE_OWNERSHIP;
  }

  /** {@return {@code min-balance}} */
  @Value.Default
  default Duration minBalance() {
    return IscFailoverSettings.DEFAULT_MIN_BALANCE;
  }

  /** {@return {@code max-balance}} */
  @Value.Default
  default Duration maxBalance() {
    return IscFailoverSettings.DEFAULT_MAX_BALANCE;
  }

  /** {@return a builder for a declaration} */
  static ImmutableIscPeerDeclaration.Builder builder() {
    return ImmutableIscPeerDeclaration.builder();
  }

  /** Checks the declaration's own rules, all together, when it is built. */
  @Value.Check
  default void check() {
    Violations v = Violations.collect();
    v.check(role() == ServerRole.PRIMARY || role() == ServerRole.SECONDARY, "role", role(),
        "must be PRIMARY or SECONDARY (dhcpd has no other roles)");
    IscRules.address(v, "address", address());
    IscRules.address(v, "peerAddress", peerAddress());
    IscRules.port(v, "port", port());
    IscRules.port(v, "peerPort", peerPort());
    IscRules.shared(v, maxResponseDelay(), maxUnackedUpdates(), loadBalanceMaxSeconds(), autoPartnerDown(),
        maxLeaseMisbalance(), maxLeaseOwnership(), minBalance(), maxBalance());
    mclt().ifPresent(m -> IscRules.mclt(v, m));
    IscRules.splitOrHba(v, split(), hba());
    if (role() == ServerRole.PRIMARY) {
      v.check(mclt().isPresent(), "mclt", "(absent)", "must be set on the primary (dhcpd: primary failover server must have mclt)");
      v.check(split().isPresent() || hba().isPresent(), "split", "(absent)",
          "must be set on the primary, or hba (dhcpd: primary failover server must have hba or split)");
    } else if (role() == ServerRole.SECONDARY) {
      v.check(mclt().isEmpty(), "mclt", mclt().map(String::valueOf).orElse(""),
          "may not be specified on the secondary (it is the primary's)");
      v.check(split().isEmpty(), "split", split().isPresent() ? split().getAsInt() : "",
          "must not be set on the secondary (dhcpd: secondary may not define load balance settings)");
      v.check(hba().isEmpty(), "hba", hba().orElse(""),
          "must not be set on the secondary (dhcpd: secondary may not define load balance settings)");
    }
    v.throwIfAny("ISC failover peer declaration");
  }
}
