package dev.failover.diff;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.errors.Violations;
import dev.failover.scope.ItemKind;
import dev.failover.scope.ScopeItem;
import dev.failover.scope.Subnet;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One item of one scope added, removed or changed: {@code +reservation hw-address:00:11:22:33:44:55}.
 * {@link #before()} is the item as it is, {@link #after()} as it will be; an added item has no
 * before, a removed one no after. Every change has an {@link #inverse()}, which is how a
 * partly applied plan is undone.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableItemChange.class)
@JsonDeserialize(as = ImmutableItemChange.class)
public abstract class ItemChange {

  /** What happens to the item. */
  public enum Type {
    /** Added: only {@link #after()} is present. */
    ADD("+"),
    /** Removed: only {@link #before()} is present. */
    REMOVE("-"),
    /** Changed values: both are present. */
    MODIFY("~");

    private final String sign;

    Type(String sign) {
      this.sign = sign;
    }

    /** {@return {@code +}, {@code -} or {@code ~}, as summaries show it} */
    public String sign() {
      return sign;
    }
  }

  /** {@return the scope the item belongs to} */
  public abstract Subnet subnet();

  /** {@return the item as it is before the change; empty for an addition} */
  public abstract Optional<ScopeItem> before();

  /** {@return the item as it is after the change; empty for a removal} */
  public abstract Optional<ScopeItem> after();

  /**
   * {@return an item that will exist and does not yet}
   *
   * @param subnet the scope
   * @param item the item to add
   */
  public static ItemChange add(Subnet subnet, ScopeItem item) {
    return ImmutableItemChange.builder().subnet(subnet).after(item).build();
  }

  /**
   * {@return an item that exists and will not}
   *
   * @param subnet the scope
   * @param item the item to remove, as it is now
   */
  public static ItemChange remove(Subnet subnet, ScopeItem item) {
    return ImmutableItemChange.builder().subnet(subnet).before(item).build();
  }

  /**
   * {@return an item whose identity stays and whose values change}
   *
   * @param subnet the scope
   * @param before the item as it is now
   * @param after the item as it will be
   */
  public static ItemChange modify(Subnet subnet, ScopeItem before, ScopeItem after) {
    return ImmutableItemChange.builder().subnet(subnet).before(before).after(after).build();
  }

  /** {@return whether the item is added, removed or modified (derived from which sides are present)} */
  @JsonIgnore
  @Value.Derived
  public Type type() {
    return before().isEmpty() ? Type.ADD : after().isEmpty() ? Type.REMOVE : Type.MODIFY;
  }

  /** {@return the kind of the item} */
  @JsonIgnore
  @Value.Derived
  public ItemKind kind() {
    return before().or(this::after).orElseThrow().kind();
  }

  /** {@return the identity of the item within its scope and kind} */
  @JsonIgnore
  @Value.Derived
  public String key() {
    return before().or(this::after).orElseThrow().key();
  }

  /** {@return the change that undoes this one} */
  public ItemChange inverse() {
    return ImmutableItemChange.builder().subnet(subnet()).before(after()).after(before()).build();
  }

  /** Checks that at least one side is present and that both sides are the same item. */
  @Value.Check
  protected void check() {
    Violations v = Violations.collect()
        .check(before().isPresent() || after().isPresent(), "before/after", "both empty",
            "an item change needs the item before, after, or both");
    if (before().isPresent() && after().isPresent()) {
      ScopeItem b = before().get();
      ScopeItem a = after().get();
      v.check(b.kind() == a.kind() && b.key().equals(a.key()), "after", a.kind().word() + " " + a.key(),
          () -> "must be the same item as before (" + b.kind().word() + " " + b.key() + ")");
      v.check(!b.equals(a), "after", a.key(), "must differ from before in a modification");
    }
    v.throwIfAny("item change in scope " + subnet());
  }

  /** {@code +reservation hw-address:00:11:22:33:44:55 in 10.1.0.0/24}. */
  @Override
  public String toString() {
    return type().sign() + kind().word() + " " + key() + " in " + subnet();
  }
}
