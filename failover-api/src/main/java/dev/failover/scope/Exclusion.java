package dev.failover.scope;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import org.immutables.value.Value;

/**
 * A range of addresses inside the scope that is never leased. Windows stores exclusions as such;
 * on ISC and Kea an exclusion is a gap between pools, so the backends map it onto pool edges.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableExclusion.class)
@JsonDeserialize(as = ImmutableExclusion.class)
public interface Exclusion extends ScopeItem {

  /** {@return the addresses never handed out} */
  @Value.Parameter
  AddressRange range();

  /**
   * {@return an exclusion of the range}
   *
   * @param range the addresses to exclude
   */
  static Exclusion of(AddressRange range) {
    return ImmutableExclusion.of(range);
  }

  /**
   * {@return an exclusion of the addresses from {@code start} to {@code end}, both included}
   *
   * @param start the first address, for example {@code 10.1.0.1}
   * @param end the last address
   */
  static Exclusion of(String start, String end) {
    return ImmutableExclusion.of(AddressRange.of(start, end));
  }

  @Override
  default ItemKind kind() {
    return ItemKind.EXCLUSION;
  }

  @Override
  default String key() {
    return range().toString();
  }
}
