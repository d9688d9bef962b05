package dev.failover.windows;

import dev.failover.errors.ConflictException;
import dev.failover.diff.ItemChange;
import dev.failover.diff.ScopeDiff;
import dev.failover.plan.Change;
import dev.failover.plan.ItemChanged;
import dev.failover.plan.RelationshipChange;
import dev.failover.plan.ScopeChange;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.relationship.ImmutableRelationship;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.ImmutableWindowsFailoverSettings;
import dev.failover.relationship.RelationshipName;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeItem;
import dev.failover.scope.Subnet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a server must hold after its part of a plan, and whether what it holds now is still
 * something the part may be applied to.
 *
 * <p>Windows' failover cmdlets change both partners at once: creating a relationship copies the
 * scopes to the partner, removing one deletes the partner's copies. So when the facade applies a
 * plan's parts one after the other, a server's state may already carry what its partner's part
 * did. {@link #guard} accepts exactly that: outside the relationships the part changes and their
 * scopes, the server must hold what the part was planned from; those relationships and scopes
 * may be as planned from, as the part leaves them, or (a scope) gone.
 */
final class Expectation {

  private Expectation() {}

  /**
   * The state after the changes ({@link ServerState#apply}). When that finds something
   * different from what a change expects, the change is also accepted if what it would leave is
   * already there (a part whose effect the partner's cmdlet already made, or an undo of a part
   * that had nothing to do), and refused otherwise.
   */
  static ServerState after(ServerState base, List<Change> changes) {
    try {
      return base.apply(changes);
    } catch (ConflictException strict) {
      return lenient(base, changes, strict);
    }
  }

  private static ServerState lenient(ServerState base, List<Change> changes, ConflictException strict) {
    Map<Subnet, Scope> scopes = new TreeMap<>();
    base.scopes().forEach(s -> scopes.put(s.subnet(), s));
    Map<RelationshipName, Relationship> relationships = new TreeMap<>();
    base.relationships().forEach(r -> relationships.put(r.name(), r));
    for (Change change : changes) {
      if (change instanceof ItemChanged ic) {
        ItemChange item = ic.item();
        Scope scope = scopes.get(item.subnet());
        if (scope == null) {
          throw strict;
        }
        try {
          scopes.put(item.subnet(), ScopeDiff.apply(scope, List.of(item)));
        } catch (ConflictException e) {
          if (!Objects.equals(find(scope, item), item.after().orElse(null))) {
            throw strict;
          }
        }
      } else if (change instanceof ScopeChange sc) {
        Scope now = scopes.get(sc.subnet());
        if (Objects.equals(now, sc.before().orElse(null))) {
          put(scopes, sc.subnet(), sc.after().orElse(null));
        } else if (!Objects.equals(now, sc.after().orElse(null))) {
          throw strict;
        }
      } else if (change instanceof RelationshipChange rc) {
        Relationship now = relationships.get(rc.name());
        if (sameAsReported(now, rc.before().orElse(null))) {
          put(relationships, rc.name(), rc.after().orElse(null));
        } else if (!sameAsReported(now, rc.after().orElse(null))) {
          throw strict;
        }
      } else {
        throw strict;
      }
    }
    return ServerState.builder().server(base.server()).vendor(base.vendor()).fingerprint(base.fingerprint())
        .scopes(scopes.values()).relationships(relationships.values()).peers(base.peers()).build();
  }

  private static boolean sameAsReported(Relationship a, Relationship b) {
    return a == null || b == null ? a == b : asReported(a).equals(asReported(b));
  }

  private static ScopeItem find(Scope scope, ItemChange item) {
    return scope.items().filter(i -> i.kind() == item.kind() && i.key().equals(item.key())).findFirst().orElse(null);
  }

  private static <K, V> void put(Map<K, V> map, K key, V value) {
    if (value == null) {
      map.remove(key);
    } else {
      map.put(key, value);
    }
  }

  /** The relationships the part changes. */
  static Set<RelationshipName> relationshipsChanged(ServerPlan part) {
    Set<RelationshipName> out = new TreeSet<>();
    for (Change c : part.changes()) {
      if (c instanceof RelationshipChange rc) {
        out.add(rc.name());
      }
    }
    return out;
  }

  /**
   * Refuses a current state that differs from the base in anything the partner's cmdlets could
   * not have changed while applying this plan (see the class comment).
   *
   * @throws ConflictException naming the first difference
   */
  static void guard(String server, ServerPlan part, ServerState base, ServerState expected, ServerState current) {
    Set<RelationshipName> names = relationshipsChanged(part);
    Set<Subnet> partnerScopes = new HashSet<>();
    for (RelationshipName n : names) {
      base.relationship(n).ifPresent(r -> partnerScopes.addAll(r.scopes()));
      expected.relationship(n).ifPresent(r -> partnerScopes.addAll(r.scopes()));
    }
    Set<Subnet> subnets = new TreeSet<>();
    base.scopes().forEach(s -> subnets.add(s.subnet()));
    current.scopes().forEach(s -> subnets.add(s.subnet()));
    for (Subnet x : subnets) {
      Optional<Scope> now = current.scope(x);
      Optional<Scope> was = base.scope(x);
      if (now.equals(was)) {
        continue;
      }
      boolean allowed = partnerScopes.contains(x) && (now.isEmpty() || now.equals(expected.scope(x)));
      if (!allowed) {
        throw new ConflictException(server, "scope " + x + " changed since the plan was made, beyond what the"
            + " partner's failover cmdlets do while the plan is applied");
      }
    }
    Set<RelationshipName> all = new TreeSet<>();
    base.relationships().forEach(r -> all.add(r.name()));
    current.relationships().forEach(r -> all.add(r.name()));
    for (RelationshipName n : all) {
      Optional<Relationship> now = current.relationship(n);
      Optional<Relationship> was = base.relationship(n);
      if (now.equals(was)) {
        continue;
      }
      Optional<Relationship> want = expected.relationship(n).map(Expectation::asReported);
      boolean allowed = names.contains(n) && (now.isEmpty() || now.equals(want)
          || sameButScopes(now.get(), want, was));
      if (!allowed) {
        throw new ConflictException(server, "relationship " + n + " changed since the plan was made, beyond what"
            + " the partner's failover cmdlets do while the plan is applied");
      }
    }
  }

  /**
   * The relationship as Windows can report it: without the shared secret, which it never
   * returns ({@code messageAuthentication} still says whether one is set).
   */
  static Relationship asReported(Relationship r) {
    if (r.settings() instanceof WindowsFailoverSettings w && w.sharedSecret().isPresent()) {
      return ImmutableRelationship.copyOf(r).withSettings(ImmutableWindowsFailoverSettings.copyOf(w)
          .withMessageAuthentication(w.messageAuthentication()).withSharedSecret(Optional.empty()));
    }
    return r;
  }

  /** The relationship equals one of the others but for a scope list drawn from theirs. */
  private static boolean sameButScopes(Relationship now, Optional<Relationship> want, Optional<Relationship> was) {
    Set<Subnet> union = new HashSet<>();
    want.ifPresent(r -> union.addAll(r.scopes()));
    was.ifPresent(r -> union.addAll(r.scopes()));
    if (!union.containsAll(now.scopes())) {
      return false;
    }
    List<Relationship> refs = new ArrayList<>();
    want.ifPresent(refs::add);
    was.ifPresent(refs::add);
    return refs.stream().anyMatch(r -> ImmutableRelationship.copyOf(r).withScopes(now.scopes()).equals(now));
  }
}
