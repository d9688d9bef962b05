package dev.failover.scope;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.failover.errors.Violations;
import dev.failover.spi.Texts;
import java.util.Objects;

/** An inclusive range of IPv4 addresses, {@code 10.1.0.100-10.1.0.200}; start ≤ end. */
public final class AddressRange implements Comparable<AddressRange> {

  private final Ipv4Address start;
  private final Ipv4Address end;

  private AddressRange(Ipv4Address start, Ipv4Address end) {
    this.start = start;
    this.end = end;
  }

  /**
   * {@return the range from {@code start} to {@code end}, both included}
   *
   * @param start the first address
   * @param end the last address; not before {@code start}
   */
  public static AddressRange of(Ipv4Address start, Ipv4Address end) {
    Violations.collect()
        .check(start.compareTo(end) <= 0, "range", start + "-" + end, "must not end before it starts")
        .throwIfAny("address range");
    return new AddressRange(start, end);
  }

  /**
   * {@return the range between two dotted quads, both included}
   *
   * @param start the first address, for example {@code 10.1.0.100}
   * @param end the last address, for example {@code 10.1.0.200}
   */
  public static AddressRange of(String start, String end) {
    return of(Ipv4Address.parse(start), Ipv4Address.parse(end));
  }

  /**
   * Parses {@code a.b.c.d-e.f.g.h} (spaces around the dash allowed).
   *
   * @param text the range, for example {@code 10.1.0.100-10.1.0.200}
   * @return the range; a malformed text or a start after the end is an invalid-input error
   */
  @JsonCreator
  public static AddressRange parse(String text) {
    Objects.requireNonNull(text, "range");
    int dash = text.indexOf('-');
    Violations.collect()
        .check(dash > 0, "range", Texts.quoted(text), "must be written start-end, for example 10.1.0.100-10.1.0.200")
        .throwIfAny("address range");
    return of(Ipv4Address.parse(text.substring(0, dash).trim()), Ipv4Address.parse(text.substring(dash + 1).trim()));
  }

  /** {@return the first address of the range} */
  public Ipv4Address start() {
    return start;
  }

  /** {@return the last address of the range (included)} */
  public Ipv4Address end() {
    return end;
  }

  /** {@return how many addresses the range holds, both ends included} */
  public long size() {
    return end.toLong() - start.toLong() + 1;
  }

  /**
   * {@return whether the address lies in the range, ends included}
   *
   * @param address the address to look for
   */
  public boolean contains(Ipv4Address address) {
    return start.compareTo(address) <= 0 && address.compareTo(end) <= 0;
  }

  /**
   * {@return whether the two ranges share at least one address}
   *
   * @param other the other range
   */
  public boolean overlaps(AddressRange other) {
    return start.compareTo(other.end) <= 0 && other.start.compareTo(end) <= 0;
  }

  @Override
  public int compareTo(AddressRange other) {
    int c = start.compareTo(other.start);
    return c != 0 ? c : end.compareTo(other.end);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AddressRange && ((AddressRange) o).start.equals(start) && ((AddressRange) o).end.equals(end);
  }

  @Override
  public int hashCode() {
    return start.hashCode() * 31 + end.hashCode();
  }

  @JsonValue
  @Override
  public String toString() {
    return start + "-" + end;
  }
}
