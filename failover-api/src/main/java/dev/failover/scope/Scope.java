package dev.failover.scope;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.errors.Violations;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.immutables.value.Value;

/**
 * A scope: a subnet and its contents (properties, option values, pools, exclusions and
 * reservations). The contents are kept in a canonical order (pools and exclusions by range,
 * reservations by address, options by identity), so two scopes with the same contents are
 * equal however they were built.
 *
 * <p>Rules checked when built, all reported together: pools, exclusions and reservations lie
 * inside the subnet; pools do not overlap; exclusions do not overlap; reservation identifiers
 * and addresses are unique, and no reservation takes the network or broadcast address; each
 * option identity is set once.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableScope.class)
@JsonDeserialize(as = ImmutableScope.class)
public abstract class Scope {

  private static final Comparator<Reservation> RESERVATION_ORDER =
      Comparator.comparing(Reservation::address).thenComparing(Reservation::key);

  /** {@return the scope's subnet, for example {@code 10.1.0.0/24}; its identity} */
  public abstract Subnet subnet();

  /** {@return the scope's own properties; {@link ScopeProperties#defaults()} when not set} */
  @Value.Default
  public ScopeProperties properties() {
    return ScopeProperties.defaults();
  }

  /** {@return option values set on the scope} */
  public abstract List<OptionValue> options();

  /** {@return the address pools} */
  public abstract List<Pool> pools();

  /** {@return the excluded ranges} */
  public abstract List<Exclusion> exclusions();

  /** {@return the reservations} */
  public abstract List<Reservation> reservations();

  /** {@return a builder for a scope} */
  public static ImmutableScope.Builder builder() {
    return ImmutableScope.builder();
  }

  /**
   * {@return an empty scope for the subnet, for example {@code Scope.of("10.1.0.0/24")}}
   *
   * @param subnet the subnet, for example {@code 10.1.0.0/24}
   */
  public static Scope of(String subnet) {
    return builder().subnet(Subnet.parse(subnet)).build();
  }

  /** {@return the scope's name (its properties' name)} */
  public String name() {
    return properties().name();
  }

  /** {@return whether the scope serves clients (its properties' switch)} */
  public boolean enabled() {
    return properties().enabled();
  }

  /** {@return every item of the scope, properties first} */
  public Stream<ScopeItem> items() {
    return Stream.of(Stream.<ScopeItem>of(properties()), options().stream(), pools().stream(),
        exclusions().stream(), reservations().stream()).flatMap(s -> s);
  }

  /** {@return how many items of every kind the scope holds, properties included} */
  public int itemCount() {
    return 1 + options().size() + pools().size() + exclusions().size() + reservations().size();
  }

  /**
   * Checks that pools and exclusions lie inside the subnet without overlapping, and that every item is
   * listed once, all together.
   *
   * @return this scope, or a copy with its items in a stable order
   */
  @Value.Check
  protected Scope check() {
    Violations v = Violations.collect();
    Subnet subnet = subnet();
    List<Pool> pools = sorted(pools(), Comparator.comparing(Pool::range));
    for (int i = 0; i < pools.size(); i++) {
      AddressRange r = pools.get(i).range();
      v.check(subnet.contains(r), "pools", r, "must lie inside the subnet " + subnet);
      v.check(subnet.prefixLength() > 30 || !subnet.contains(r)
          || (!r.contains(subnet.network()) && !r.contains(subnet.broadcast())), "pools", r,
          () -> "must not take the subnet's network address " + subnet.network() + " or broadcast address "
              + subnet.broadcast() + " (no client can use them)");
      if (i > 0) {
        AddressRange prev = pools.get(i - 1).range();
        v.check(!prev.overlaps(r), "pools", r, () -> "must not overlap pool " + prev);
      }
    }
    List<Exclusion> exclusions = sorted(exclusions(), Comparator.comparing(Exclusion::range));
    for (int i = 0; i < exclusions.size(); i++) {
      AddressRange r = exclusions.get(i).range();
      v.check(subnet.contains(r), "exclusions", r, "must lie inside the subnet " + subnet);
      if (i > 0) {
        AddressRange prev = exclusions.get(i - 1).range();
        v.check(!prev.overlaps(r), "exclusions", r, () -> "must not overlap exclusion " + prev);
      }
    }
    List<Reservation> reservations = sorted(reservations(), RESERVATION_ORDER);
    Map<String, Reservation> byKey = new HashMap<>(reservations.size() * 2);
    boolean hostBits = subnet.prefixLength() <= 30;
    for (int i = 0; i < reservations.size(); i++) {
      Reservation r = reservations.get(i);
      // texts written only for a broken rule: a scope can hold tens of thousands of reservations
      if (!subnet.contains(r.address())) {
        v.check(false, "reservations", r.key() + " -> " + r.address(), "must lie inside the subnet " + subnet);
      }
      if (hostBits && (r.address().equals(subnet.network()) || r.address().equals(subnet.broadcast()))) {
        v.check(false, "reservations", r.key() + " -> " + r.address(), "must not take the network or broadcast address");
      }
      String key = r.key();
      Reservation same = byKey.put(key, r);
      v.check(same == null, "reservations", key, "must have a unique client identifier in the scope");
      if (i > 0) {
        Reservation prev = reservations.get(i - 1);
        v.check(!prev.address().equals(r.address()), "reservations", r.address(),
            () -> "must not be reserved twice (" + prev.key() + " and " + r.key() + ")");
      }
    }
    List<OptionValue> options = sorted(options(), Comparator.comparing(OptionValue::key));
    for (int i = 1; i < options.size(); i++) {
      v.check(!options.get(i - 1).key().equals(options.get(i).key()), "options", options.get(i).key(),
          "must be set once per option space, code and class");
    }
    v.throwIfAny("scope " + subnet);
    if (pools.equals(pools()) && exclusions.equals(exclusions()) && reservations.equals(reservations())
        && options.equals(options())) {
      return this;
    }
    return ImmutableScope.builder().from(this).pools(pools).exclusions(exclusions).reservations(reservations)
        .options(options).build();
  }

  private static <T> List<T> sorted(List<T> items, Comparator<? super T> order) {
    for (int i = 1; i < items.size(); i++) {
      if (order.compare(items.get(i - 1), items.get(i)) > 0) {
        List<T> copy = new ArrayList<>(items);
        copy.sort(order);
        return copy;
      }
    }
    return items;
  }
}
