package dev.failover.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.Violations;
import java.util.Optional;
import org.immutables.value.Value;

/** An ISC {@code failover peer} declaration is added to, changed in or deleted from a server's configuration. */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutablePeerChange.class)
@JsonDeserialize(as = ImmutablePeerChange.class)
public non-sealed interface PeerChange extends Change {

  Optional<IscPeer> before();

  Optional<IscPeer> after();

  static PeerChange create(IscPeer peer) {
    return ImmutablePeerChange.builder().after(peer).build();
  }

  static PeerChange delete(IscPeer peer) {
    return ImmutablePeerChange.builder().before(peer).build();
  }

  static PeerChange modify(IscPeer before, IscPeer after) {
    return ImmutablePeerChange.builder().before(before).after(after).build();
  }

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
