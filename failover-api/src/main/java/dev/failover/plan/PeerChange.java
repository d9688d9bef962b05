package dev.failover.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.errors.Violations;
import java.util.Optional;
import org.immutables.value.Value;

/** An ISC {@code failover peer} declaration is added to, changed in or deleted from a server's configuration. */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutablePeerChange.class)
@JsonDeserialize(as = ImmutablePeerChange.class)
public non-sealed interface PeerChange extends Change {

  /** {@return the peer before; empty when it is created} */
  Optional<IscPeer> before();

  /** {@return the peer after; empty when it is deleted} */
  Optional<IscPeer> after();

  /**
   * {@return the creation of the peer}
   *
   * @param peer the new peer
   */
  static PeerChange create(IscPeer peer) {
    return ImmutablePeerChange.builder().after(peer).build();
  }

  /**
   * {@return the deletion of the peer}
   *
   * @param peer the peer as it is now
   */
  static PeerChange delete(IscPeer peer) {
    return ImmutablePeerChange.builder().before(peer).build();
  }

  /**
   * {@return a change of the peer's parameters}
   *
   * @param before the peer as it is now
   * @param after the peer as it will be
   */
  static PeerChange modify(IscPeer before, IscPeer after) {
    return ImmutablePeerChange.builder().before(before).after(after).build();
  }

  /** {@return the peer's name} */
  default String name() {
    return before().or(this::after).orElseThrow().name();
  }

  @Override
  default Change inverse() {
    return ImmutablePeerChange.builder().before(after()).after(before()).build();
  }

  @Override
  default String describe() {
    String sign = before().isEmpty() ? "+" : after().isEmpty() ? "-" : "~";
    return sign + "failover peer \"" + name() + "\""
        + after().map(p -> " (" + p.declaration().role().name().toLowerCase(java.util.Locale.ROOT) + ")").orElse("");
  }

  /** Checks that a side is present and both sides name the same peer. */
  @Value.Check
  default void check() {
    Violations v = Violations.collect()
        .check(before().isPresent() || after().isPresent(), "before/after", "neither",
            "a peer change needs the peer before, after, or both");
    if (before().isPresent() && after().isPresent()) {
      v.check(before().get().name().equals(after().get().name()), "after.name", after().get().name(),
          "must stay " + before().get().name());
    }
    v.throwIfAny("peer change");
  }
}
