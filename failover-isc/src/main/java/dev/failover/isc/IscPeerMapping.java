package dev.failover.isc;

import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.errors.Violations;
import dev.failover.spi.Texts;
import dev.failover.isc.conf.ImmutableIscPeerStatement;
import dev.failover.isc.conf.IscPeerRole;
import dev.failover.isc.conf.IscPeerStatement;
import dev.failover.plan.IscPeer;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.IscPeerDeclaration;
import dev.failover.relationship.ServerRole;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The mapping between a dhcpd.conf {@code failover peer} statement ({@link IscPeerStatement}:
 * what the file writes, each statement optional) and the API's {@link IscPeerDeclaration} (what
 * the server does, every parameter with a value).
 *
 * <p>Reading ({@link #toDeclaration}): a statement the file leaves out is what dhcpd 4.4.3 uses
 * then, and a 0 that dhcpd replaces with its default is read as that default:
 * <table>
 *   <caption>values of left-out statements</caption>
 *   <tr><th>statement</th><th>left out (or 0 where marked)</th></tr>
 *   <tr><td>{@code primary;} / {@code secondary;}</td><td>primary: dhcpd then asks for mclt and split as
 *       of a primary ("primary failover server must have hba or split", seen with {@code dhcpd -t})</td></tr>
 *   <tr><td>{@code address}</td><td>the server's inventory address</td></tr>
 *   <tr><td>{@code port}, {@code peer port}</td><td>647</td></tr>
 *   <tr><td>{@code max-response-delay}</td><td>20 s (also for 0)</td></tr>
 *   <tr><td>{@code max-unacked-updates}</td><td>100 (also for 0)</td></tr>
 *   <tr><td>{@code load balance max seconds}</td><td>0: load balancing off (dhcpd 4.4.3 warns
 *       "load balancing will be disabled … because its load balance max secs is 0")</td></tr>
 *   <tr><td>{@code auto-partner-down}</td><td>0: off</td></tr>
 *   <tr><td>{@code max-lease-misbalance}, {@code max-lease-ownership}</td><td>15, 10 (also for 0)</td></tr>
 *   <tr><td>{@code min-balance}, {@code max-balance}</td><td>60 s, 3600 s (also for 0)</td></tr>
 * </table>
 * {@code mclt}, {@code split} and {@code hba} are the primary's; a secondary's {@code mclt}, which
 * dhcpd accepts and does not use, is not read. What the API cannot hold is a
 * {@link ValidationException} naming the peer: {@code split} together with {@code hba} (dhcpd
 * accepts both), a primary without {@code mclt}, a number above 2147483647 (dhcpd reads numbers
 * with {@code atoi}).
 *
 * <p>Writing ({@link #toStatement}): a new declaration writes its role, both addresses and
 * ports, {@code max-response-delay}, {@code max-unacked-updates}, {@code load balance max
 * seconds} and, on the primary, {@code mclt} and {@code split} or {@code hba}; the dhcpd 4.4
 * lease balancing parameters and {@code auto-partner-down} only where they differ from dhcpd's
 * default. Changing an existing declaration writes a statement where the declaration already
 * writes it or where leaving it out would read as another value, so a declaration that keeps its
 * values keeps its bytes. Every value written is a number or an address the API has validated;
 * the name is quoted by the configuration writer.
 */
public final class IscPeerMapping {

  /** What dhcpd uses for {@code load balance max seconds} when the statement is left out. */
  public static final int DHCPD_DEFAULT_LOAD_BALANCE_MAX_SECONDS = 0;

  private static final Pattern CANONICAL_HBA = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){31}");

  private IscPeerMapping() {}

  /**
   * {@return the peer as the API holds it: the statement's name and {@link #toDeclaration}}
   *
   * @param statement the {@code failover peer} statement
   * @param ownAddress the address of the server whose configuration holds the statement
   */
  public static IscPeer toPeer(IscPeerStatement statement, String ownAddress) {
    try {
      return IscPeer.of(statement.name(), toDeclaration(statement, ownAddress));
    } catch (ValidationException e) {
      throw new ValidationException("failover peer " + Texts.quoted(statement.name()) + " of dhcpd.conf", e.violations());
    }
  }

  /**
   * {@return what the statement declares, with dhcpd's values for what it leaves out}
   *
   * @param ownAddress the address of the server whose configuration holds the statement, for a
   * statement without {@code address}
   * @param s the {@code failover peer} statement
   * @throws ValidationException for what the API cannot hold (see the class comment)
   *
   */
  public static IscPeerDeclaration toDeclaration(IscPeerStatement s, String ownAddress) {
    Violations v = Violations.collect();
    boolean primary = s.role().orElse(IscPeerRole.PRIMARY) == IscPeerRole.PRIMARY;
    var b = IscPeerDeclaration.builder()
        .role(primary ? ServerRole.PRIMARY : ServerRole.SECONDARY)
        .address(s.address().orElse(ownAddress))
        .port(s.port().orElse(IscFailoverSettings.DEFAULT_PORT))
        .peerAddress(s.peerAddress())
        .peerPort(s.peerPort().orElse(IscFailoverSettings.DEFAULT_PORT))
        .maxResponseDelay(seconds(v, "max-response-delay", s.maxResponseDelay(),
            IscFailoverSettings.DHCPD_DEFAULT_MAX_RESPONSE_DELAY))
        .maxUnackedUpdates(count(v, "max-unacked-updates", s.maxUnackedUpdates(),
            IscFailoverSettings.DHCPD_DEFAULT_MAX_UNACKED_UPDATES))
        .loadBalanceMaxSeconds(intOf(v, "load balance max seconds",
            s.loadBalanceMaxSeconds().orElse(DHCPD_DEFAULT_LOAD_BALANCE_MAX_SECONDS)))
        .autoPartnerDown(Duration.ofSeconds(intOf(v, "auto-partner-down", s.autoPartnerDown().orElse(0))))
        .maxLeaseMisbalance(percent(s.maxLeaseMisbalance(), IscFailoverSettings.DEFAULT_MAX_LEASE_MISBALANCE))
        .maxLeaseOwnership(percent(s.maxLeaseOwnership(), IscFailoverSettings.DEFAULT_MAX_LEASE_OWNERSHIP))
        .minBalance(seconds(v, "min-balance", s.minBalance(), IscFailoverSettings.DEFAULT_MIN_BALANCE))
        .maxBalance(seconds(v, "max-balance", s.maxBalance(), IscFailoverSettings.DEFAULT_MAX_BALANCE));
    if (primary) {
      s.mclt().ifPresent(m -> b.mclt(Duration.ofSeconds(intOf(v, "mclt", m))));
      b.split(s.split()).hba(s.hba());
    }
    v.throwIfAny("failover peer " + Texts.quoted(s.name()) + " of dhcpd.conf");
    return b.build();
  }

  /**
   * {@return the statement that declares {@code declaration} under {@code name}} With {@code current}
   * (the statement the configuration has now), statements are written where {@code current}
   * writes them or where leaving them out would read as another value.
   *
   * @param name the peer's name
   * @param d the declaration to write
   * @param current the statement the configuration has now, if any
   * @param ownAddress the address of the server whose configuration gets the statement
   * @throws ValidationException when the declaration cannot be written so that it reads back
   * equal ({@code hba} other than 32 two-digit lower-case hex bytes, the way dhcpd.conf is
   * read back)
   *
   */
  public static IscPeerStatement toStatement(String name, IscPeerDeclaration d, Optional<IscPeerStatement> current,
      String ownAddress) {
    Violations.collect()
        .check(d.hba().map(h -> CANONICAL_HBA.matcher(h).matches()).orElse(true), "hba",
            d.hba().map(Texts::quoted).orElse(""), "must be 32 two-digit lower-case hex bytes separated by colons"
                + " (how dhcpd.conf reads it back), for example " + d.hba().map(h -> h.toLowerCase(Locale.ROOT)).orElse(""))
        .throwIfAny("failover peer " + Texts.quoted(name) + " for dhcpd.conf");
    boolean fresh = current.isEmpty();
    IscPeerStatement c = current.orElse(null);
    boolean primary = d.role() == ServerRole.PRIMARY;
    ImmutableIscPeerStatement.Builder b = IscPeerStatement.builder().name(name).peerAddress(d.peerAddress());
    if (fresh || c.role().isPresent() || !primary) {
      b.role(primary ? IscPeerRole.PRIMARY : IscPeerRole.SECONDARY);
    }
    if (fresh || c.address().isPresent() || !d.address().equals(ownAddress)) {
      b.address(d.address());
    }
    if (fresh || c.port().isPresent() || d.port() != IscFailoverSettings.DEFAULT_PORT) {
      b.port(d.port());
    }
    if (fresh || c.peerPort().isPresent() || d.peerPort() != IscFailoverSettings.DEFAULT_PORT) {
      b.peerPort(d.peerPort());
    }
    long mrd = d.maxResponseDelay().getSeconds();
    if (fresh || c.maxResponseDelay().isPresent()
        || mrd != IscFailoverSettings.DHCPD_DEFAULT_MAX_RESPONSE_DELAY.getSeconds()) {
      b.maxResponseDelay(mrd);
    }
    if (fresh || c.maxUnackedUpdates().isPresent()
        || d.maxUnackedUpdates() != IscFailoverSettings.DHCPD_DEFAULT_MAX_UNACKED_UPDATES) {
      b.maxUnackedUpdates(d.maxUnackedUpdates());
    }
    if (primary) {
      d.mclt().ifPresent(m -> b.mclt(m.getSeconds()));
      b.split(d.split()).hba(d.hba());
    }
    if (fresh || c.loadBalanceMaxSeconds().isPresent()
        || d.loadBalanceMaxSeconds() != DHCPD_DEFAULT_LOAD_BALANCE_MAX_SECONDS) {
      b.loadBalanceMaxSeconds(d.loadBalanceMaxSeconds());
    }
    long apd = d.autoPartnerDown().getSeconds();
    if ((c != null && c.autoPartnerDown().isPresent()) || apd != 0) {
      b.autoPartnerDown(apd);
    }
    if ((c != null && c.maxLeaseMisbalance().isPresent())
        || d.maxLeaseMisbalance() != IscFailoverSettings.DEFAULT_MAX_LEASE_MISBALANCE) {
      b.maxLeaseMisbalance(d.maxLeaseMisbalance());
    }
    if ((c != null && c.maxLeaseOwnership().isPresent())
        || d.maxLeaseOwnership() != IscFailoverSettings.DEFAULT_MAX_LEASE_OWNERSHIP) {
      b.maxLeaseOwnership(d.maxLeaseOwnership());
    }
    if ((c != null && c.minBalance().isPresent()) || !d.minBalance().equals(IscFailoverSettings.DEFAULT_MIN_BALANCE)) {
      b.minBalance(d.minBalance().getSeconds());
    }
    if ((c != null && c.maxBalance().isPresent()) || !d.maxBalance().equals(IscFailoverSettings.DEFAULT_MAX_BALANCE)) {
      b.maxBalance(d.maxBalance().getSeconds());
    }
    return b.build();
  }

  private static Duration seconds(Violations v, String field, OptionalLong value, Duration whenAbsentOrZero) {
    if (value.isEmpty() || value.getAsLong() == 0) {
      return whenAbsentOrZero;
    }
    return Duration.ofSeconds(intOf(v, field, value.getAsLong()));
  }

  private static int count(Violations v, String field, OptionalLong value, int whenAbsentOrZero) {
    if (value.isEmpty() || value.getAsLong() == 0) {
      return whenAbsentOrZero;
    }
    return intOf(v, field, value.getAsLong());
  }

  private static int percent(OptionalInt value, int whenAbsentOrZero) {
    return value.isEmpty() || value.getAsInt() == 0 ? whenAbsentOrZero : value.getAsInt();
  }

  /** A number dhcpd reads with {@code atoi}: above a C int it is not what the file says. */
  private static int intOf(Violations v, String field, long value) {
    v.check(value <= Integer.MAX_VALUE, field, value,
        "must be at most 2147483647 (dhcpd reads the number with atoi)");
    return (int) Math.min(value, Integer.MAX_VALUE);
  }

  /** The declaration the partner would write, mirrored from one side (see {@link IscBackend}). */
  static IscPeerDeclaration mirror(IscPeerDeclaration d) {
    boolean otherIsPrimary = d.role() == ServerRole.SECONDARY;
    var b = IscPeerDeclaration.builder()
        .role(otherIsPrimary ? ServerRole.PRIMARY : ServerRole.SECONDARY)
        .address(d.peerAddress()).port(d.peerPort()).peerAddress(d.address()).peerPort(d.port())
        .maxResponseDelay(d.maxResponseDelay()).maxUnackedUpdates(d.maxUnackedUpdates())
        .loadBalanceMaxSeconds(d.loadBalanceMaxSeconds()).autoPartnerDown(d.autoPartnerDown())
        .maxLeaseMisbalance(d.maxLeaseMisbalance()).maxLeaseOwnership(d.maxLeaseOwnership())
        .minBalance(d.minBalance()).maxBalance(d.maxBalance());
    if (otherIsPrimary) {
      b.mclt(IscFailoverSettings.DEFAULT_MCLT).split(IscFailoverSettings.LOAD_BALANCING_SPLIT);
    }
    return b.build();
  }

  static ValidationException invalid(String subject, String field, Object value, String rule) {
    return new ValidationException(subject, List.of(new Violation(field, String.valueOf(value), rule)));
  }
}
