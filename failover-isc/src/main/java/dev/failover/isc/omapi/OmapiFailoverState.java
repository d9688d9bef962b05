package dev.failover.isc.omapi;

import dev.failover.FailoverStyle;
import dev.failover.errors.Violations;
import dev.failover.state.IscFailoverState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One failover peer's state as dhcpd reports it through OMAPI's {@code failover-state}
 * object, typed. The names of the OMAPI values are given with each attribute. States are in
 * dhcpd 4.x numbering ({@link IscFailoverState#code()}).
 *
 * <p>Not included: {@code partner-address} and {@code local-address}. dhcpd 4.4.3 reports
 * them as 8 bytes that are not the configured addresses (it writes out a pointer), so they
 * mean nothing to a client.
 *
 * <p>Rules: the peer name is non-empty; ports are 0 to 65535; counts and durations are not
 * negative (skew may be).
 */
@Value.Immutable
@FailoverStyle
public abstract class OmapiFailoverState {

  /** Which side of the pair the server is ({@code hierarchy}: 0 primary, 1 secondary). */
  public enum Role {
    /** {@code hierarchy} 0. */
    PRIMARY,
    /** {@code hierarchy} 1. */
    SECONDARY
  }

  /** {@return the failover peer's name ({@code name}), as in {@code failover peer "fo1"}} */
  public abstract String peerName();

  /** {@return this server's state ({@code local-state})} */
  public abstract IscFailoverState localState();

  /** {@return the state this server believes its partner is in ({@code partner-state})} */
  public abstract IscFailoverState partnerState();

  /** {@return whether this server is the primary or the secondary ({@code hierarchy})} */
  public abstract Role role();

  /** {@return when this server entered its state ({@code local-stos}, start time of state)} */
  public abstract Instant localStateSince();

  /** {@return when the partner entered its state, as far as this server knows ({@code partner-stos})} */
  public abstract Instant partnerStateSince();

  /** {@return the maximum client lead time ({@code mclt}); a secondary reports the primary's} */
  public abstract Duration mclt();

  /** {@return {@code max-response-delay}} */
  public abstract Duration maxResponseDelay();

  /** {@return {@code load balance max seconds} ({@code load-balance-max-secs}), when reported (4.4 and later)} */
  public abstract Optional<Duration> loadBalanceMaxSeconds();

  /**
   * {@return the hash bucket assignment ({@code load-balance-hba}): 32 bytes written as in dhcpd.conf's
   * {@code hba} statement, lower-case hex separated by colons; {@code split 128} reads
   * {@code ff:…:ff:00:…:00}} Absent when the server reports none.
   */
  public abstract Optional<String> loadBalanceHba();

  /** {@return {@code max-unacked-updates} as the server holds it ({@code max-outstanding-updates})} */
  public abstract int maxOutstandingUpdates();

  /** {@return updates sent and not yet acknowledged ({@code cur-unacked-updates})} */
  public abstract int currentUnackedUpdates();

  /** {@return the port this server listens on for its partner ({@code local-port})} */
  public abstract int localPort();

  /** {@return the partner's port ({@code partner-port})} */
  public abstract int partnerPort();

  /** {@return the clock difference to the partner ({@code skew}); may be negative} */
  public abstract Duration skew();

  /** {@return when this server last sent its partner a packet ({@code last-packet-sent}); empty when 0} */
  public abstract Optional<Instant> lastPacketSent();

  /** {@return the partner's time stamp on the last packet received ({@code last-timestamp-received}); empty when 0} */
  public abstract Optional<Instant> lastTimestampReceived();

  /** {@return a builder, for tests and for backends that read the same values elsewhere} */
  public static ImmutableOmapiFailoverState.Builder builder() {
    return ImmutableOmapiFailoverState.builder();
  }

  /** Checks the peer name, ports and counters, all together, when the state is built. */
  @Value.Check
  protected void check() {
    Violations v = Violations.collect()
        .check(!peerName().isEmpty(), "peerName", "\"\"", "must not be empty")
        .check(localPort() >= 0 && localPort() <= 65535, "localPort", localPort(), "must be between 0 and 65535")
        .check(partnerPort() >= 0 && partnerPort() <= 65535, "partnerPort", partnerPort(),
            "must be between 0 and 65535")
        .check(maxOutstandingUpdates() >= 0, "maxOutstandingUpdates", maxOutstandingUpdates(), "must not be negative")
        .check(currentUnackedUpdates() >= 0, "currentUnackedUpdates", currentUnackedUpdates(),
            "must not be negative")
        .check(!mclt().isNegative(), "mclt", mclt(), "must not be negative")
        .check(!maxResponseDelay().isNegative(), "maxResponseDelay", maxResponseDelay(), "must not be negative");
    loadBalanceMaxSeconds().ifPresent(d -> v.check(!d.isNegative(), "loadBalanceMaxSeconds", d,
        "must not be negative"));
    loadBalanceHba().ifPresent(h -> v.check(h.matches("[0-9a-f]{2}(:[0-9a-f]{2}){31}"), "loadBalanceHba", h,
        "must be 32 colon-separated lower-case hex bytes"));
    v.throwIfAny("OMAPI failover-state");
  }
}
