package dev.failover.diff;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.scope.ItemKind;
import dev.failover.scope.ScopeItem;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One item that differs between two partners' copies of a scope: present on one side only, or
 * on both with different values.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableItemDifference.class)
@JsonDeserialize(as = ImmutableItemDifference.class)
public abstract class ItemDifference {

  /** {@return the kind of the item} */
  public abstract ItemKind kind();

  /** {@return the item's identity within its scope and kind} */
  public abstract String key();

  /** {@return the item on the first server, if it has it} */
  public abstract Optional<ScopeItem> first();

  /** {@return the item on the second server, if it has it} */
  public abstract Optional<ScopeItem> second();

  /** {@return the same difference seen from the other server} */
  public ItemDifference mirrored() {
    return ImmutableItemDifference.builder().kind(kind()).key(key()).first(second()).second(first()).build();
  }

  /** {@return whether only the first server has the item} */
  @JsonIgnore
  public boolean onlyOnFirst() {
    return second().isEmpty();
  }

  /** {@return whether only the second server has the item} */
  @JsonIgnore
  public boolean onlyOnSecond() {
    return first().isEmpty();
  }

  @Override
  public String toString() {
    String where = onlyOnFirst() ? "only on first" : onlyOnSecond() ? "only on second" : "differs";
    return kind().word() + " " + key() + ": " + where;
  }
}
