package dev.failover.diff;

import dev.failover.errors.ConflictException;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.scope.Exclusion;
import dev.failover.scope.ImmutableScope;
import dev.failover.scope.ItemKind;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeItem;
import dev.failover.scope.ScopeProperties;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The replication diff: the exact item changes that make a destination scope equal to a source
 * scope ("the source replaces the destination's entire scope contents"). Items are matched by
 * identity (pools and exclusions by range, reservations by client identifier, options by space,
 * code and classes), so a reservation whose address moved is one modification, not a removal
 * and an addition. Runs in time linear in the two scopes' sizes.
 *
 * <p>What a scope holds is shared by both partners by construction: per-server settings (ISC
 * peer roles and address/port pairs, Kea {@code this-server-name}, listener URLs, interfaces)
 * are not part of a {@link Scope}, so replication can never touch them.
 *
 * <p>Changes come in the order a server can take them: removals, then modifications, then
 * additions; within each, properties, options, pools, exclusions, reservations, by identity.
 */
public final class ScopeDiff {

  private static final ItemKind[] ORDER = ItemKind.values();

  private ScopeDiff() {}

  /**
   * {@return the changes that turn {@code destination} into {@code source}; empty when they are equal}
   *
   * @param destination the copy to be changed
   * @param source the copy to be matched
   */
  public static List<ItemChange> between(Scope destination, Scope source) {
    if (!destination.subnet().equals(source.subnet())) {
      throw new ValidationException("replication diff", List.of(new Violation("source.subnet",
          source.subnet().toString(), "must be the destination's subnet " + destination.subnet())));
    }
    if (destination.equals(source)) {
      return List.of();
    }
    Map<ItemKind, Map<String, ScopeItem>> dest = index(destination);
    Map<ItemKind, Map<String, ScopeItem>> src = index(source);
    List<ItemChange> removes = new ArrayList<>();
    List<ItemChange> modifies = new ArrayList<>();
    List<ItemChange> adds = new ArrayList<>();
    for (ItemKind kind : ORDER) {
      Map<String, ScopeItem> d = dest.get(kind);
      Map<String, ScopeItem> s = src.get(kind);
      for (Map.Entry<String, ScopeItem> e : d.entrySet()) {
        ScopeItem wanted = s.get(e.getKey());
        if (wanted == null) {
          removes.add(ItemChange.remove(destination.subnet(), e.getValue()));
        } else if (!wanted.equals(e.getValue())) {
          modifies.add(ItemChange.modify(destination.subnet(), e.getValue(), wanted));
        }
      }
      for (Map.Entry<String, ScopeItem> e : s.entrySet()) {
        if (!d.containsKey(e.getKey())) {
          adds.add(ItemChange.add(destination.subnet(), e.getValue()));
        }
      }
    }
    List<ItemChange> all = new ArrayList<>(removes.size() + modifies.size() + adds.size());
    all.addAll(removes);
    all.addAll(modifies);
    all.addAll(adds);
    return List.copyOf(all);
  }

  /**
   * {@return the scope with the changes applied} Each change must find the scope as it expects it (the
   * item it removes or modifies is there with the values it read; the item it adds is absent);
   * otherwise the scope changed since the diff was computed and this is a
   * {@link ConflictException}.
   *
   * @param scope the scope as read
   * @param changes the changes, in order
   */
  public static Scope apply(Scope scope, List<ItemChange> changes) {
    if (changes.isEmpty()) {
      return scope;
    }
    Map<ItemKind, Map<String, ScopeItem>> items = index(scope);
    for (ItemChange change : changes) {
      if (!change.subnet().equals(scope.subnet())) {
        throw new ValidationException("item change", List.of(new Violation("subnet",
            change.subnet().toString(), "must be the scope's subnet " + scope.subnet())));
      }
      Map<String, ScopeItem> ofKind = items.get(change.kind());
      ScopeItem current = ofKind.get(change.key());
      if (!Objects.equals(current, change.before().orElse(null))) {
        throw new ConflictException("scope " + scope.subnet(), "expected " + change.before()
            .map(b -> change.kind().word() + " " + change.key() + " as read").orElse("no " + change.kind().word()
                + " " + change.key()) + ", found " + (current == null ? "none" : "it with other values"));
      }
      if (change.after().isPresent()) {
        ofKind.put(change.key(), change.after().get());
      } else {
        ofKind.remove(change.key());
      }
    }
    ImmutableScope.Builder b = Scope.builder().subnet(scope.subnet());
    items.get(ItemKind.PROPERTIES).values().forEach(p -> b.properties((ScopeProperties) p));
    items.get(ItemKind.OPTION).values().forEach(o -> b.addOption((OptionValue) o));
    items.get(ItemKind.POOL).values().forEach(p -> b.addPool((Pool) p));
    items.get(ItemKind.EXCLUSION).values().forEach(x -> b.addExclusion((Exclusion) x));
    items.get(ItemKind.RESERVATION).values().forEach(r -> b.addReservation((Reservation) r));
    return b.build();
  }

  /**
   * {@return the inverse of a list of changes, in the order that undoes them}
   *
   * @param changes the changes, in the order they were applied
   */
  public static List<ItemChange> inverse(List<ItemChange> changes) {
    List<ItemChange> out = new ArrayList<>(changes.size());
    for (int i = changes.size() - 1; i >= 0; i--) {
      out.add(changes.get(i).inverse());
    }
    return List.copyOf(out);
  }

  static Map<ItemKind, Map<String, ScopeItem>> index(Scope scope) {
    Map<ItemKind, Map<String, ScopeItem>> out = new EnumMap<>(ItemKind.class);
    for (ItemKind kind : ORDER) {
      out.put(kind, new LinkedHashMap<>());
    }
    scope.items().forEach(item -> out.get(item.kind()).put(item.key(), item));
    return out;
  }
}
