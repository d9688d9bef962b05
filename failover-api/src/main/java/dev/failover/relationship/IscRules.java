package dev.failover.relationship;

import dev.failover.errors.Violations;
import dev.failover.spi.Texts;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The dhcpd 4.x rules shared by {@link IscFailoverSettings} and {@link IscPeerDeclaration}
 * (vendor-facts §2.1, §2.2; dhcpd's confpars.c {@code parse_failover_peer}). Not API.
 */
final class IscRules {

  /** 32 colon-separated bytes of one or two hex digits, as dhcpd's {@code parse_numeric_aggregate} reads them. */
  private static final Pattern HBA = Pattern.compile("[0-9A-Fa-f]{1,2}(:[0-9A-Fa-f]{1,2}){31}");

  private IscRules() {}

  static void address(Violations v, String field, String address) {
    v.check(Checks.ipv4OrHostName(address), field, Texts.quoted(address),
        "must be an IPv4 address or a host name (dhcpd failover is IPv4 only)");
  }

  static void port(Violations v, String field, int port) {
    Checks.range(v, field, port, 1, 65535, "a TCP port; dhcpd uses 647 when omitted");
  }

  /** The parameters both the primary and the secondary may carry. */
  static void shared(Violations v, Duration maxResponseDelay, int maxUnackedUpdates, int loadBalanceMaxSeconds,
      Duration autoPartnerDown, int maxLeaseMisbalance, int maxLeaseOwnership, Duration minBalance,
      Duration maxBalance) {
    Checks.seconds(v, "maxResponseDelay", maxResponseDelay, 1, Checks.C_INT_MAX,
        "dhcpd replaces 0 with its default of 20");
    Checks.range(v, "maxUnackedUpdates", maxUnackedUpdates, 1, Checks.C_INT_MAX,
        "dhcpd replaces 0 with its default of 100");
    Checks.range(v, "loadBalanceMaxSeconds", loadBalanceMaxSeconds, 0, Checks.C_INT_MAX,
        "0 disables load balancing");
    Checks.seconds(v, "autoPartnerDown", autoPartnerDown, 0, Checks.C_INT_MAX, "0 disables it");
    Checks.range(v, "maxLeaseMisbalance", maxLeaseMisbalance, 1, 100,
        "a percentage; dhcpd replaces 0 with its default of 15");
    Checks.range(v, "maxLeaseOwnership", maxLeaseOwnership, 1, 100,
        "a percentage; dhcpd replaces 0 with its default of 10");
    Checks.seconds(v, "minBalance", minBalance, 1, Checks.C_INT_MAX, "dhcpd replaces 0 with its default of 60");
    Checks.seconds(v, "maxBalance", maxBalance, 1, Checks.C_INT_MAX, "dhcpd replaces 0 with its default of 3600");
  }

  static void mclt(Violations v, Duration mclt) {
    Checks.seconds(v, "mclt", mclt, 1, Checks.C_INT_MAX, "dhcpd treats 0 as missing");
  }

  /** split 0..256 or a 32-byte hba, never both. */
  static void splitOrHba(Violations v, OptionalInt split, Optional<String> hba) {
    split.ifPresent(s -> Checks.range(v, "split", s, 0, 256, "256: the primary serves every client"));
    hba.ifPresent(h -> v.check(HBA.matcher(h).matches(), "hba", Texts.quoted(h),
        "must be exactly 32 colon-separated hex bytes"));
    v.check(split.isEmpty() || hba.isEmpty(), "hba", hba.map(Texts::quoted).orElse(""),
        "must not be set together with split (dhcpd: only split or hba, never both)");
  }

  /** The 32 bytes of a well-formed hba. */
  static int[] hbaBytes(String hba) {
    String[] parts = hba.split(":");
    int[] bytes = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      bytes[i] = Integer.parseInt(parts[i], 16);
    }
    return bytes;
  }

  /** How many of the 256 hash buckets the primary serves: the split, or the bits set in the hba. */
  static OptionalInt primaryBuckets(OptionalInt split, Optional<String> hba) {
    if (split.isPresent()) {
      return split;
    }
    if (hba.isPresent() && HBA.matcher(hba.get()).matches()) {
      int bits = 0;
      for (int b : hbaBytes(hba.get())) {
        bits += Integer.bitCount(b);
      }
      return OptionalInt.of(bits);
    }
    return OptionalInt.empty();
  }
}
