package dev.failover.plan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.errors.ConflictException;
import dev.failover.FailoverStyle;
import dev.failover.errors.Violations;
import dev.failover.diff.ScopeDiff;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.immutables.value.Value;

/**
 * What one server holds, as far as failover is concerned, at one moment: its scopes, the
 * relationships it takes part in, and (ISC) its {@code failover peer} declarations, with the
 * {@link #fingerprint() fingerprint} of the configuration they were read from. Backends read
 * it; planners plan from it; {@link #apply} says what a plan's changes do to it.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableServerState.class)
@JsonDeserialize(as = ImmutableServerState.class)
public abstract class ServerState {

  /** {@return the inventory id of the server this state was read from} */
  public abstract ServerId server();

  /** {@return the server's vendor} */
  public abstract Vendor vendor();

  /**
   * {@return the fingerprint of the configuration this state was read from (for example the SHA-256 of
   * dhcpd.conf, or of Kea's canonical configuration); a plan applies only while it is unchanged}
   */
  public abstract String fingerprint();

  /** {@return every scope of the server (not only failover scopes), by subnet} */
  public abstract List<Scope> scopes();

  /** {@return the relationships the server takes part in, by name} */
  public abstract List<Relationship> relationships();

  /** {@return ISC only: the {@code failover peer} declarations of the server, by name} */
  public abstract List<IscPeer> peers();

  /**
   * {@return what the server's configuration holds that could not be read into this state, each in
   * operator words and located where the configuration allows (for ISC: file and line), for
   * example a subnet declared twice or a relationship whose two declarations disagree} The items
   * named are left out of {@link #scopes()}, {@link #peers()} and {@link #relationships()}; the
   * rest is read. Empty when everything was read.
   */
  public abstract List<String> problems();

  /** {@return a builder for a state} */
  public static ImmutableServerState.Builder builder() {
    return ImmutableServerState.builder();
  }

  /**
   * {@return the scope with that subnet, if the server has it}
   *
   * @param subnet the scope's subnet
   */
  public Optional<Scope> scope(Subnet subnet) {
    return Optional.ofNullable(scopeIndex().get(subnet));
  }

  /** {@return the scopes by subnet, built once per state (lookups stay constant-time on large servers)} */
  @JsonIgnore
  @Value.Lazy
  protected Map<Subnet, Scope> scopeIndex() {
    Map<Subnet, Scope> out = new java.util.HashMap<>(scopes().size() * 2);
    scopes().forEach(s -> out.put(s.subnet(), s));
    return out;
  }

  /** {@return the relationship covering each subnet, built once per state} */
  @JsonIgnore
  @Value.Lazy
  protected Map<Subnet, Relationship> coverIndex() {
    Map<Subnet, Relationship> out = new java.util.HashMap<>();
    relationships().forEach(r -> r.scopes().forEach(s -> out.putIfAbsent(s, r)));
    return out;
  }

  /**
   * {@return the relationship with that name, if the server takes part in it}
   *
   * @param name the relationship's name
   */
  public Optional<Relationship> relationship(RelationshipName name) {
    return relationships().stream().filter(r -> r.name().equals(name)).findFirst();
  }

  /**
   * {@return the relationship that covers the scope, if any}
   *
   * @param subnet the scope's subnet
   */
  public Optional<Relationship> relationshipOf(Subnet subnet) {
    return Optional.ofNullable(coverIndex().get(subnet));
  }

  /**
   * {@return ISC: the {@code failover peer} declaration with that name, if the server has it}
   *
   * @param name the peer's name
   */
  public Optional<IscPeer> peer(String name) {
    return peers().stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** {@return the scopes the server's relationships cover} */
  @JsonIgnore
  public List<Scope> failoverScopes() {
    Set<Subnet> covered = new HashSet<>();
    relationships().forEach(r -> covered.addAll(r.scopes()));
    return scopes().stream().filter(s -> covered.contains(s.subnet())).toList();
  }

  /**
   * {@return the state after the changes, computed purely} Each change must find the state as it expects
   * it (a removed or changed object is there as read; a created one is absent), else this is a
   * {@link ConflictException}. The fingerprint is kept: only the server can compute the new one.
   *
   * @param changes the changes, in the order they are applied
   */
  public ServerState apply(List<? extends Change> changes) {
    Map<Subnet, Scope> scopes = new TreeMap<>();
    scopes().forEach(s -> scopes.put(s.subnet(), s));
    Map<RelationshipName, Relationship> relationships = new TreeMap<>();
    relationships().forEach(r -> relationships.put(r.name(), r));
    Map<String, IscPeer> peers = new TreeMap<>();
    peers().forEach(p -> peers.put(p.name(), p));
    String where = server().toString();
    for (int i = 0; i < changes.size(); i++) {
      Change change = changes.get(i);
      if (change instanceof ItemChanged ic) {
        // consecutive changes to one scope are applied together: the scope only has to be valid
        // once all of them are in (a reservation may take an address another one leaves)
        Subnet subnet = ic.item().subnet();
        List<dev.failover.diff.ItemChange> batch = new ArrayList<>();
        batch.add(ic.item());
        while (i + 1 < changes.size() && changes.get(i + 1) instanceof ItemChanged next
            && next.item().subnet().equals(subnet)) {
          batch.add(next.item());
          i++;
        }
        Scope scope = scopes.get(subnet);
        if (scope == null) {
          throw new ConflictException(where, "expected scope " + subnet + " for " + ic.describe() + ", found none");
        }
        scopes.put(subnet, ScopeDiff.apply(scope, batch));
      } else if (change instanceof ScopeChange sc) {
        Scope current = scopes.get(sc.subnet());
        expect(where, "scope " + sc.subnet(), sc.before().orElse(null), current);
        if (sc.after().isPresent()) {
          scopes.put(sc.subnet(), sc.after().get());
        } else {
          scopes.remove(sc.subnet());
        }
      } else if (change instanceof RelationshipChange rc) {
        expect(where, "relationship " + rc.name(), rc.before().orElse(null), relationships.get(rc.name()));
        if (rc.after().isPresent()) {
          relationships.put(rc.name(), rc.after().get());
        } else {
          relationships.remove(rc.name());
        }
      } else if (change instanceof PeerChange pc) {
        expect(where, "failover peer \"" + pc.name() + "\"", pc.before().orElse(null), peers.get(pc.name()));
        if (pc.after().isPresent()) {
          peers.put(pc.name(), pc.after().get());
        } else {
          peers.remove(pc.name());
        }
      }
    }
    return builder().server(server()).vendor(vendor()).fingerprint(fingerprint()).scopes(scopes.values())
        .relationships(relationships.values()).peers(peers.values()).build();
  }

  /**
   * {@return whether the two states hold the same scopes, relationships and peers, whatever their fingerprints}
   *
   * @param other the state to compare with
   */
  public boolean sameContentAs(ServerState other) {
    return scopes().equals(other.scopes()) && relationships().equals(other.relationships())
        && peers().equals(other.peers());
  }

  private static void expect(String server, String what, Object expected, Object actual) {
    if (!Objects.equals(expected, actual)) {
      throw new ConflictException(server, "expected " + (expected == null ? "no " + what : what + " as read")
          + ", found " + (actual == null ? "none" : "it with other values"));
    }
  }

  /**
   * Checks that scopes, relationships and peers are listed once, that each relationship involves
   * the server and that only an ISC server has peers, all together.
   *
   * @return this state, or a copy with scopes, relationships and peers sorted
   */
  @Value.Check
  protected ServerState check() {
    Violations v = Violations.collect();
    Set<Subnet> seen = new HashSet<>();
    scopes().forEach(s -> v.check(seen.add(s.subnet()), "scopes", s.subnet(), "must be listed once"));
    Set<RelationshipName> names = new HashSet<>();
    for (Relationship r : relationships()) {
      v.check(names.add(r.name()), "relationships", r.name(), "must be listed once");
      v.check(r.involves(server()), "relationships", r.name(), "must involve the server " + server());
    }
    Set<String> peerNames = new HashSet<>();
    peers().forEach(p -> v.check(peerNames.add(p.name()), "peers", p.name(), "must be listed once"));
    v.check(peers().isEmpty() || vendor() == Vendor.ISC, "peers", peers().size(), "exist only on ISC servers");
    v.throwIfAny("state of server " + server());
    List<Scope> sortedScopes = new ArrayList<>(scopes());
    sortedScopes.sort(Comparator.comparing(Scope::subnet));
    List<Relationship> sortedRel = new ArrayList<>(relationships());
    sortedRel.sort(Comparator.comparing(Relationship::name));
    List<IscPeer> sortedPeers = new ArrayList<>(peers());
    sortedPeers.sort(Comparator.comparing(IscPeer::name));
    if (sortedScopes.equals(scopes()) && sortedRel.equals(relationships()) && sortedPeers.equals(peers())) {
      return this;
    }
    return builder().from(this).scopes(sortedScopes).relationships(sortedRel).peers(sortedPeers).build();
  }
}
