package dev.failover.scope;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.Violations;
import dev.failover.internal.Texts;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * An address pool: a range clients get addresses from. On ISC a pool may name the failover peer
 * that governs it; on Kea a pool may be limited to a client class (load balancing splits pools
 * between the {@code HA_server1} and {@code HA_server2} classes).
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutablePool.class)
@JsonDeserialize(as = ImmutablePool.class)
public interface Pool extends ScopeItem {

  @Value.Parameter
  AddressRange range();

  /** The ISC failover peer this pool refers to ({@code failover peer "name";}). */
  Optional<String> failoverPeer();

  /** The client class the pool is limited to (Kea {@code client-class}). */
  Optional<String> clientClass();

  static Pool of(AddressRange range) {
    return ImmutablePool.of(range);
  }

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

  @Value.Check
  default void check() {
    Violations.collect()
        .check(failoverPeer().map(p -> !p.isEmpty() && p.length() <= 126 && Texts.printable(p)).orElse(true),
            "failoverPeer", failoverPeer().map(Texts::quoted).orElse(""),
            "must be 1 to 126 characters without control characters")
        .check(clientClass().map(p -> !p.isEmpty() && p.length() <= 256 && Texts.printable(p)).orElse(true),
            "clientClass", clientClass().map(Texts::quoted).orElse(""),
            "must be 1 to 256 characters without control characters")
        .throwIfAny("pool " + range());
  }
}
