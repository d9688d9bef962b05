package dev.failover.testkit.memory;

import dev.failover.errors.BackendException;
import dev.failover.errors.ConflictException;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.relationship.RelationshipName;
import dev.failover.scope.Scope;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.spi.Fingerprints;
import dev.failover.state.FailoverState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One DHCP server of any vendor, held in memory in the SDK's own terms: scopes, relationships,
 * ISC peers, and a failover state per relationship. Thread-safe and deterministic: its
 * fingerprint is the SHA-256 of its contents, so equal contents have equal fingerprints.
 *
 * <p>Controls a test needs: {@link #failNextWrite}, {@link #rejectNextCheck}, {@link #setState},
 * {@link #edit} (someone else changes the server), and {@link #writes()} (the history of
 * applied parts).
 */
public final class InMemoryDhcpServer {

  private final ServerId id;
  private final Vendor vendor;
  private ServerState state;
  private final List<ServerPlan> writes = new ArrayList<>();
  private final Map<RelationshipName, FailoverState[]> states = new HashMap<>();
  private String failNextWrite;
  private String rejectNextCheck;

  /**
   * An empty server.
   *
   * @param id the server's inventory id
   * @param vendor the vendor it stands in for
   */
  public InMemoryDhcpServer(ServerId id, Vendor vendor) {
    this.id = id;
    this.vendor = vendor;
    this.state = ServerState.builder().server(id).vendor(vendor).fingerprint("").build();
    this.state = withFingerprint(state);
  }

  /** {@return the server's inventory id} */
  public ServerId id() {
    return id;
  }

  /** {@return the vendor it stands in for} */
  public Vendor vendor() {
    return vendor;
  }

  /** {@return the server's state now} */
  public synchronized ServerState state() {
    return state;
  }

  /**
   * Adds or replaces scopes, as an operator editing the server directly would.
   *
   * @param scopes the scopes
   * @return this server
   */
  public synchronized InMemoryDhcpServer withScopes(Scope... scopes) {
    List<Scope> all = new ArrayList<>(state.scopes());
    for (Scope s : scopes) {
      all.removeIf(x -> x.subnet().equals(s.subnet()));
      all.add(s);
    }
    state = withFingerprint(ServerState.builder().from(state).scopes(all).build());
    return this;
  }

  /**
   * Replaces the whole state's contents (the fingerprint is recomputed).
   *
   * @param change turns the state into the new one
   */
  public synchronized void edit(java.util.function.UnaryOperator<ServerState> change) {
    state = withFingerprint(change.apply(state));
  }

  /**
   * The next {@code apply} fails with a transport error carrying the message, and changes nothing.
   *
   * @param message the error's text
   */
  public synchronized void failNextWrite(String message) {
    this.failNextWrite = message;
  }

  /**
   * The next {@code check} is rejected with the message, as a server's own validation would.
   *
   * @param message the refusal's text
   */
  public synchronized void rejectNextCheck(String message) {
    this.rejectNextCheck = message;
  }

  /**
   * Sets the failover state of a relationship as this server sees it (local, and partner if known).
   *
   * @param relationship the relationship's name
   * @param local the server's own state
   * @param partner the partner's state as the server sees it, or null
   */
  public synchronized void setState(RelationshipName relationship, FailoverState local, FailoverState partner) {
    states.put(relationship, new FailoverState[] {local, partner});
  }

  /**
   * {@return the failover state of a relationship as this server sees it, if one was set}
   *
   * @param relationship the relationship's name
   */
  public synchronized Optional<FailoverState[]> failoverState(RelationshipName relationship) {
    return Optional.ofNullable(states.get(relationship)).map(FailoverState[]::clone);
  }

  /** {@return every part applied, in order} */
  public synchronized List<ServerPlan> writes() {
    return List.copyOf(writes);
  }

  synchronized void check(ServerPlan part) {
    if (rejectNextCheck != null) {
      String message = rejectNextCheck;
      rejectNextCheck = null;
      throw BackendException.rejected(id.value(), message, "check");
    }
    state.apply(part.changes());
  }

  synchronized String apply(ServerPlan part) {
    if (!state.fingerprint().equals(part.fingerprint())) {
      throw new ConflictException(id.value(), part.fingerprint(), state.fingerprint());
    }
    if (failNextWrite != null) {
      String message = failNextWrite;
      failNextWrite = null;
      throw BackendException.transport(id.value(), message, null);
    }
    state = withFingerprint(state.apply(part.changes()));
    writes.add(part);
    return state.fingerprint();
  }

  private static ServerState withFingerprint(ServerState s) {
    String fingerprint = Fingerprints.ofJson(List.of(s.scopes(), s.relationships(), s.peers()));
    return ServerState.builder().from(s).fingerprint(fingerprint).build();
  }

  @Override
  public String toString() {
    return "InMemoryDhcpServer{" + id + ", " + vendor.displayName() + "}";
  }
}
