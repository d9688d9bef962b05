package dev.failover.relationship;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.Secret;
import dev.failover.errors.Violation;
import dev.failover.errors.Violations;
import dev.failover.server.Vendor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * The settings of a Windows Server DHCP failover relationship (vendor-facts §1,
 * Add-/Set-DhcpServerv4Failover). The relationship's primary is the server the relationship is
 * created on ({@code -ComputerName}); its secondary is {@code -PartnerServer}.
 *
 * <ul>
 *   <li>{@link #loadBalancePercent()}: load balancing only; the share the primary serves, 0 to
 *       100, default {@value #DEFAULT_LOAD_BALANCE_PERCENT}; the partner serves the rest.</li>
 *   <li>{@link #reservePercent()}: hot standby only; the share of free addresses the standby
 *       keeps, 0 to 100, default {@value #DEFAULT_RESERVE_PERCENT}.</li>
 *   <li>{@link #partnerRole()}: hot standby only; {@code -ServerRole} seen from the partner,
 *       default {@link WindowsServerRole#STANDBY} (the primary is active).</li>
 *   <li>{@link #maxClientLeadTime()}: default 1 hour, never zero, whole seconds up to
 *       4294967295 (stored as DWORD seconds).</li>
 *   <li>{@link #stateSwitchInterval()}: when present, {@link #autoStateTransition()} is on and
 *       COMMUNICATION INTERRUPTED turns into PARTNER DOWN after that long; whole seconds, 1 to
 *       4294967295. The console's default when enabled is {@link #DEFAULT_STATE_SWITCH_INTERVAL}.</li>
 *   <li>{@link #sharedSecret()}: turns message authentication on ({@link #messageAuthentication()});
 *       Windows never returns it, so settings read from a server carry
 *       {@code messageAuthentication = true} without a secret.</li>
 * </ul>
 * Mode rules ({@link #violationsIn}): the percentage and role of the other mode must not be set,
 * as the cmdlets' parameter sets forbid them.
 */
@Value.Immutable
@FailoverStyle
@JsonTypeName("windows")
@JsonSerialize(as = ImmutableWindowsFailoverSettings.class)
@JsonDeserialize(as = ImmutableWindowsFailoverSettings.class)
public non-sealed interface WindowsFailoverSettings extends VendorSettings {

  /** {@code -LoadBalancePercent}'s default. */
  int DEFAULT_LOAD_BALANCE_PERCENT = 50;
  /** {@code -ReservePercent}'s default. */
  int DEFAULT_RESERVE_PERCENT = 5;
  /** {@code -MaxClientLeadTime}'s default. */
  Duration DEFAULT_MAX_CLIENT_LEAD_TIME = Duration.ofHours(1);
  /** The state switchover interval the DHCP console proposes when it is enabled. */
  Duration DEFAULT_STATE_SWITCH_INTERVAL = Duration.ofMinutes(60);

  /**
   * {@return in load balancing, the percentage of clients the primary serves; empty means {@value #DEFAULT_LOAD_BALANCE_PERCENT}}
   */
  OptionalInt loadBalancePercent();

  /**
   * {@return in hot standby, the percentage of free addresses reserved for the standby; empty means {@value #DEFAULT_RESERVE_PERCENT}}
   */
  OptionalInt reservePercent();

  /** {@return in hot standby, the partner's role; empty means {@link WindowsServerRole#STANDBY}} */
  Optional<WindowsServerRole> partnerRole();

  /** {@return {@code -MaxClientLeadTime}} */
  @Value.Default
  default Duration maxClientLeadTime() {
    return DEFAULT_MAX_CLIENT_LEAD_TIME;
  }

  /**
   * {@return {@code -StateSwitchInterval} (MS-DHCPM {@code safePeriod}); empty: no automatic state
   * transition} An interval of zero is read as "disabled" and kept as empty (Windows turns the
   * transition off with {@code -AutoStateTransition $false}, not with a zero interval).
   */
  Optional<Duration> stateSwitchInterval();

  /** {@return {@code -SharedSecret}; never printed nor serialised} */
  @Value.Redacted
  Optional<Secret> sharedSecret();

  /** {@return {@code EnableAuth}: on when a shared secret is given; may be on without one when read from a server} */
  @Value.Default
  default boolean messageAuthentication() {
    return sharedSecret().isPresent();
  }

  /** {@return a builder starting from Windows' defaults} */
  static ImmutableWindowsFailoverSettings.Builder builder() {
    return ImmutableWindowsFailoverSettings.builder();
  }

  /**
   * {@return every default: no percentages set (each mode's default applies), MCLT 1 hour, no switchover, no secret}
   */
  static WindowsFailoverSettings defaults() {
    return builder().build();
  }

  /**
   * {@return load-balancing settings in which the primary serves that percentage}
   *
   * @param primaryPercent the primary's share of clients, 0 to 100
   */
  static WindowsFailoverSettings loadBalance(int primaryPercent) {
    return builder().loadBalancePercent(primaryPercent).build();
  }

  /**
   * {@return hot-standby settings: the primary is active, the partner standby with that reserve percentage}
   *
   * @param reservePercent the share of free addresses kept for the standby, 0 to 100
   */
  static WindowsFailoverSettings hotStandby(int reservePercent) {
    return builder().reservePercent(reservePercent).partnerRole(WindowsServerRole.STANDBY).build();
  }

  @Override
  default Vendor vendor() {
    return Vendor.WINDOWS;
  }

  /** {@return {@code AutoStateTransition}: true exactly when a state switchover interval is set} */
  default boolean autoStateTransition() {
    return stateSwitchInterval().isPresent();
  }

  /** {@return the load balance percentage in force (the default when not set)} */
  default int effectiveLoadBalancePercent() {
    return loadBalancePercent().orElse(DEFAULT_LOAD_BALANCE_PERCENT);
  }

  /** {@return the reserve percentage in force (the default when not set)} */
  default int effectiveReservePercent() {
    return reservePercent().orElse(DEFAULT_RESERVE_PERCENT);
  }

  /** {@return the partner's role in force in hot standby (standby when not set)} */
  default WindowsServerRole effectivePartnerRole() {
    return partnerRole().orElse(WindowsServerRole.STANDBY);
  }

  @Override
  default List<Violation> violationsIn(FailoverMode mode) {
    Violations v = Violations.collect();
    switch (mode) {
      case LOAD_BALANCING:
        v.check(reservePercent().isEmpty(), "reservePercent", reservePercent().isPresent() ? reservePercent().getAsInt() : "",
            "must not be set in load balancing (it belongs to the HotStandby parameter set)");
        v.check(partnerRole().isEmpty(), "partnerRole", partnerRole().map(String::valueOf).orElse(""),
            "must not be set in load balancing (-ServerRole belongs to the HotStandby parameter set)");
        break;
      case HOT_STANDBY:
        v.check(loadBalancePercent().isEmpty(), "loadBalancePercent",
            loadBalancePercent().isPresent() ? loadBalancePercent().getAsInt() : "",
            "must not be set in hot standby (it belongs to the LoadBalance parameter set)");
        break;
      default:
        v.check(false, "mode", mode, "must be load balancing or hot standby (Windows has no " + mode.displayName() + ")");
    }
    return v.list();
  }

  @Override
  default List<String> advisories(FailoverMode mode) {
    List<String> out = new ArrayList<>();
    if (stateSwitchInterval().isEmpty()) {
      out.add("no state switchover interval: COMMUNICATION INTERRUPTED never turns into PARTNER DOWN by itself; "
          + "an administrator must declare the partner down");
    }
    if (!messageAuthentication()) {
      out.add("no shared secret: failover messages between the partners are not authenticated");
    } else if (sharedSecret().isEmpty() || sharedSecret().get().isRedacted()) {
      out.add("message authentication is on but the shared secret is not known here (Windows never returns it); "
          + "supply it again before creating or changing the relationship");
    }
    if (mode == FailoverMode.HOT_STANDBY && effectiveReservePercent() == 0) {
      out.add("reserve percent 0: the standby cannot lease to new clients until it owns the whole range "
          + "(PARTNER DOWN plus the MCLT)");
    }
    if (mode == FailoverMode.LOAD_BALANCING && (effectiveLoadBalancePercent() == 0 || effectiveLoadBalancePercent() == 100)) {
      out.add("load balance percent " + effectiveLoadBalancePercent() + ": one server serves every client");
    }
    return out;
  }

  /**
   * Checks the Windows rules, all together, when the settings are built.
   *
   * @return these settings
   */
  @Value.Check
  default WindowsFailoverSettings check() {
    if (stateSwitchInterval().filter(Duration::isZero).isPresent()) {
      return ImmutableWindowsFailoverSettings.builder().from(this).stateSwitchInterval(java.util.Optional.empty()).build();
    }
    Violations v = Violations.collect();
    loadBalancePercent().ifPresent(p -> Checks.range(v, "loadBalancePercent", p, 0, 100, "a percentage"));
    reservePercent().ifPresent(p -> Checks.range(v, "reservePercent", p, 0, 100, "a percentage"));
    Checks.seconds(v, "maxClientLeadTime", maxClientLeadTime(), 1, Checks.UINT32_MAX,
        "Windows rejects zero and stores DWORD seconds");
    stateSwitchInterval().ifPresent(s -> Checks.seconds(v, "stateSwitchInterval", s, 1, Checks.UINT32_MAX,
        "stored as DWORD seconds; leave it out, or give 0, to disable the automatic transition"));
    v.check(messageAuthentication() || sharedSecret().isEmpty(), "messageAuthentication", false,
        "must be true when a shared secret is given (the secret turns authentication on)");
    v.throwIfAny("Windows failover settings");
    return this;
  }
}
