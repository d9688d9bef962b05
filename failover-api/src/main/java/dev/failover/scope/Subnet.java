package dev.failover.scope;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.failover.errors.Violations;
import dev.failover.spi.Texts;
import java.util.Objects;

/**
 * An IPv4 network in CIDR form, {@code 10.1.0.0/24}. The address must be the network address
 * (no host bits set). A scope is identified by its subnet on every vendor.
 */
public final class Subnet implements Comparable<Subnet> {

  private final Ipv4Address network;
  private final int prefixLength;

  private Subnet(Ipv4Address network, int prefixLength) {
    this.network = network;
    this.prefixLength = prefixLength;
  }

  /**
   * {@return the subnet with that network address and prefix length}
   *
   * @param network the network address; no host bits may be set
   * @param prefixLength 0 to 32
   */
  public static Subnet of(Ipv4Address network, int prefixLength) {
    Violations v = Violations.collect()
        .check(prefixLength >= 0 && prefixLength <= 32, "prefixLength", prefixLength, "must be between 0 and 32");
    v.throwIfAny("subnet");
    v.check((network.bits() & ~mask(prefixLength)) == 0, "subnet", network + "/" + prefixLength,
        "must be a network address (no host bits set; did you mean "
            + Ipv4Address.ofBits(network.bits() & mask(prefixLength)) + "/" + prefixLength + "?)");
    v.throwIfAny("subnet");
    return new Subnet(network, prefixLength);
  }

  private static boolean digits(String text, int from) {
    int n = text.length() - from;
    if (n < 1 || n > 2) {
      return false;
    }
    for (int i = from; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Parses {@code a.b.c.d/n}.
   *
   * @param text the subnet, for example {@code 10.1.0.0/24}
   * @return the subnet; a malformed text or host bits set is an invalid-input error
   */
  @JsonCreator
  public static Subnet parse(String text) {
    Objects.requireNonNull(text, "subnet");
    int slash = text.indexOf('/');
    Violations.collect()
        .check(slash > 0 && slash < text.length() - 1 && digits(text, slash + 1), "subnet",
            Texts.quoted(text), "must be written as network/prefix-length, for example 10.1.0.0/24")
        .throwIfAny("subnet");
    return of(Ipv4Address.parse(text.substring(0, slash)), Integer.parseInt(text.substring(slash + 1)));
  }

  /**
   * {@return the subnet with that network address and mask ({@code 255.255.255.0})}
   *
   * @param network the network address
   * @param mask the netmask
   */
  public static Subnet of(Ipv4Address network, Ipv4Address mask) {
    int m = mask.bits();
    int len = Integer.bitCount(m);
    Violations.collect()
        .check(m == mask(len), "subnetMask", mask, "must be a contiguous netmask")
        .throwIfAny("subnet");
    return of(network, len);
  }

  static int mask(int prefixLength) {
    return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
  }

  /** {@return the network address} */
  public Ipv4Address network() {
    return network;
  }

  /** {@return the prefix length, 0 to 32} */
  public int prefixLength() {
    return prefixLength;
  }

  /** {@return the netmask, for example {@code 255.255.255.0}} */
  public Ipv4Address mask() {
    return Ipv4Address.ofBits(mask(prefixLength));
  }

  /** {@return the broadcast address, the subnet's last} */
  public Ipv4Address broadcast() {
    return Ipv4Address.ofBits(network.bits() | ~mask(prefixLength));
  }

  /**
   * {@return whether the address lies in the subnet}
   *
   * @param address the address
   */
  public boolean contains(Ipv4Address address) {
    return (address.bits() & mask(prefixLength)) == network.bits();
  }

  /**
   * {@return whether the whole range lies in the subnet}
   *
   * @param range the range
   */
  public boolean contains(AddressRange range) {
    return contains(range.start()) && contains(range.end());
  }

  @Override
  public int compareTo(Subnet other) {
    int c = network.compareTo(other.network);
    return c != 0 ? c : Integer.compare(prefixLength, other.prefixLength);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Subnet && ((Subnet) o).network.equals(network) && ((Subnet) o).prefixLength == prefixLength;
  }

  @Override
  public int hashCode() {
    return network.hashCode() * 33 + prefixLength;
  }

  @JsonValue
  @Override
  public String toString() {
    return network + "/" + prefixLength;
  }
}
