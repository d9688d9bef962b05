package dev.failover.relationship;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.errors.ValidationException;
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
 * The settings of an ISC dhcpd 4.x failover pair (vendor-facts §2): what the two
 * {@code failover peer} declarations, one per server, say together. {@link #declarationFor}
 * gives each server's own declaration; {@link #fromDeclarations} reads a pair back.
 *
 * <p>Defaults are the values of dhcpd.conf(5)'s failover example, which a real 4.4.3 pair
 * reports back over OMAPI: {@code max-response-delay 60; max-unacked-updates 10; mclt 3600;
 * split 128; load balance max seconds 3;}, ports 647, and dhcpd's own defaults for the lease
 * balancing parameters. dhcpd itself uses other values when a statement is left out
 * ({@link #DHCPD_DEFAULT_MAX_RESPONSE_DELAY}, {@link #DHCPD_DEFAULT_MAX_UNACKED_UPDATES}); a
 * backend reading a configuration without those statements sets those explicitly.
 *
 * <p>Rules checked when built, all reported together: addresses are IPv4 literals or host
 * names; ports 1 to 65535; the two sides are not the same address and port; times are whole
 * seconds within a C int (dhcpd reads them with {@code atoi}) and not 0 where dhcpd would
 * silently replace 0 with its default; {@code split} 0 to 256; {@code hba} exactly 32 bytes and
 * never together with {@code split}; lease balancing percentages 1 to 100. Mode rules
 * ({@link #violationsIn}): load balancing needs a split that gives both servers a share, hot
 * standby a split of 256 or 0 (or an all-ones/all-zeros hba).
 *
 * <pre>{@code
 * IscFailoverSettings lb = IscFailoverSettings.defaults("192.0.2.1", "192.0.2.2");
 * IscFailoverSettings hs = IscFailoverSettings.forMode(FailoverMode.HOT_STANDBY, "192.0.2.1", "192.0.2.2");
 * IscPeerDeclaration onPrimary = lb.declarationFor(ServerRole.PRIMARY);
 * }</pre>
 */
@Value.Immutable
@FailoverStyle
@JsonTypeName("isc")
@JsonSerialize(as = ImmutableIscFailoverSettings.class)
@JsonDeserialize(as = ImmutableIscFailoverSettings.class)
public non-sealed interface IscFailoverSettings extends VendorSettings {

  /** The IANA dhcp-failover port dhcpd uses when {@code port}/{@code peer port} are omitted. */
  int DEFAULT_PORT = 647;
  /** The recommended {@code max-response-delay} (dhcpd.conf(5) example). */
  Duration DEFAULT_MAX_RESPONSE_DELAY = Duration.ofSeconds(60);
  /** The recommended {@code max-unacked-updates} ("10 seems to be a good value"). */
  int DEFAULT_MAX_UNACKED_UPDATES = 10;
  /** The recommended {@code mclt}. */
  Duration DEFAULT_MCLT = Duration.ofHours(1);
  /** The split of a load-balancing pair ("128 is really the only meaningful value"). */
  int LOAD_BALANCING_SPLIT = 128;
  /** The split of a hot-standby pair whose primary is the active server (dhcpd 4.3.2+). */
  int HOT_STANDBY_SPLIT = 256;
  /** The recommended {@code load balance max seconds} (3 or 5). */
  int DEFAULT_LOAD_BALANCE_MAX_SECONDS = 3;
  /** dhcpd's default {@code max-lease-misbalance} (percent). */
  int DEFAULT_MAX_LEASE_MISBALANCE = 15;
  /** dhcpd's default {@code max-lease-ownership} (percent). */
  int DEFAULT_MAX_LEASE_OWNERSHIP = 10;
  /** dhcpd's default {@code min-balance}. */
  Duration DEFAULT_MIN_BALANCE = Duration.ofSeconds(60);
  /** dhcpd's default {@code max-balance}. */
  Duration DEFAULT_MAX_BALANCE = Duration.ofSeconds(3600);
  /** What dhcpd uses when {@code max-response-delay} is left out (failover.h). */
  Duration DHCPD_DEFAULT_MAX_RESPONSE_DELAY = Duration.ofSeconds(20);
  /** What dhcpd uses when {@code max-unacked-updates} is left out (failover.h). */
  int DHCPD_DEFAULT_MAX_UNACKED_UPDATES = 100;

  /** {@return the primary's {@code address} (the secondary's {@code peer address}): IPv4 literal or host name} */
  String primaryAddress();

  /** {@return the primary's {@code port} (the secondary's {@code peer port})} */
  @Value.Default
  default int primaryPort() {
    return DEFAULT_PORT;
  }

  /** {@return the secondary's {@code address} (the primary's {@code peer address})} */
  String secondaryAddress();

  /** {@return the secondary's {@code port} (the primary's {@code peer port})} */
  @Value.Default
  default int secondaryPort() {
    return DEFAULT_PORT;
  }

  /** {@return {@code max-response-delay}: silence after which the connection counts as failed} */
  @Value.Default
  default Duration maxResponseDelay() {
    return DEFAULT_MAX_RESPONSE_DELAY;
  }

  /** {@return {@code max-unacked-updates}: lease updates (BNDUPD) in flight before waiting for acknowledgements} */
  @Value.Default
  default int maxUnackedUpdates() {
    return DEFAULT_MAX_UNACKED_UPDATES;
  }

  /** {@return {@code mclt}: maximum client lead time; written on the primary only} */
  @Value.Default
  default Duration mclt() {
    return DEFAULT_MCLT;
  }

  /**
   * {@return {@code split}: how many of the 256 hash buckets the primary serves (0 to 256); written on
   * the primary only} {@value #LOAD_BALANCING_SPLIT} unless {@link #hba()} is set.
   */
  @Value.Default
  default OptionalInt split() {
    return hba().isPresent() ? OptionalInt.empty() : OptionalInt.of(LOAD_BALANCING_SPLIT);
  }

  /**
   * {@return {@code hba}: the primary's hash bucket bitmap, 32 colon-separated hex bytes; exclusive with {@link #split()}}
   */
  Optional<String> hba();

  /**
   * {@return {@code load balance max seconds}: clients waiting longer are served by either server; 0 disables load balancing}
   */
  @Value.Default
  default int loadBalanceMaxSeconds() {
    return DEFAULT_LOAD_BALANCE_MAX_SECONDS;
  }

  /**
   * {@return {@code auto-partner-down} (dhcpd 4.2.0+): time in communications-interrupted before partner-down; zero disables it}
   */
  @Value.Default
  default Duration autoPartnerDown() {
    return Duration.ZERO;
  }

  /** {@return {@code max-lease-misbalance} (dhcpd 4.4): percent} */
  @Value.Default
  default int maxLeaseMisbalance() {
    return DEFAULT_MAX_LEASE_MISBALANCE;
  }

  /** {@return {@code max-lease-ownership} (dhcpd 4.4): percent} */
  @Value.Default
  default int maxLeaseOwnership() {
    return DEFAULT_MAX_LEASE_OWNERSHIP;
  }

  /** {@return {@code min-balance} (dhcpd 4.4)} */
  @Value.Default
  default Duration minBalance() {
    return DEFAULT_MIN_BALANCE;
  }

  /** {@return {@code max-balance} (dhcpd 4.4)} */
  @Value.Default
  default Duration maxBalance() {
    return DEFAULT_MAX_BALANCE;
  }

  /** {@return a builder starting from dhcpd's defaults} */
  static ImmutableIscFailoverSettings.Builder builder() {
    return ImmutableIscFailoverSettings.builder();
  }

  /**
   * {@return load-balancing settings with every default (split 128) between the two addresses}
   *
   * @param primaryAddress the primary's address, as its partner reaches it
   * @param secondaryAddress the secondary's address, as its partner reaches it
   */
  static IscFailoverSettings defaults(String primaryAddress, String secondaryAddress) {
    return builder().primaryAddress(primaryAddress).secondaryAddress(secondaryAddress).build();
  }

  /**
   * {@return settings with every default for the mode: split 128 for load balancing, split 256 (the
   * primary serves every client) for hot standby}
   *
   * @param mode hot standby or load balancing
   * @param primaryAddress the primary's address, as its partner reaches it
   * @param secondaryAddress the secondary's address, as its partner reaches it
   * @throws ValidationException for passive backup, which dhcpd does not have
   *
   */
  static IscFailoverSettings forMode(FailoverMode mode, String primaryAddress, String secondaryAddress) {
    if (!mode.supportedBy(Vendor.ISC)) {
      throw new ValidationException("ISC failover settings", List.of(new Violation("mode", String.valueOf(mode),
          "must be load balancing or hot standby (dhcpd has no " + mode.displayName() + ")")));
    }
    return builder().primaryAddress(primaryAddress).secondaryAddress(secondaryAddress)
        .split(mode == FailoverMode.HOT_STANDBY ? HOT_STANDBY_SPLIT : LOAD_BALANCING_SPLIT).build();
  }

  /**
   * Reads a pair of declarations (one from each server) back into relationship settings. They
   * must mirror each other: one primary and one secondary, each one's {@code peer address} and
   * {@code peer port} the other's {@code address} and {@code port}, and equal shared
   * parameters — the mismatches users hit most (both declared secondary, port and peer port
   * swapped) are reported here, all at once.
   *
   * @param primary the primary server's declaration
   * @param secondary the secondary server's declaration
   * @return the relationship settings the two declarations describe
   */
  static IscFailoverSettings fromDeclarations(IscPeerDeclaration primary, IscPeerDeclaration secondary) {
    Violations v = Violations.collect()
        .check(primary.role() == ServerRole.PRIMARY, "primary.role", primary.role(), "must be PRIMARY")
        .check(secondary.role() == ServerRole.SECONDARY, "secondary.role", secondary.role(), "must be SECONDARY")
        .check(primary.peerAddress().equalsIgnoreCase(secondary.address()), "primary.peerAddress",
            primary.peerAddress(), "must be the secondary's address " + secondary.address())
        .check(secondary.peerAddress().equalsIgnoreCase(primary.address()), "secondary.peerAddress",
            secondary.peerAddress(), "must be the primary's address " + primary.address())
        .check(primary.peerPort() == secondary.port(), "primary.peerPort", primary.peerPort(),
            "must be the secondary's port " + secondary.port())
        .check(secondary.peerPort() == primary.port(), "secondary.peerPort", secondary.peerPort(),
            "must be the primary's port " + primary.port())
        .check(primary.maxResponseDelay().equals(secondary.maxResponseDelay()), "secondary.maxResponseDelay",
            secondary.maxResponseDelay(), "must equal the primary's " + primary.maxResponseDelay())
        .check(primary.maxUnackedUpdates() == secondary.maxUnackedUpdates(), "secondary.maxUnackedUpdates",
            secondary.maxUnackedUpdates(), "must equal the primary's " + primary.maxUnackedUpdates())
        .check(primary.loadBalanceMaxSeconds() == secondary.loadBalanceMaxSeconds(), "secondary.loadBalanceMaxSeconds",
            secondary.loadBalanceMaxSeconds(), "must equal the primary's " + primary.loadBalanceMaxSeconds())
        .check(primary.autoPartnerDown().equals(secondary.autoPartnerDown()), "secondary.autoPartnerDown",
            secondary.autoPartnerDown(), "must equal the primary's " + primary.autoPartnerDown())
        .check(primary.maxLeaseMisbalance() == secondary.maxLeaseMisbalance(), "secondary.maxLeaseMisbalance",
            secondary.maxLeaseMisbalance(), "must equal the primary's " + primary.maxLeaseMisbalance())
        .check(primary.maxLeaseOwnership() == secondary.maxLeaseOwnership(), "secondary.maxLeaseOwnership",
            secondary.maxLeaseOwnership(), "must equal the primary's " + primary.maxLeaseOwnership())
        .check(primary.minBalance().equals(secondary.minBalance()), "secondary.minBalance",
            secondary.minBalance(), "must equal the primary's " + primary.minBalance())
        .check(primary.maxBalance().equals(secondary.maxBalance()), "secondary.maxBalance",
            secondary.maxBalance(), "must equal the primary's " + primary.maxBalance());
    v.throwIfAny("ISC failover peer declarations");
    return builder()
        .primaryAddress(primary.address()).primaryPort(primary.port())
        .secondaryAddress(secondary.address()).secondaryPort(secondary.port())
        .maxResponseDelay(primary.maxResponseDelay()).maxUnackedUpdates(primary.maxUnackedUpdates())
        .mclt(primary.mclt().orElse(DEFAULT_MCLT)).split(primary.split()).hba(primary.hba())
        .loadBalanceMaxSeconds(primary.loadBalanceMaxSeconds()).autoPartnerDown(primary.autoPartnerDown())
        .maxLeaseMisbalance(primary.maxLeaseMisbalance()).maxLeaseOwnership(primary.maxLeaseOwnership())
        .minBalance(primary.minBalance()).maxBalance(primary.maxBalance())
        .build();
  }

  @Override
  default Vendor vendor() {
    return Vendor.ISC;
  }

  /**
   * {@return the {@code failover peer} declaration of the server in that role: the primary's carries
   * {@code mclt} and {@code split}/{@code hba}, the secondary's neither (dhcpd: "secondary may
   * not define load balance settings"); {@code address}/{@code peer address} and
   * {@code port}/{@code peer port} are swapped between the two}
   *
   * @param role primary or secondary
   * @throws ValidationException for STANDBY or BACKUP: dhcpd knows only primary and secondary
   *
   */
  default IscPeerDeclaration declarationFor(ServerRole role) {
    if (role != ServerRole.PRIMARY && role != ServerRole.SECONDARY) {
      throw new ValidationException("ISC failover peer declaration", List.of(new Violation("role", String.valueOf(role),
          "must be PRIMARY or SECONDARY (dhcpd has no other roles)")));
    }
    boolean primary = role == ServerRole.PRIMARY;
    ImmutableIscPeerDeclaration.Builder b = IscPeerDeclaration.builder()
        .role(role)
        .address(primary ? primaryAddress() : secondaryAddress())
        .port(primary ? primaryPort() : secondaryPort())
        .peerAddress(primary ? secondaryAddress() : primaryAddress())
        .peerPort(primary ? secondaryPort() : primaryPort())
        .maxResponseDelay(maxResponseDelay())
        .maxUnackedUpdates(maxUnackedUpdates())
        .loadBalanceMaxSeconds(loadBalanceMaxSeconds())
        .autoPartnerDown(autoPartnerDown())
        .maxLeaseMisbalance(maxLeaseMisbalance())
        .maxLeaseOwnership(maxLeaseOwnership())
        .minBalance(minBalance())
        .maxBalance(maxBalance());
    if (primary) {
      b.mclt(mclt()).split(split()).hba(hba());
    }
    return b.build();
  }

  /** {@return how many of the 256 hash buckets the primary serves (from the split or the hba)} */
  default int primaryBuckets() {
    return IscRules.primaryBuckets(split(), hba()).orElse(LOAD_BALANCING_SPLIT);
  }

  @Override
  default List<Violation> violationsIn(FailoverMode mode) {
    Violations v = Violations.collect();
    String shown = split().isPresent() ? String.valueOf(split().getAsInt()) : hba().orElse("");
    String field = split().isPresent() ? "split" : "hba";
    int buckets = primaryBuckets();
    switch (mode) {
      case LOAD_BALANCING:
        v.check(buckets > 0 && buckets < 256, field, shown,
            "must give both servers a share in load balancing (split 1 to 255; 128 is the meaningful value)");
        break;
      case HOT_STANDBY:
        v.check(buckets == 0 || buckets == 256, field, shown,
            "must give one server every client in hot standby (split 256: the primary serves; 0: the secondary serves)");
        break;
      default:
        v.check(false, "mode", mode, "must be load balancing or hot standby (dhcpd has no " + mode.displayName() + ")");
    }
    return v.list();
  }

  @Override
  default List<String> advisories(FailoverMode mode) {
    List<String> out = new ArrayList<>();
    if (maxUnackedUpdates() != DEFAULT_MAX_UNACKED_UPDATES) {
      out.add("max-unacked-updates is " + maxUnackedUpdates() + "; ISC documentation recommends "
          + DEFAULT_MAX_UNACKED_UPDATES);
    }
    if (!mclt().equals(DEFAULT_MCLT)) {
      out.add("mclt is " + mclt().getSeconds() + " s; ISC recommends about 3600 s (it is written on the primary only, "
          + "and a server in recover-wait waits this long before serving normally)");
    }
    if (mode == FailoverMode.LOAD_BALANCING) {
      if (split().isPresent() && split().getAsInt() != LOAD_BALANCING_SPLIT) {
        out.add("split is " + split().getAsInt() + "; ISC documentation says 128 is really the only meaningful value "
            + "for load balancing");
      }
      if (loadBalanceMaxSeconds() == 0) {
        out.add("load balance max seconds is 0: load balancing is disabled and both servers answer every client");
      } else if (loadBalanceMaxSeconds() != 3 && loadBalanceMaxSeconds() != 5) {
        out.add("load balance max seconds is " + loadBalanceMaxSeconds() + "; ISC documentation recommends 3 or 5");
      }
    }
    if (mode == FailoverMode.HOT_STANDBY && primaryBuckets() == 0) {
      out.add("split 0: the secondary server serves every client and the primary stands by");
    }
    if (!autoPartnerDown().isZero()) {
      out.add("auto-partner-down is set: a server moves to partner-down by itself after "
          + autoPartnerDown().getSeconds() + " s of communications-interrupted, which risks duplicate addresses "
          + "unless the partner is known to be down (and dhcpd 4.1-ESV rejects the statement)");
    }
    if (maxLeaseOwnership() >= maxLeaseMisbalance()) {
      out.add("max-lease-ownership (" + maxLeaseOwnership() + "%) should be lower than max-lease-misbalance ("
          + maxLeaseMisbalance() + "%)");
    }
    if (maxLeaseMisbalance() > 50 || maxLeaseOwnership() > 50) {
      out.add("lease balancing percentages above 50 behave like 50");
    }
    if (minBalance().compareTo(maxBalance()) > 0) {
      out.add("min-balance (" + minBalance().getSeconds() + " s) is longer than max-balance ("
          + maxBalance().getSeconds() + " s)");
    }
    return out;
  }

  /** Checks the rules listed above, all together, when the settings are built. */
  @Value.Check
  default void check() {
    Violations v = Violations.collect();
    IscRules.address(v, "primaryAddress", primaryAddress());
    IscRules.address(v, "secondaryAddress", secondaryAddress());
    IscRules.port(v, "primaryPort", primaryPort());
    IscRules.port(v, "secondaryPort", secondaryPort());
    v.check(!(primaryAddress().equalsIgnoreCase(secondaryAddress()) && primaryPort() == secondaryPort()),
        "secondaryPort", secondaryAddress() + ":" + secondaryPort(),
        "must differ from the primary's address and port (a server cannot be its own failover peer)");
    IscRules.shared(v, maxResponseDelay(), maxUnackedUpdates(), loadBalanceMaxSeconds(), autoPartnerDown(),
        maxLeaseMisbalance(), maxLeaseOwnership(), minBalance(), maxBalance());
    IscRules.mclt(v, mclt());
    IscRules.splitOrHba(v, split(), hba());
    v.check(split().isPresent() || hba().isPresent(), "split", "",
        "must be set, or hba (dhcpd: primary failover server must have hba or split)");
    v.throwIfAny("ISC failover settings");
  }
}
