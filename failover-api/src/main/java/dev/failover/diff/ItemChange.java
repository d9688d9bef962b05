package dev.failover.diff;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.Violations;
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
    ADD("+"), REMOVE("-"), MODIFY("~");

    private final String sign;

    Type(String sign) {
      this.sign = sign;
    }

    /** {@code +}, {@code -} or {@code ~}, as summaries show it. */
    public String sign() {
      return sign;
    }
  }

  /** The scope the item belongs to. */
  public abstract Subnet subnet();

  public abstract Optional<ScopeItem> before();

  public abstract Optional<ScopeItem> after();

  /** An item that will exist and does not yet. */
  public static ItemChange add(Subnet subnet, ScopeItem item) {
    return ImmutableItemChange.builder().subnet(subnet).after(item).build();
  }

  /** An item that exists and will not. */
  public static ItemChange remove(Subnet subnet, ScopeItem item) {
    return ImmutableItemChange.builder().subnet(subnet).before(item).build();
  }

  /** An item whose identity stays and whose values change. */
  public static ItemChange modify(Subnet subnet, ScopeItem before, ScopeItem after) {
    return ImmutableItemChange.builder().subnet(subnet).before(before).after(after).build();
  }

  @JsonIgnore
  @Value.Derived
  public Type type() {
    return before().isEmpty() ? Type.ADD : after().isEmpty() ? Type.REMOVE : Type.MODIFY;
  }

  /** The kind of the item. */
  @JsonIgnore
  @Value.Derived
  public ItemKind kind() {
    return before().or(this::after).orElseThrow().kind();
  }

  /** The identity of the item within its scope and kind. */
  @JsonIgnore
  @Value.Derived
  public String key() {
    return before().or(this::after).orElseThrow().key();
  }

  /** The change that undoes this one. */
  public ItemChange inverse() {
    return ImmutableItemChange.builder().subnet(subnet()).before(after()).after(before()).build();
  }

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
