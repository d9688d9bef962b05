package dev.failover.scope;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.errors.Violations;
import dev.failover.spi.Texts;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * An address pool: a range clients get addresses from. On ISC a pool may name the failover peer
 * that governs it, hold further dhcpd statements (permits such as {@code allow members of "voip"},
 * {@code deny dynamic bootp clients}, pool-level options) and hand out its addresses by dynamic
 * BOOTP too ({@code range dynamic-bootp}); on Kea a pool may be limited to a client class (load
 * balancing splits pools between the {@code HA_server1} and {@code HA_server2} classes). Kea and
 * Windows hold neither the ISC statements nor dynamic BOOTP: their backends refuse such a pool.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutablePool.class)
@JsonDeserialize(as = ImmutablePool.class)
public interface Pool extends ScopeItem {

  /** {@return the addresses the pool hands out} */
  @Value.Parameter
  AddressRange range();

  /** {@return the ISC failover peer this pool refers to ({@code failover peer "name";})} */
  Optional<String> failoverPeer();

  /** {@return the client class the pool is limited to (Kea {@code client-class})} */
  Optional<String> clientClass();

  /**
   * {@return ISC dhcpd only: the pool's statements besides its ranges and its failover peer, in file order,
   * each as dhcpd's tokens separated by single spaces, without the closing semicolon (for example
   * {@code allow members of "voip"}, {@code deny dynamic bootp clients},
   * {@code option domain-name-servers 10.0.0.53})} They travel verbatim: replication copies them,
   * drift compares them.
   */
  List<String> iscStatements();

  /** {@return ISC dhcpd only: the pool's ranges are {@code range dynamic-bootp} (BOOTP clients get addresses too)} */
  @Value.Default
  default boolean dynamicBootp() {
    return false;
  }

  /**
   * {@return a pool of the range}
   *
   * @param range the addresses
   */
  static Pool of(AddressRange range) {
    return ImmutablePool.of(range);
  }

  /**
   * {@return a pool of the addresses from {@code start} to {@code end}, both included}
   *
   * @param start the first address, for example {@code 10.1.0.100}
   * @param end the last address
   */
  static Pool of(String start, String end) {
    return ImmutablePool.of(AddressRange.of(start, end));
  }

  @Override
  default ItemKind kind() {
    return ItemKind.POOL;
  }

  @Override
  default String key() {
    return range().toString();
  }

  /** Checks the peer, class and statements when the pool is built. */
  @Value.Check
  default void check() {
    Violations.collect()
        .check(failoverPeer().map(p -> !p.isEmpty() && p.length() <= 126 && Texts.printable(p)).orElse(true),
            "failoverPeer", failoverPeer().map(Texts::quoted).orElse(""),
            "must be 1 to 126 characters without control characters")
        .check(clientClass().map(p -> !p.isEmpty() && p.length() <= 256 && Texts.printable(p)).orElse(true),
            "clientClass", clientClass().map(Texts::quoted).orElse(""),
            "must be 1 to 256 characters without control characters")
        .check(iscStatements().stream().allMatch(st -> !st.isBlank() && st.length() <= 4096 && Texts.printable(st)
            && !st.endsWith(";")), "iscStatements", iscStatements().stream().filter(st -> st.isBlank()
            || st.length() > 4096 || !Texts.printable(st) || st.endsWith(";")).findFirst().map(Texts::quoted)
            .orElse(""), "must each be one dhcpd statement of 1 to 4096 characters without control characters"
            + " and without its closing semicolon")
        .check(!dynamicBootp() || failoverPeer().isEmpty(), "dynamicBootp", true, "must be off where a failover"
            + " peer governs the pool (dhcpd: \"dynamic-bootp flag is not permitted for address range declarations"
            + " where there is a failover peer in scope\")")
        .throwIfAny("pool " + range());
  }
}
