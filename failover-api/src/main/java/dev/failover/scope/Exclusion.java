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

  @Value.Parameter
  AddressRange range();

  static Exclusion of(AddressRange range) {
    return ImmutableExclusion.of(range);
  }

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
