package dev.failover.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.diff.ItemChange;
import org.immutables.value.Value;

/** An item inside an existing scope is added, removed or changed (see {@link ItemChange}). */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableItemChanged.class)
@JsonDeserialize(as = ImmutableItemChanged.class)
public non-sealed interface ItemChanged extends Change {

  /** {@return the change to one item of one scope} */
  @Value.Parameter
  ItemChange item();

  /**
   * {@return the change as a server change}
   *
   * @param item the change to one item
   */
  static ItemChanged of(ItemChange item) {
    return ImmutableItemChanged.of(item);
  }

  @Override
  default Change inverse() {
    return of(item().inverse());
  }

  @Override
  default String describe() {
    return item().toString();
  }
}
