package dev.failover;

import dev.failover.errors.AccessDeniedException;
import dev.failover.errors.BackendException;
import dev.failover.errors.ConflictException;
import dev.failover.errors.FailoverException;
import dev.failover.errors.IncompleteApplyException;
import dev.failover.errors.NotFoundException;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.access.AccessDecision;
import dev.failover.access.AccessPolicy;
import dev.failover.access.Principal;
import dev.failover.audit.AuditEvent;
import dev.failover.audit.AuditListener;
import dev.failover.audit.ImmutableAuditEvent;
import dev.failover.diff.DriftReport;
import dev.failover.diff.RelationshipScopes;
import dev.failover.diff.ItemChange;
import dev.failover.plan.AddPeer;
import dev.failover.plan.AddScope;
import dev.failover.plan.Change;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.DeletePeer;
import dev.failover.plan.EditPeer;
import dev.failover.plan.ItemChanged;
import dev.failover.plan.ModifyRelationship;
import dev.failover.plan.Operation;
import dev.failover.plan.PeerChange;
import dev.failover.plan.Plan;
import dev.failover.plan.Planner;
import dev.failover.plan.RelationshipChange;
import dev.failover.plan.RemoveRelationship;
import dev.failover.plan.RemoveScope;
import dev.failover.plan.Replicate;
import dev.failover.plan.ScopeChange;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.plan.SetPoolPeer;
import dev.failover.plan.Warning;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.scope.ItemKind;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.serving.Client;
import dev.failover.serving.ServerChoice;
import dev.failover.spi.Backends;
import dev.failover.spi.CallReads;
import dev.failover.spi.ChangesState;
import dev.failover.spi.FailoverBackend;
import dev.failover.state.FailoverStatus;
import dev.failover.state.ServerStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SDK's entry point: plan, authorise, validate, apply, verify and audit changes to the
 * failover configuration of the servers in an {@link Inventory}; compare partners; read and
 * steer failover state.
 *
 * <pre>{@code
 * Failover failover = Failover.connect(inventory);          // backends found with ServiceLoader
 * Plan plan = failover.plan(Replicate.relationship("pair-1").from("dhcp-a"));
 * System.out.println(plan.summary());
 * failover.apply(plan, alice, progress -> log.info("{}", progress));
 * DriftReport drift = failover.drift("pair-1");            // empty afterwards
 * }</pre>
 *
 * <p>Applying a plan: the principal must be allowed ({@link AccessDeniedException} otherwise);
 * every server must still have the state the plan was made from ({@link ConflictException});
 * every server's own check must accept its part ({@link ValidationException} or
 * {@link BackendException}); then the parts are applied in order. If a later server fails, the
 * servers already changed are restored with the inverse of their parts, and the original error
 * is thrown with any restoring failure attached as suppressed. Finally each server is read back
 * and compared with what the plan said it would hold. Every attempt emits one
 * {@link AuditEvent}.
 *
 * <p>Requests: a backend that remembers what it read ({@link FailoverBackend#remembered}) is not
 * read again for the first server of a plan (its apply guards the fingerprint before changing
 * anything) nor to verify a part (apply's own read-back serves); every later server of a plan is
 * read once before anything changes.
 *
 * <p>Reads: within one call the facade reads each server at most once (what it read is kept for
 * that call only, never across calls), and only the servers the call concerns: a relationship's
 * servers for {@link #drift}, {@link #status} and {@link #statuses}, the servers an operation
 * involves for {@link #plan}. To find a relationship's servers it remembers, across calls, where
 * each relationship it has read lives (its primary's id, no state); a relationship it has not seen
 * yet is looked for first on the servers the inventory declares it on ({@link Server#relationships()}),
 * so its first call reads only its own servers, then (when no server declares it, or none of those
 * holds it) in inventory order, reading servers until one holds it.
 *
 * <p>Lifecycle and threads: a {@code Failover} is meant to be shared by every thread of a
 * long-running program; calls run in parallel, on different relationships without waiting for
 * each other. Two applies that change the same server are decided by that server's fingerprint
 * guard: one is applied, the other fails with {@link ConflictException} and can be planned again.
 * {@link #close} closes the backends (their HTTP clients, SSH sessions and connections); a call
 * after it fails with a {@link FailoverException} saying so.
 */
public final class Failover implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Failover.class);

  private final Inventory inventory;
  private final Backends backends;
  private final AccessPolicy policy;
  private final AuditListener audit;
  private final Clock clock;
  /** Where each relationship read so far lives: its primary. A hint for finding it, never its state. */
  private final java.util.concurrent.ConcurrentMap<RelationshipName, ServerId> whereabouts =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  private Failover(Builder b) {
    this.inventory = Objects.requireNonNull(b.inventory, "inventory");
    this.backends = b.backends != null ? b.backends : Backends.discover(Failover.class.getClassLoader());
    this.policy = b.policy;
    this.audit = b.audit;
    this.clock = b.clock;
  }

  /**
   * {@return a facade over the inventory with the backends found on the class path and the standard policy}
   *
   * @param inventory the servers to manage
   */
  public static Failover connect(Inventory inventory) {
    return builder().inventory(inventory).build();
  }

  /** {@return a builder, for choosing backends, the access policy, the audit listener or the clock} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the servers this facade manages} */
  public Inventory inventory() {
    return inventory;
  }

  /** {@return the backends this facade reads and changes servers through (what {@link dev.failover.fleet.Fleet} asks each server with)} */
  public Backends backends() {
    return backends;
  }

  /** {@return the access policy every apply is decided by} */
  public AccessPolicy policy() {
    return policy;
  }

  /**
   * {@return the server's current state, read through its backend}
   *
   * @param server the server's inventory id
   */
  public ServerState state(ServerId server) {
    requireOpen();
    return read(server, CallReads.forOneCall());
  }

  /** The server's state as this call read it: read now the first time, the same answer afterwards. */
  private ServerState read(ServerId server, CallReads reads) {
    Server s = inventory.require(server);
    FailoverBackend backend = backends.require(s.vendor());
    ServerState state = reads.once(server, ServerState.class, () -> backend.read(s, inventory, reads));
    for (Relationship r : state.relationships()) {
      whereabouts.merge(r.name(), r.primary(), (before, now) -> position(before) <= position(now) ? before : now);
    }
    return state;
  }

  private int position(ServerId id) {
    List<Server> servers = inventory.servers();
    for (int i = 0; i < servers.size(); i++) {
      if (servers.get(i).id().equals(id)) {
        return i;
      }
    }
    return Integer.MAX_VALUE;
  }

  /**
   * Closes the backends (those found on the class path, and those given to the builder alike):
   * every HTTP client, SSH session and connection they opened is released. Closing again does
   * nothing. Every call after it that would read or change a server fails
   * with a {@link FailoverException} saying the connection was closed.
   *
   * @throws FailoverException when a backend could not be closed cleanly (every backend is
   *     closed all the same)
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      whereabouts.clear();
      backends.close();
    }
  }

  private void requireOpen() {
    if (closed.get()) {
      throw new FailoverException("this connection to the DHCP servers was closed: connect again to read or change"
          + " them");
    }
  }

  /**
   * {@return the server's current state, read through its backend}
   *
   * @param server the server's inventory id
   */
  public ServerState state(String server) {
    return state(ServerId.of(server));
  }

  /** A server's state for the planner; a server whose vendor has no backend is "not found". */
  private ServerState readable(ServerId id, CallReads reads) {
    Server s = inventory.require(id);
    if (backends.find(s.vendor()).isEmpty()) {
      throw new NotFoundException("backend for server", id.value(), "(no " + s.vendor().displayName()
          + " backend on the class path)");
    }
    return read(id, reads);
  }

  /**
   * Plans the operation from the servers' current states; changes nothing. Each server's backend
   * then reviews its part ({@link FailoverBackend#review}): what a server would refuse refuses the
   * plan here ({@link ValidationException}, every server's refusals together), and its warnings
   * join the plan's.
   *
   * @param operation what to do
   * @return the plan, to review and then {@linkplain #apply(Plan, Principal) apply}
   */
  public Plan plan(Operation operation) {
    requireOpen();
    CallReads reads = CallReads.forOneCall();
    return reviewed(Planner.plan(operation, inventory, id -> readable(id, reads)));
  }

  private Plan reviewed(Plan plan) {
    List<Warning> warnings = new ArrayList<>();
    List<Violation> refused = new ArrayList<>();
    for (ServerPlan part : plan.servers()) {
      if (part.changes().isEmpty()) {
        continue;
      }
      Server server = inventory.require(part.server());
      try {
        warnings.addAll(backends.require(server.vendor()).review(server, part));
      } catch (ValidationException e) {
        e.violations().forEach(v -> refused.add(new Violation(part.server() + ": " + v.field(), v.value(), v.rule())));
      }
    }
    if (!refused.isEmpty()) {
      throw new ValidationException("plan to " + plan.operation().describe(), refused);
    }
    warnings.removeAll(plan.warnings());
    List<Warning> distinct = warnings.stream().distinct().toList();
    return distinct.isEmpty() ? plan : Plan.builder().from(plan).addAllWarnings(distinct).build();
  }

  /**
   * {@return the relationship as its primary server holds it; as its partner holds it when the primary
   * cannot be read} A server that cannot be read is passed over while looking; when no readable
   * server holds the relationship, the first read error is thrown (else "not found").
   *
   * @param name the relationship's name
   */
  public Relationship relationship(String name) {
    requireOpen();
    return relationship(name, CallReads.forOneCall());
  }

  private Relationship relationship(String name, CallReads reads) {
    RelationshipName n = RelationshipName.of(name);
    ServerId hinted = whereabouts.get(n);
    if (hinted != null && inventory.find(hinted).filter(s -> backends.find(s.vendor()).isPresent()).isPresent()) {
      try {
        Optional<Relationship> r = read(hinted, reads).relationship(n);
        if (r.isPresent()) {
          return primaryView(n, hinted, r.get(), reads);
        }
        whereabouts.remove(n, hinted);
      } catch (FailoverException e) {
        LOG.debug("looking for relationship {}: {}, where it was, cannot be read: {}", n, hinted, e.getMessage());
      }
    }
    FailoverException unreadable = null;
    for (Server s : lookingFor(n)) {
      if (backends.find(s.vendor()).isEmpty()) {
        continue;
      }
      Optional<Relationship> r;
      try {
        r = read(s.id(), reads).relationship(n);
      } catch (FailoverException e) {
        LOG.debug("looking for relationship {}: {} cannot be read: {}", n, s.id(), e.getMessage());
        unreadable = unreadable == null ? e : unreadable;
        continue;
      }
      if (r.isPresent()) {
        return primaryView(n, s.id(), r.get(), reads);
      }
    }
    if (unreadable != null) {
      throw unreadable;
    }
    throw new NotFoundException("relationship", name, "on any server of the inventory");
  }

  /**
   * Where to look for a relationship not found where it was last seen: the servers the inventory
   * declares it on ({@link Server#relationships()}), then, only when none of them holds it, every
   * other server, each list in inventory order.
   */
  private List<Server> lookingFor(RelationshipName n) {
    List<Server> declared = new ArrayList<>();
    List<Server> others = new ArrayList<>();
    for (Server s : inventory.servers()) {
      (s.relationships().contains(n) ? declared : others).add(s);
    }
    declared.addAll(others);
    return declared;
  }

  /** The relationship as its primary holds it, {@code holder}'s view when the primary cannot be read. */
  private Relationship primaryView(RelationshipName n, ServerId holder, Relationship seen, CallReads reads) {
    if (seen.primary().equals(holder)) {
      return seen;
    }
    try {
      return read(seen.primary(), reads).relationship(n).orElse(seen);
    } catch (FailoverException e) {
      LOG.debug("relationship {}: its primary {} cannot be read, {}'s view serves: {}", n, seen.primary(), holder,
          e.getMessage());
      return seen;
    }
  }

  /**
   * {@return every server of the inventory read, in inventory order: each one's state, or why it could not
   * be read} One server that cannot be reached or read never hides the others. Servers whose
   * vendor has no backend are read too (and say so).
   */
  public List<ServerReading> readAll() {
    requireOpen();
    CallReads reads = CallReads.forOneCall();
    List<ServerReading> out = new ArrayList<>();
    for (Server s : inventory.servers()) {
      try {
        out.add(ServerReading.of(readable(s.id(), reads)));
      } catch (FailoverException e) {
        out.add(ServerReading.unreadable(s.id(), e.getMessage()));
      }
    }
    return out;
  }

  /**
   * {@return whether the principal may apply the plan, and why} Decided from the changes themselves, not
   * from the operation the plan is labelled with: each change needs the principal's permission on
   * the object it changes (a scope's bits for a one-scope replication, the server bit for a
   * wider one or for adding and removing scopes, a DHCP administrator for relationships and ISC
   * peers and for any change the operation would not make).
   *
   * @param who the principal who would apply it
   * @param plan the plan
   */
  public AccessDecision decide(Principal who, Plan plan) {
    Operation op = plan.operation();
    String verb = op.doing();
    if (op instanceof CreateRelationship || op instanceof ModifyRelationship || op instanceof RemoveRelationship
        || op instanceof AddPeer || op instanceof EditPeer || op instanceof DeletePeer || op instanceof SetPoolPeer) {
      return policy.manageRelationship(who, verb);
    }
    AccessDecision d = null;
    boolean needsAdministrator = false;
    if (op instanceof AddScope || op instanceof RemoveScope) {
      Subnet subnet = op instanceof AddScope a ? a.subnet() : ((RemoveScope) op).subnet();
      RelationshipName name = op instanceof AddScope a ? a.relationship() : ((RemoveScope) op).relationship();
      Set<ServerId> servers = new java.util.LinkedHashSet<>();
      for (ServerPlan part : plan.servers()) {
        for (Change c : part.changes()) {
          if (subnetOf(c).filter(subnet::equals).isPresent() || scopesOnly(c, name, subnet)) {
            servers.add(part.server());
          } else {
            needsAdministrator = true;
          }
        }
      }
      if (servers.isEmpty()) {
        plan.servers().forEach(p -> servers.add(p.server()));
      }
      d = policy.changeRelationshipScopes(who, verb, servers);
    } else {
      Replicate r = (Replicate) op;
      for (ServerPlan part : plan.servers()) {
        Map<Subnet, Set<ItemKind>> kinds = new java.util.TreeMap<>();
        for (Change c : part.changes()) {
          Optional<Subnet> subnet = subnetOf(c);
          if (subnet.isEmpty()) {
            needsAdministrator = true;
          } else {
            kinds.computeIfAbsent(subnet.get(), k -> EnumSet.noneOf(ItemKind.class)).addAll(kindsOf(c));
          }
        }
        for (Map.Entry<Subnet, Set<ItemKind>> e : kinds.entrySet()) {
          AccessDecision one = r.reach() == Replicate.Reach.SCOPE
              ? policy.replicateScope(who, "replicating scope " + e.getKey() + " from " + r.source() + " to "
                  + part.server(), part.server(), e.getKey(), e.getValue())
              : policy.replicateMany(who, verb, part.server());
          d = d == null ? one : d.and(one);
        }
      }
      if (d == null) {
        // nothing to change: still the permission of the request's reach, on the source
        d = r.reach() == Replicate.Reach.SCOPE
            ? policy.replicateScope(who, verb, r.source(), r.subnet().orElseThrow(), Set.of())
            : policy.replicateMany(who, verb, r.source());
      }
    }
    if (needsAdministrator) {
      d = d.and(policy.manageRelationship(who, verb));
    }
    return d;
  }

  /**
   * What in the plan lies outside what its operation reaches: a change to another scope than the
   * one named, a change on the source of a replication, a relationship or server the operation
   * does not name. A plan made by the planner has none; one changed by hand may.
   */
  static List<Violation> outOfReach(Plan plan) {
    Operation op = plan.operation();
    List<Violation> out = new ArrayList<>();
    Optional<Subnet> only = Optional.empty();
    Optional<RelationshipName> relationship = Optional.empty();
    Optional<Set<ServerId>> servers = Optional.empty();
    Optional<ServerId> untouched = Optional.empty();
    if (op instanceof Replicate r) {
      only = r.subnet();
      untouched = Optional.of(r.source());
    } else if (op instanceof AddScope a) {
      only = Optional.of(a.subnet());
      relationship = Optional.of(a.relationship());
    } else if (op instanceof RemoveScope rs) {
      only = Optional.of(rs.subnet());
      relationship = Optional.of(rs.relationship());
    } else if (op instanceof CreateRelationship c) {
      relationship = Optional.of(c.relationship().name());
      servers = Optional.of(Set.copyOf(c.relationship().servers()));
    } else if (op instanceof ModifyRelationship m) {
      relationship = Optional.of(m.relationship().name());
      servers = Optional.of(Set.copyOf(m.relationship().servers()));
    } else if (op instanceof RemoveRelationship rr) {
      relationship = Optional.of(rr.name());
    } else if (op instanceof SetPoolPeer sp) {
      only = Optional.of(sp.subnet());
    }
    String what = "\"" + op.describe() + "\" changes nothing else (a plan changed by hand is not applied: make it"
        + " again)";
    for (ServerPlan part : plan.servers()) {
      if (part.changes().isEmpty()) {
        continue;
      }
      if (servers.isPresent() && !servers.get().contains(part.server())) {
        out.add(new Violation("servers", part.server().value(), "must be a server the operation names: " + what));
      }
      for (Change c : part.changes()) {
        Optional<Subnet> subnet = subnetOf(c);
        if (untouched.filter(part.server()::equals).isPresent() && subnet.isPresent()) {
          out.add(new Violation("changes", c.describe() + " on " + part.server(),
              "must not change the source of a replication: " + what));
        }
        if (only.isPresent() && subnet.isPresent() && !subnet.get().equals(only.get())) {
          out.add(new Violation("changes", c.describe() + " on " + part.server(), "must stay within scope "
              + only.get() + ": " + what));
        }
        if (relationship.isPresent() && c instanceof RelationshipChange rc && !rc.name().equals(relationship.get())) {
          out.add(new Violation("changes", c.describe() + " on " + part.server(), "must stay within relationship "
              + relationship.get() + ": " + what));
        }
      }
    }
    return out;
  }

  private static Optional<Subnet> subnetOf(Change c) {
    if (c instanceof ItemChanged ic) {
      return Optional.of(ic.item().subnet());
    }
    if (c instanceof ScopeChange sc) {
      return Optional.of(sc.subnet());
    }
    return Optional.empty();
  }

  /** A change of the named relationship that only adds or removes the subnet from its scopes. */
  private static boolean scopesOnly(Change c, RelationshipName name, Subnet subnet) {
    if (!(c instanceof RelationshipChange rc) || !rc.name().equals(name) || rc.before().isEmpty()
        || rc.after().isEmpty()) {
      return false;
    }
    Relationship b = rc.before().get();
    Relationship a = rc.after().get();
    return b.minusScopes(List.of(subnet)).equals(a.minusScopes(List.of(subnet)));
  }

  /**
   * Applies the plan on behalf of the principal.
   *
   * @param plan the plan, as reviewed
   * @param who the principal on whose behalf it is applied
   * @return what was done on each server, or why nothing was
   */
  public ApplyResult apply(Plan plan, Principal who) {
    return apply(plan, who, ProgressListener.NONE);
  }

  /**
   * Applies the plan on behalf of the principal, reporting progress per server and scope. Emits
   * exactly one {@link AuditEvent}, however the attempt ends: a failure nobody foresaw (a backend's
   * own defect, a missing backend) is a {@code FAILED} event before it is thrown. A progress
   * listener that throws is logged and told no more; it never stops an apply half way.
   *
   * @param plan the plan, as reviewed
   * @param who the principal on whose behalf it is applied
   * @param progress told of every step, on the calling thread
   * @return what was done on each server, or why nothing was
   */
  public ApplyResult apply(Plan plan, Principal who, ProgressListener progress) {
    Objects.requireNonNull(who, "principal");
    List<ServerId> servers = plan.servers().stream().map(ServerPlan::server).toList();
    Audit audit = new Audit(who, plan.operation().describe(), plan.digest(), servers);
    try {
      requireOpen();
      return apply(plan, who, new QuietProgress(Objects.requireNonNull(progress, "progress")), audit);
    } catch (RuntimeException | Error e) {
      audit.unlessEmitted(e);
      throw e;
    }
  }

  private ApplyResult apply(Plan plan, Principal who, ProgressListener progress, Audit audit) {
    List<Violation> beyond = outOfReach(plan);
    if (!beyond.isEmpty()) {
      ValidationException e = new ValidationException("plan \"" + plan.operation().describe() + "\"", beyond);
      audit.emit(AuditEvent.Outcome.INVALID, e.getMessage());
      throw e;
    }
    AccessDecision decision = decide(who, plan);
    if (!decision.allowed()) {
      audit.emit(AuditEvent.Outcome.DENIED, decision.reason());
      throw new AccessDeniedException(decision);
    }
    Map<ServerId, ServerState> expected = new LinkedHashMap<>();
    Map<ServerId, ServerState> before = new LinkedHashMap<>();
    // what this check phase reads (a later server, and a partner an ISC read looks at) is read once;
    // nothing read here is used once the first server is changed
    CallReads reads = CallReads.forOneCall();
    try {
      for (ServerPlan part : plan.servers()) {
        Server server = inventory.require(part.server());
        FailoverBackend backend = backends.require(server.vendor());
        // The first server's apply guards its fingerprint before anything changes, so the state
        // its backend remembers for that fingerprint serves; every later server is read now, so
        // that a stale one is found before the first is changed.
        Optional<ServerState> known = expected.isEmpty()
            ? backend.remembered(server, inventory, part.fingerprint()) : Optional.empty();
        ServerState current = known.isPresent() ? known.get() : backend.read(server, inventory, reads);
        if (!current.fingerprint().equals(part.fingerprint())) {
          throw new ConflictException(server.id().value(), part.fingerprint(), current.fingerprint());
        }
        before.put(server.id(), current);
        expected.put(server.id(), current.apply(part.changes()));
        progress.onProgress(Progress.of(server.id(), Progress.Phase.CHECK, 0, 1));
        backend.check(server, part);
        progress.onProgress(Progress.of(server.id(), Progress.Phase.CHECK, 1, 1));
      }
    } catch (ConflictException e) {
      audit.emit(AuditEvent.Outcome.CONFLICT, e.getMessage());
      throw e;
    } catch (ValidationException | NotFoundException e) {
      audit.emit(AuditEvent.Outcome.INVALID, e.getMessage());
      throw e;
    } catch (BackendException e) {
      audit.emit(e.kind() == BackendException.Kind.REJECTED ? AuditEvent.Outcome.INVALID : AuditEvent.Outcome.FAILED, e.getMessage());
      throw e;
    }
    Map<ServerId, String> fingerprints = new LinkedHashMap<>();
    Attempt attempt = new Attempt(plan, before, expected, progress, audit);
    for (ServerPlan part : plan.servers()) {
      Server server = inventory.require(part.server());
      try {
        String fp = backends.require(server.vendor()).apply(server, part, progress);
        fingerprints.put(server.id(), fp);
        attempt.changed(part, fp);
      } catch (RuntimeException e) {
        if (e instanceof ConflictException && attempt.done.isEmpty()) {
          // the first server's own guard found the plan stale: nothing has changed
          audit.emit(AuditEvent.Outcome.CONFLICT, e.getMessage());
          throw e;
        }
        if (!(e instanceof ConflictException)) {
          // the server may have been changed before its apply failed (a lost read-back): find out
          attempt.probeFailed(part, e);
        }
        throw attempt.fail(server.id(), e);
      }
    }
    for (ServerPlan part : plan.servers()) {
      Server server = inventory.require(part.server());
      progress.onProgress(Progress.of(server.id(), Progress.Phase.VERIFY, 0, 1));
      FailoverBackend backend = backends.require(server.vendor());
      ServerState actual;
      try {
        actual = backend.remembered(server, inventory, fingerprints.get(server.id()))
            .orElseGet(() -> backend.read(server, inventory));
      } catch (RuntimeException e) {
        BackendException failure = e instanceof BackendException be ? be : BackendException.transport(
            server.id().value(), "after applying, the server cannot be read back: " + e.getMessage(), e);
        throw attempt.fail(server.id(), failure);
      }
      String mismatch = mismatch(part, expected.get(server.id()), actual);
      if (mismatch != null) {
        BackendException e = BackendException.rejected(server.id().value(),
            "after applying, the server does not hold what the plan said: " + mismatch, "verify");
        attempt.outcomes.put(server.id(), ServerOutcome.UNKNOWN);
        attempt.current.put(server.id(), actual.fingerprint());
        throw attempt.fail(server.id(), e);
      }
      fingerprints.put(server.id(), actual.fingerprint());
      progress.onProgress(Progress.of(server.id(), Progress.Phase.VERIFY, 1, 1));
      progress.onProgress(Progress.of(server.id(), Progress.Phase.DONE, 1, 1));
    }
    audit.emit(AuditEvent.Outcome.SUCCEEDED, decision.reason());
    return ImmutableApplyResult.builder().planDigest(plan.digest()).decision(decision).fingerprints(fingerprints)
        .build();
  }

  /**
   * {@return the drift between the two partners of the relationship, over the scopes either side
   * lists for it, and between the primary and each further server (a Kea backup), in
   * {@link DriftReport#backups()}}
   *
   * @param relationship the relationship's name
   */
  public DriftReport drift(String relationship) {
    requireOpen();
    CallReads reads = CallReads.forOneCall();
    Relationship r = relationship(relationship, reads);
    ServerState a = read(r.primary(), reads);
    DriftReport pair = drift(r, a, read(r.secondary(), reads));
    List<DriftReport> backups = new ArrayList<>();
    for (ServerId id : r.servers()) {
      if (!id.equals(r.primary()) && !id.equals(r.secondary())) {
        backups.add(drift(r, a, read(id, reads)));
      }
    }
    return backups.isEmpty() ? pair : pair.withBackupDrift(backups);
  }

  private DriftReport drift(Relationship r, ServerState a, ServerState b) {
    Set<Subnet> covered = new java.util.TreeSet<>(r.scopes());
    b.relationship(r.name()).ifPresent(x -> covered.addAll(x.scopes()));
    // a subnet may also hold pools of another relationship (ISC): they are not this one's drift
    return DriftReport.between(a.server(), scopes(a, covered).stream().map(x -> RelationshipScopes.view(x, r)).toList(),
        b.server(), scopes(b, covered).stream().map(x -> RelationshipScopes.view(x, r)).toList());
  }

  /**
   * {@return the failover state of the relationship as each of its two servers sees it; fails when either
   * cannot answer ({@link #statuses} answers for each server whatever the other does)}
   *
   * @param relationship the relationship's name
   */
  public List<FailoverStatus> status(String relationship) {
    requireOpen();
    Relationship r = relationship(relationship, CallReads.forOneCall());
    List<FailoverStatus> out = new ArrayList<>();
    for (ServerId id : r.servers()) {
      Server s = inventory.require(id);
      out.add(backends.require(s.vendor()).status(s, r));
    }
    return out;
  }

  /**
   * {@return one entry per server of the relationship: the state it reports, or why it gave none (it is
   * unreachable, refused or cannot be read)} A silent server never hides its partner, whose
   * entry still shows its own state and what it believes of the silent one.
   *
   * @param relationship the relationship's name
   */
  public List<ServerStatus> statuses(String relationship) {
    requireOpen();
    return statuses(relationship(relationship, CallReads.forOneCall()));
  }

  private List<ServerStatus> statuses(Relationship r) {
    List<ServerStatus> out = new ArrayList<>();
    for (ServerId id : r.servers()) {
      try {
        Server s = inventory.require(id);
        out.add(ServerStatus.of(backends.require(s.vendor()).status(s, r)));
      } catch (FailoverException e) {
        out.add(ServerStatus.silent(r.name(), id, e.getMessage()));
      }
    }
    return out;
  }

  /**
   * Which server of the relationship answers the client, and why: the relationship's mode and
   * settings (RFC 3074's load-balancing hash over ISC's split or hba and Kea's load balancing,
   * Windows' load-balance percentage, hot standby's active server) and the failover state each
   * of its servers reports now (read as {@link #statuses} does, so a silent server counts as
   * not serving). What this cannot know (a lease the client already holds, reservations, class
   * restrictions, exhausted pools) is listed in {@link ServerChoice}.
   *
   * @param relationship the relationship's name
   * @param client the client, by hardware address or client identifier
   * @return the server that answers the client and why, or why none does
   */
  public ServerChoice whoServes(String relationship, Client client) {
    Objects.requireNonNull(client, "client");
    requireOpen();
    Relationship r = relationship(relationship, CallReads.forOneCall());
    return ServerChoice.predict(r, client, statuses(r));
  }

  /**
   * Tells {@code server} that its partner in the relationship is down. Needs a DHCP administrator.
   * Emits one {@link AuditEvent}, however it ends (a relationship no server holds or a server
   * outside it is {@code INVALID}).
   *
   * @param relationship the relationship's name
   * @param server the inventory id of the server that takes over
   * @param who the principal asking; must be a DHCP administrator
   */
  public void partnerDown(String relationship, String server, Principal who) {
    Objects.requireNonNull(who, "principal");
    String operation = "partner-down " + relationship + " on " + server;
    List<ServerId> named = named(server);
    Audit audit = new Audit(who, operation, "partner-down:" + relationship + ":" + server, named);
    try {
      requireOpen();
      Relationship r = relationship(relationship, CallReads.forOneCall());
      ServerId id = ServerId.of(server);
      if (!r.involves(id)) {
        throw new ValidationException("partner down", List.of(new Violation("server", server,
            "must be " + r.primary() + " or " + r.secondary())));
      }
      AccessDecision d = policy.manageRelationship(who, "setting partner-down on " + id + " for " + r.name());
      if (!d.allowed()) {
        audit.emit(AuditEvent.Outcome.DENIED, d.reason());
        throw new AccessDeniedException(d);
      }
      Server s = inventory.require(id);
      try {
        backends.require(s.vendor()).partnerDown(s, r);
      } catch (RuntimeException e) {
        audit.emit(AuditEvent.Outcome.FAILED, e.getMessage());
        throw e;
      }
      audit.emit(AuditEvent.Outcome.SUCCEEDED, d.reason());
    } catch (RuntimeException | Error e) {
      audit.unlessEmitted(e);
      throw e;
    }
  }

  /** The server named, when the name is a server id at all: what an audit event of a bad request can list. */
  private static List<ServerId> named(String server) {
    try {
      return List.of(ServerId.of(server));
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  /**
   * {@return a vendor extra of the server's backend, for reading: {@code failover.extension("dhcp-a",
   * IscOmapi.class)}} Its methods that change a server's state ({@link ChangesState}) are refused
   * here: ask with {@link #extension(String, Class, Principal)} so each such call is decided and
   * audited. Empty when the backend offers no extension of that interface.
   *
   * @param <T> the extra's type
   * @param server the server's inventory id
   * @param type the extra's interface, for example {@code IscOmapi.class}
   */
  public <T> Optional<T> extension(String server, Class<T> type) {
    return guarded(server, type, null);
  }

  /**
   * {@return a vendor extra of the server's backend, acting for the principal: {@code
   * failover.extension("kea-a", KeaMaintenance.class, alice)}} Every call of a method that changes
   * a server's state ({@link ChangesState}) is decided (it needs a DHCP administrator, as a
   * relationship change does), sent only to the server named here, and audited: one
   * {@link AuditEvent} per call, denied, failed or succeeded. Empty when the backend offers no
   * extension of that interface.
   *
   * @param <T> the extra's type
   * @param server the server's inventory id
   * @param type the extra's interface, for example {@code KeaMaintenance.class}
   * @param who the principal on whose behalf state-changing calls are decided
   */
  public <T> Optional<T> extension(String server, Class<T> type, Principal who) {
    return guarded(server, type, Objects.requireNonNull(who, "principal"));
  }

  private <T> Optional<T> guarded(String server, Class<T> type, Principal who) {
    requireOpen();
    Server s = inventory.require(server);
    if (!type.isInterface()) {
      throw new ValidationException("vendor extension", List.of(new Violation("type", type.getSimpleName(),
          "must be an extension interface offered by the backend (such as KeaMaintenance or IscOmapi)")));
    }
    Optional<T> raw = backends.require(s.vendor()).extension(type);
    if (raw.isEmpty()) {
      return raw;
    }
    T target = raw.get();
    Object proxy = java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        (self, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
              case "equals" -> self == args[0];
              case "hashCode" -> System.identityHashCode(self);
              default -> type.getSimpleName() + " of " + s.id() + (who == null ? "" : " for " + who.name());
            };
          }
          requireOpen();
          ChangesState change = method.getAnnotation(ChangesState.class);
          if (change == null) {
            return invoke(target, method, args);
          }
          return changeThroughExtension(s, who, change.value(), method, target, args);
        });
    return Optional.of(type.cast(proxy));
  }

  private Object changeThroughExtension(Server s, Principal who, String command, java.lang.reflect.Method method,
      Object target, Object[] args) throws Throwable {
    if (who == null) {
      throw new ValidationException(command + " on " + s.id(), List.of(new Violation("principal", "none",
          "is needed: " + command + " changes the server's state; ask for the extension with the principal it acts "
              + "for, so the change is decided and audited")));
    }
    String relationship = "";
    for (Object a : args == null ? new Object[0] : args) {
      if (a instanceof Relationship r) {
        relationship = " for " + r.name();
      }
    }
    String operation = command + " on " + s.id() + relationship;
    Audit audit = new Audit(who, operation, "extension:" + command + ":" + s.id(), List.of(s.id()));
    try {
      for (Object a : args == null ? new Object[0] : args) {
        if (a instanceof Server other && !other.id().equals(s.id())) {
          throw new ValidationException(command, List.of(new Violation("server", other.id().value(),
              "must be " + s.id() + ", the server the extension was asked for")));
        }
      }
      AccessDecision d = policy.manageRelationship(who, "sending " + command + " to " + s.id() + relationship);
      if (!d.allowed()) {
        audit.emit(AuditEvent.Outcome.DENIED, d.reason());
        throw new AccessDeniedException(d);
      }
      Object result;
      try {
        result = invoke(target, method, args);
      } catch (RuntimeException e) {
        audit.emit(e instanceof ValidationException ? AuditEvent.Outcome.INVALID : AuditEvent.Outcome.FAILED,
            e.getMessage());
        throw e;
      }
      audit.emit(AuditEvent.Outcome.SUCCEEDED, d.reason());
      return result;
    } catch (RuntimeException | Error e) {
      audit.unlessEmitted(e);
      throw e;
    }
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause();
    }
  }

  // ----------------------------------------------------------------------------------------

  /**
   * One attempt to apply a plan, after its checks: which servers were changed, and on a failure,
   * the undo of every changed server (the failing one too when it was changed before failing),
   * each server's outcome, one audit event, and the exception for the caller.
   */
  private final class Attempt {
    private final Plan plan;
    private final Map<ServerId, ServerState> before;
    private final Map<ServerId, ServerState> expected;
    private final ProgressListener progress;
    private final Audit audit;
    /** The parts applied, in order, and the fingerprint each server has since. */
    private final List<ServerPlan> done = new ArrayList<>();
    private final Map<ServerId, String> current = new LinkedHashMap<>();
    private final Map<ServerId, ServerOutcome> outcomes = new LinkedHashMap<>();
    private final Map<ServerId, String> why = new LinkedHashMap<>();

    Attempt(Plan plan, Map<ServerId, ServerState> before, Map<ServerId, ServerState> expected,
        ProgressListener progress, Audit audit) {
      this.plan = plan;
      this.before = before;
      this.expected = expected;
      this.progress = progress;
      this.audit = audit;
      plan.servers().forEach(p -> outcomes.put(p.server(), ServerOutcome.UNCHANGED));
    }

    void changed(ServerPlan part, String fingerprint) {
      done.add(part);
      current.put(part.server(), fingerprint);
      outcomes.put(part.server(), ServerOutcome.CHANGED);
    }

    /** The part's apply failed: reads the server to learn whether it was changed all the same. */
    void probeFailed(ServerPlan part, RuntimeException failure) {
      Server server = inventory.require(part.server());
      ServerState now;
      try {
        now = backends.require(server.vendor()).read(server, inventory);
      } catch (RuntimeException e) {
        outcomes.put(part.server(), ServerOutcome.UNKNOWN);
        why.put(part.server(), "cannot be read after its failure: " + e.getMessage());
        return;
      }
      if (now.fingerprint().equals(part.fingerprint())) {
        outcomes.put(part.server(), ServerOutcome.UNCHANGED);
      } else if (!part.changes().isEmpty() && mismatch(part, expected.get(part.server()), now) == null) {
        LOG.warn("{} holds the plan's changes although its apply failed ({}); restoring it", part.server(),
            failure.getMessage());
        changed(part, now.fingerprint());
      } else if (mismatch(part, before.get(part.server()), now) == null) {
        outcomes.put(part.server(), ServerOutcome.UNCHANGED);
      } else {
        outcomes.put(part.server(), ServerOutcome.UNKNOWN);
        why.put(part.server(), "holds neither what it held before nor what the plan said");
      }
    }

    /**
     * Undoes every server changed so far, newest first; emits the audit event; returns what to
     * throw: the failure itself when every server is as before, else an
     * {@link IncompleteApplyException} listing each server.
     */
    RuntimeException fail(ServerId where, RuntimeException failure) {
      for (int i = done.size() - 1; i >= 0; i--) {
        ServerPlan part = done.get(i);
        Server server = inventory.require(part.server());
        if (outcomes.get(part.server()) == ServerOutcome.UNKNOWN && !current.containsKey(part.server())) {
          continue;
        }
        try {
          progress.onProgress(Progress.of(server.id(), Progress.Phase.ROLLBACK, 0, 1));
          backends.require(server.vendor()).apply(server, part.inverse(current.get(server.id())), progress);
          progress.onProgress(Progress.of(server.id(), Progress.Phase.ROLLBACK, 1, 1));
          outcomes.put(server.id(), ServerOutcome.RESTORED);
          why.remove(server.id());
        } catch (RuntimeException e) {
          LOG.warn("restoring {} after a failed plan failed: {}", server.id(), e.getMessage());
          if (e != failure) {
            failure.addSuppressed(e);
          }
          outcomes.put(server.id(), afterFailedUndo(part));
          why.put(server.id(), "restoring failed: " + e.getMessage());
        }
      }
      // a server's cmdlet may change its partner too (Windows): what each server not known to be as
      // before holds now is read again, once every undo has run
      outcomes.forEach((id, o) -> {
        if (!o.asBefore()) {
          ServerPlan part = plan.part(id).orElseThrow();
          Server server = inventory.require(id);
          try {
            ServerState now = backends.require(server.vendor()).read(server, inventory);
            if (mismatch(part, before.get(id), now) == null) {
              outcomes.put(id, ServerOutcome.RESTORED);
              why.remove(id);
            } else if (mismatch(part, expected.get(id), now) == null) {
              outcomes.put(id, ServerOutcome.CHANGED);
            } else {
              outcomes.put(id, ServerOutcome.UNKNOWN);
              why.putIfAbsent(id, "holds neither what it held before nor what the plan said");
            }
          } catch (RuntimeException e) {
            LOG.debug("{} cannot be read after a failed plan: {}", id, e.getMessage());
          }
        }
      });
      boolean asBefore = outcomes.values().stream().allMatch(ServerOutcome::asBefore);
      StringBuilder detail = new StringBuilder("failed on ").append(where).append(": ").append(failure.getMessage());
      outcomes.forEach((id, o) -> {
        if (o == ServerOutcome.RESTORED) {
          detail.append("; ").append(id).append(" restored");
        } else if (!o.asBefore()) {
          detail.append("; ").append(id).append(o == ServerOutcome.CHANGED ? " NOT restored" : " in an unknown state")
              .append(why.containsKey(id) ? " (" + why.get(id) + ")" : "");
        }
      });
      audit.emit(asBefore ? AuditEvent.Outcome.ROLLED_BACK : AuditEvent.Outcome.FAILED, detail.toString(), outcomes);
      if (asBefore) {
        return failure;
      }
      return new IncompleteApplyException(plan.operation().describe(), where.value(), outcomes, why, failure);
    }

    /** What a server holds after its undo failed: still changed, restored all the same, or unknown. */
    private ServerOutcome afterFailedUndo(ServerPlan part) {
      Server server = inventory.require(part.server());
      ServerState now;
      try {
        now = backends.require(server.vendor()).read(server, inventory);
      } catch (RuntimeException e) {
        return ServerOutcome.UNKNOWN;
      }
      if (mismatch(part, expected.get(part.server()), now) == null) {
        return ServerOutcome.CHANGED;
      }
      if (mismatch(part, before.get(part.server()), now) == null) {
        return ServerOutcome.RESTORED;
      }
      return ServerOutcome.UNKNOWN;
    }
  }

  private static String mismatch(ServerPlan part, ServerState expected, ServerState actual) {
    for (Subnet subnet : part.subnets()) {
      Optional<Scope> want = expected.scope(subnet);
      Optional<Scope> got = actual.scope(subnet);
      if (!want.equals(got)) {
        return "scope " + subnet + (got.isEmpty() ? " is missing" : want.isEmpty() ? " is still there" : " differs");
      }
    }
    for (Change c : part.changes()) {
      if (c instanceof RelationshipChange rc) {
        if (!expected.relationship(rc.name()).map(Relationship::withoutSecrets)
            .equals(actual.relationship(rc.name()).map(Relationship::withoutSecrets))) {
          return "relationship " + rc.name() + " differs";
        }
      } else if (c instanceof PeerChange pc) {
        if (!expected.peer(pc.name()).equals(actual.peer(pc.name()))) {
          return "failover peer \"" + pc.name() + "\" differs";
        }
      }
    }
    return null;
  }

  private static Set<ItemKind> kindsOf(Change c) {
    Set<ItemKind> out = EnumSet.noneOf(ItemKind.class);
    if (c instanceof ItemChanged ic) {
      out.add(ic.item().kind());
    } else if (c instanceof ScopeChange sc) {
      Scope s = sc.before().or(sc::after).orElseThrow();
      s.items().forEach(item -> out.add(item.kind()));
    }
    return out;
  }

  private static List<Scope> scopes(ServerState s, Set<Subnet> covered) {
    return s.scopes().stream().filter(x -> covered.contains(x.subnet())).collect(Collectors.toList());
  }

  /**
   * The audit event of one attempt: emitted once, by whatever ends the attempt; when an error
   * nobody classified ends it, {@link #unlessEmitted} records it from the error itself.
   */
  private final class Audit {
    private final Principal who;
    private final String operation;
    private final String digest;
    private final List<ServerId> servers;
    private boolean emitted;

    Audit(Principal who, String operation, String digest, List<ServerId> servers) {
      this.who = who;
      this.operation = operation;
      this.digest = digest;
      this.servers = servers;
    }

    void emit(AuditEvent.Outcome outcome, String detail) {
      emit(outcome, detail, Map.of());
    }

    void emit(AuditEvent.Outcome outcome, String detail, Map<ServerId, ServerOutcome> outcomes) {
      if (emitted) {
        return;
      }
      emitted = true;
      AuditEvent event = ImmutableAuditEvent.builder().time(clock.instant()).principal(who.name())
          .operation(operation).planDigest(digest).servers(servers).outcome(outcome)
          .detail(detail == null ? "" : detail).serverOutcomes(outcomes).build();
      try {
        audit.onEvent(event);
      } catch (RuntimeException e) {
        LOG.error("audit listener failed on {}: {}", event.outcome(), e.toString());
      }
    }

    /** The attempt ended with an error no step recorded: the event says what ended it. */
    void unlessEmitted(Throwable e) {
      if (emitted) {
        return;
      }
      AuditEvent.Outcome outcome;
      if (e instanceof AccessDeniedException) {
        outcome = AuditEvent.Outcome.DENIED;
      } else if (e instanceof ConflictException) {
        outcome = AuditEvent.Outcome.CONFLICT;
      } else if (e instanceof ValidationException || e instanceof NotFoundException) {
        outcome = AuditEvent.Outcome.INVALID;
      } else {
        outcome = AuditEvent.Outcome.FAILED;
      }
      emit(outcome, e.getMessage() != null ? e.getMessage() : "failed without a message ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  /** Hands progress on until the caller's listener throws; then logs it once and stops telling it. */
  private static final class QuietProgress implements ProgressListener {
    private final ProgressListener listener;
    private boolean broken;

    QuietProgress(ProgressListener listener) {
      this.listener = listener;
    }

    @Override
    public void onProgress(Progress progress) {
      if (broken) {
        return;
      }
      try {
        listener.onProgress(progress);
      } catch (RuntimeException e) {
        broken = true;
        LOG.warn("the progress listener failed and is told no more of this apply: {}", e.toString());
      }
    }
  }

  /** Builds a {@link Failover}. */
  public static final class Builder {
    private Inventory inventory;
    private Backends backends;
    private AccessPolicy policy = AccessPolicy.standard();
    private AuditListener audit = AuditListener.NONE;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Sets the servers to manage; required.
     *
     * @param inventory the servers
     * @return this builder
     */
    public Builder inventory(Inventory inventory) {
      this.inventory = inventory;
      return this;
    }

    /**
     * Sets the backends to use, instead of those found on the class path; the facade closes them
     * when it is closed.
     *
     * @param backends the backends, at most one per vendor
     * @return this builder
     */
    public Builder backends(FailoverBackend... backends) {
      this.backends = Backends.of(List.of(backends));
      return this;
    }

    /**
     * Sets the backends to use, instead of those found on the class path; the facade closes them
     * when it is closed.
     *
     * @param backends the backends
     * @return this builder
     */
    public Builder backends(Backends backends) {
      this.backends = backends;
      return this;
    }

    /**
     * Sets the access policy; {@link AccessPolicy#standard()} when not set.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder policy(AccessPolicy policy) {
      this.policy = Objects.requireNonNull(policy);
      return this;
    }

    /**
     * Sets who receives an {@link dev.failover.audit.AuditEvent} per apply; nobody when not set.
     *
     * @param audit the listener
     * @return this builder
     */
    public Builder audit(AuditListener audit) {
      this.audit = Objects.requireNonNull(audit);
      return this;
    }

    /**
     * Sets the clock that stamps audit events; the UTC system clock when not set.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** {@return the facade; backends found on the class path when none were set} */
    public Failover build() {
      return new Failover(this);
    }
  }
}
