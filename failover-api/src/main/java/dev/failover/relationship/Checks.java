package dev.failover.relationship;

import dev.failover.errors.Violations;
import dev.failover.spi.Texts;
import dev.failover.scope.Ipv4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

/** Range and shape checks the settings types share. Not API. */
final class Checks {

  /** The largest unsigned 16-bit number (Kea's millisecond timers). */
  static final long UINT16_MAX = 65_535L;
  /** The largest unsigned 32-bit number (Kea counters, Windows DWORD seconds). */
  static final long UINT32_MAX = 4_294_967_295L;
  /** The largest C {@code int} (dhcpd reads its numbers with {@code atoi}). */
  static final long C_INT_MAX = Integer.MAX_VALUE;

  private Checks() {}

  /** {@code min <= value <= max}. */
  static void range(Violations v, String field, long value, long min, long max, String why) {
    v.check(value >= min && value <= max, field, value,
        () -> "must be between " + min + " and " + max + (why.isEmpty() ? "" : " (" + why + ")"));
  }

  /** A whole number of seconds from {@code min} to {@code max}. */
  static void seconds(Violations v, String field, Duration value, long min, long max, String why) {
    boolean whole = value.getNano() == 0;
    long s = value.getSeconds();
    v.check(whole && s >= min && s <= max, field, value,
        () -> "must be a whole number of seconds from " + min + " to " + max + (why.isEmpty() ? "" : " (" + why + ")"));
  }

  /** A whole number of milliseconds from {@code min} to {@code max}. */
  static void millis(Violations v, String field, Duration value, long min, long max, String why) {
    boolean ok = !value.isNegative() && value.getNano() % 1_000_000 == 0 && value.compareTo(Duration.ofMillis(max)) <= 0
        && value.compareTo(Duration.ofMillis(min)) >= 0;
    v.check(ok, field, value,
        () -> "must be a whole number of milliseconds from " + min + " to " + max + (why.isEmpty() ? "" : " (" + why + ")"));
  }

  /** Non-empty text without control characters. */
  static void text(Violations v, String field, String value) {
    v.check(!value.isEmpty() && Texts.printable(value), field, Texts.quoted(value),
        "must be non-empty text without control characters");
  }

  /** Optional text: when present, non-empty and without control characters. */
  static void text(Violations v, String field, Optional<String> value) {
    value.ifPresent(s -> text(v, field, s));
  }

  /**
   * Whether the text is an IPv4 dotted quad or an RFC 1123 host name (all-digit dotted text must
   * be a valid address, so {@code 192.0.2.300} is refused rather than read as a name).
   */
  static boolean ipv4OrHostName(String text) {
    if (!text.isEmpty() && text.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
      return Ipv4Address.isValid(text);
    }
    return Texts.hostName(text);
  }

  /** Whether the host of a URI is an IP literal: an IPv4 dotted quad or a bracketed IPv6 address. */
  static boolean ipLiteralHost(URI uri) {
    String host = uri.getHost();
    if (host == null) {
      return false;
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      String inner = host.substring(1, host.length() - 1);
      if (inner.isEmpty() || !inner.matches("[0-9A-Fa-f:.]+") || inner.indexOf(':') < 0) {
        return false;
      }
      try {
        InetAddress.getByName(inner); // a literal: parsed, never looked up
        return true;
      } catch (UnknownHostException e) {
        return false;
      }
    }
    return Ipv4Address.isValid(host);
  }
}
