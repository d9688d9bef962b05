package dev.failover.diff;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.scope.Subnet;
import java.util.List;
import org.immutables.value.Value;

/** How one scope differs between two partners. */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableScopeDrift.class)
@JsonDeserialize(as = ImmutableScopeDrift.class)
public abstract class ScopeDrift {

  /** Where the scope exists. */
  public enum Presence {
    /** On both servers; {@link ScopeDrift#items()} says what differs. */
    BOTH,
    /** On the first server only. */
    ONLY_FIRST,
    /** On the second server only. */
    ONLY_SECOND;

    Presence mirrored() {
      return this == BOTH ? BOTH : this == ONLY_FIRST ? ONLY_SECOND : ONLY_FIRST;
    }
  }

  /** {@return the scope's subnet} */
  public abstract Subnet subnet();

  /** {@return which servers have the scope} */
  public abstract Presence presence();

  /** {@return the items that differ, when the scope exists on both servers} */
  public abstract List<ItemDifference> items();

  /** {@return the same drift seen from the other server} */
  public ScopeDrift mirrored() {
    return ImmutableScopeDrift.builder().subnet(subnet()).presence(presence().mirrored())
        .items(items().stream().map(ItemDifference::mirrored).toList()).build();
  }

  @Override
  public String toString() {
    return switch (presence()) {
      case ONLY_FIRST -> "scope " + subnet() + ": only on first";
      case ONLY_SECOND -> "scope " + subnet() + ": only on second";
      case BOTH -> "scope " + subnet() + ": " + items().size() + " item(s) differ";
    };
  }
}
