package dev.failover.scope;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.failover.errors.Violations;
import dev.failover.spi.Texts;
import java.util.Objects;

/**
 * An IPv4 address, held as its 32 bits. Written in dotted-quad form; parsing accepts exactly
 * four decimal octets without leading zeros (so {@code 010.0.0.1} is refused rather than read
 * as octal, as some tools would).
 */
public final class Ipv4Address implements Comparable<Ipv4Address> {

  private final int bits;

  private Ipv4Address(int bits) {
    this.bits = bits;
  }

  /**
   * {@return the address with that 32-bit value}
   *
   * @param bits the address as a 32-bit number (unsigned)
   */
  public static Ipv4Address ofBits(int bits) {
    return new Ipv4Address(bits);
  }

  /**
   * Parses a dotted quad such as {@code 192.0.2.1}.
   *
   * @param text the address, for example {@code 192.0.2.1}
   * @return the address; anything but four numbers 0 to 255 is an invalid-input error
   */
  @JsonCreator
  public static Ipv4Address parse(String text) {
    Objects.requireNonNull(text, "address");
    int value = 0;
    int octets = 0;
    int i = 0;
    int n = text.length();
    boolean ok = n >= 7 && n <= 15;
    while (ok && i < n && octets < 4) {
      int start = i;
      int octet = 0;
      while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9' && i - start < 3) {
        octet = octet * 10 + (text.charAt(i) - '0');
        i++;
      }
      int len = i - start;
      if (len == 0 || octet > 255 || (len > 1 && text.charAt(start) == '0')) {
        ok = false;
        break;
      }
      value = (value << 8) | octet;
      octets++;
      if (octets < 4) {
        if (i < n && text.charAt(i) == '.') {
          i++;
        } else {
          ok = false;
        }
      }
    }
    ok = ok && octets == 4 && i == n;
    if (!ok) {
      // the text is written only for a broken address: a configuration read holds tens of thousands
      Violations.collect()
          .check(false, "address", Texts.quoted(text),
              "must be an IPv4 address in dotted-quad form (four decimal octets 0-255)")
          .throwIfAny("IPv4 address");
    }
    return new Ipv4Address(value);
  }

  /**
   * {@return whether the text is a dotted-quad IPv4 address}
   *
   * @param text the text to check
   */
  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (dev.failover.errors.ValidationException e) {
      return false;
    }
  }

  /** {@return the 32 bits, as a signed int} */
  public int bits() {
    return bits;
  }

  /** {@return the address as an unsigned number from 0 to 2^32 - 1} */
  public long toLong() {
    return bits & 0xffffffffL;
  }

  /**
   * {@return the address {@code delta} further on (wrapping past 255.255.255.255)}
   *
   * @param delta how many addresses to move; negative moves back
   */
  public Ipv4Address plus(long delta) {
    return new Ipv4Address((int) (toLong() + delta));
  }

  @Override
  public int compareTo(Ipv4Address other) {
    return Integer.compareUnsigned(bits, other.bits);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ipv4Address && ((Ipv4Address) o).bits == bits;
  }

  @Override
  public int hashCode() {
    return bits;
  }

  @JsonValue
  @Override
  public String toString() {
    return ((bits >>> 24) & 0xff) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff);
  }
}
