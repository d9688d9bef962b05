package dev.failover.spi;

import dev.failover.ProgressListener;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.plan.Warning;
import dev.failover.relationship.Relationship;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.Vendor;
import dev.failover.state.FailoverStatus;
import java.util.List;
import java.util.Optional;

/**
 * What a vendor backend implements. The facade ({@link dev.failover.Failover}) calls it; users
 * normally do not. One instance serves every server of its vendor and must be thread-safe: the
 * facade calls it from many threads at once, for the same server too.
 *
 * <p>Lifecycle: a backend holds what it opened (HTTP clients, SSH sessions, connections) until
 * {@link #close}, which releases all of it; closing twice does nothing more, and a backend asked
 * to reach a server after it was closed refuses with a {@link dev.failover.errors.FailoverException}.
 *
 * <p>Contract (the testkit's contract suite holds every backend to it):
 * <ul>
 *   <li>{@link #read} returns the server's state with a fingerprint that changes whenever what
 *       the state is read from changes;</li>
 *   <li>{@link #check} runs the server's own validation of the state the part would produce
 *       ({@code dhcpd -t}, Kea {@code config-test}, Windows preconditions) and changes nothing;</li>
 *   <li>{@link #apply} applies the part only if the server still has the part's fingerprint
 *       (else {@link dev.failover.errors.ConflictException}), atomically where the server allows it,
 *       and leaves the previous state in force when it fails;</li>
 *   <li>errors are the API's: {@link dev.failover.errors.ValidationException},
 *       {@link dev.failover.errors.ConflictException}, {@link dev.failover.errors.NotFoundException},
 *       {@link dev.failover.errors.BackendException} carrying the server's own message.</li>
 * </ul>
 */
public interface FailoverBackend extends AutoCloseable {

  /** {@return the vendor this backend serves} */
  Vendor vendor();

  /**
   * Reads the server's scopes, relationships and (ISC) peers, with their fingerprint. The
   * inventory names the partners a relationship refers to (a Kea peer URL, an ISC peer
   * address, a Windows partner name are matched to inventory servers); a backend may also read
   * a partner of its own vendor where one server alone does not hold the whole relationship
   * (ISC keeps mclt and split on the primary only).
   *
   * @param server the server to read
   * @param inventory every server, for matching partners
   * @return the server's state as it is now
   */
  ServerState read(Server server, Inventory inventory);

  /**
   * Reads the server as {@link #read(Server, Inventory)} does, within one facade call: what the
   * backend reads of a server (the server itself, or a partner it reads for the relationship's
   * settings) it reads through {@code reads}, so that one call never reads a server twice. The
   * default reads without it.
   *
   * @param server the server to read
   * @param inventory every server, for matching partners
   * @param reads what this call has read so far, per server
   * @return the server's state as it is now
   */
  default ServerState read(Server server, Inventory inventory, CallReads reads) {
    return read(server, inventory);
  }

  /**
   * {@return the server's relationships, the same as {@code read(server, inventory).relationships()}} For a
   * caller that needs the relationships alone (what {@code failover status} asks each server's state
   * about): a backend may read less for them than {@link #read} does, e.g. leave the scopes'
   * options and reservations unmapped and compute no fingerprint. A server whose state
   * {@link #read} refuses for something the relationships do not depend on (a scope that does
   * not map) may still answer here. The default reads the whole state.
   *
   * @param server the server to read
   * @param inventory every server, for matching partners
   */
  default List<Relationship> relationships(Server server, Inventory inventory) {
    return read(server, inventory).relationships();
  }

  /**
   * {@return the state of content whose fingerprint is {@code fingerprint}, from what this backend last
   * read from the server (a {@link #read}, or the read-back that ends an {@link #apply}), without
   * asking the server again; empty when it keeps nothing with that fingerprint (the default)} A
   * fingerprint names the content it was computed from, so the answer is the state of that
   * content, not a claim that the server still holds it.
   *
   * <p>The facade uses it twice: for the state the first server of a plan was planned from
   * (whether the server still has it is for {@link #apply}'s guard to find, before anything
   * changes; every later server is read before the first is changed), and for the state the
   * fingerprint {@link #apply} returned names, to verify a part without reading the server
   * again. A backend that answers must therefore return from {@link #apply} the fingerprint of
   * what it read back from the server after changing it.
   *
   * @param server the server
   * @param inventory every server, for matching partners
   * @param fingerprint the fingerprint wanted
   */
  default Optional<ServerState> remembered(Server server, Inventory inventory, String fingerprint) {
    return Optional.empty();
  }

  /**
   * {@return what the server would refuse of the part, found without writing anything: the facade calls
   * it for every server of a plan while planning, so that a plan the server cannot take is refused
   * then, not at apply} Refusals throw {@link dev.failover.errors.ValidationException} listing every one,
   * in an operator's words; what the server will take but a person should read first comes back
   * as warnings, which the plan carries. A backend may read the server (never write it) and may
   * use what it read for the plan. The default finds nothing.
   *
   * @param server the server
   * @param part the server's part of the plan
   */
  default List<Warning> review(Server server, ServerPlan part) {
    return List.of();
  }

  /**
   * Asks the server whether it would accept the state the part produces; changes nothing.
   *
   * @param server the server
   * @param part the server's part of the plan
   */
  void check(Server server, ServerPlan part);

  /**
   * Applies the part, guarded by its fingerprint, reporting progress per scope. The guard is this
   * method's own: the facade does not read a server whose state {@link #remembered} gives it
   * before checking and applying it, so {@link dev.failover.errors.ConflictException} from here, before
   * anything changed, is how a stale plan for that server is found. A backend may reuse what
   * {@link #check} prepared for the same part and fingerprint, once its guard has shown the
   * server still has that fingerprint.
   *
   * @param server the server
   * @param part the server's part of the plan
   * @param progress told of every step
   * @return the fingerprint of the server's state afterwards
   */
  String apply(Server server, ServerPlan part, ProgressListener progress);

  /**
   * {@return the failover state of the relationship as the server sees it}
   *
   * @param server the server asked
   * @param relationship the relationship
   */
  FailoverStatus status(Server server, Relationship relationship);

  /**
   * Tells the server that its partner is down (it takes over the partner's clients).
   *
   * @param server the server that takes over
   * @param relationship the relationship
   */
  void partnerDown(Server server, Relationship relationship);

  /**
   * {@return a vendor-specific extra this backend offers, such as Kea maintenance or ISC OMAPI access;
   * empty when it has none of that type}
   *
   * @param <T> the extra's type
   * @param type the extra's interface
   */
  default <T> Optional<T> extension(Class<T> type) {
    return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
  }

  /**
   * Releases every connection, session and thread this backend opened. Closing again does
   * nothing; every later call that would reach a server fails with a
   * {@link dev.failover.errors.FailoverException} saying the backend is closed. The default holds
   * nothing and releases nothing.
   */
  @Override
  default void close() {}
}
