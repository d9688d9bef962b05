package dev.failover;

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
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.scope.ItemKind;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.spi.Backends;
import dev.failover.spi.FailoverBackend;
import dev.failover.state.FailoverStatus;
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
 * <p>Thread-safe: a {@code Failover} holds no mutable state of its own.
 */
public final class Failover {

  private static final Logger LOG = LoggerFactory.getLogger(Failover.class);

  private final Inventory inventory;
  private final Backends backends;
  private final AccessPolicy policy;
  private final AuditListener audit;
  private final Clock clock;

  private Failover(Builder b) {
    this.inventory = Objects.requireNonNull(b.inventory, "inventory");
    this.backends = b.backends != null ? b.backends : Backends.discover(Failover.class.getClassLoader());
    this.policy = b.policy;
    this.audit = b.audit;
    this.clock = b.clock;
  }

  /** A facade over the inventory with the backends found on the class path and the standard policy. */
  public static Failover connect(Inventory inventory) {
    return builder().inventory(inventory).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Inventory inventory() {
    return inventory;
  }

  public AccessPolicy policy() {
    return policy;
  }

  /** The server's current state, read through its backend. */
  public ServerState state(ServerId server) {
    Server s = inventory.require(server);
    return backends.require(s.vendor()).read(s, inventory);
  }

  public ServerState state(String server) {
    return state(ServerId.of(server));
  }

  /** A server's state for the planner; a server whose vendor has no backend is "not found". */
  private ServerState readable(ServerId id) {
    Server s = inventory.require(id);
    if (backends.find(s.vendor()).isEmpty()) {
      throw new NotFoundException("backend for server", id.value(), "(no " + s.vendor().displayName()
          + " backend on the class path)");
    }
    return backends.require(s.vendor()).read(s, inventory);
  }

  /** Plans the operation from the servers' current states; changes nothing. */
  public Plan plan(Operation operation) {
    return Planner.plan(operation, inventory, this::readable);
  }

  /** The relationship as its primary server holds it. */
  public Relationship relationship(String name) {
    RelationshipName n = RelationshipName.of(name);
    for (Server s : inventory.servers()) {
      if (backends.find(s.vendor()).isEmpty()) {
        continue;
      }
      Optional<Relationship> r = state(s.id()).relationship(n);
      if (r.isPresent()) {
        return state(r.get().primary()).relationship(n).orElse(r.get());
      }
    }
    throw new NotFoundException("relationship", name, "on any server of the inventory");
  }

  /** Whether the principal may apply the plan, and why. */
  public AccessDecision decide(Principal who, Plan plan) {
    Operation op = plan.operation();
    if (op instanceof CreateRelationship || op instanceof ModifyRelationship || op instanceof RemoveRelationship
        || op instanceof AddPeer || op instanceof EditPeer || op instanceof DeletePeer || op instanceof SetPoolPeer) {
      return policy.manageRelationship(who, verb(op));
    }
    if (op instanceof AddScope || op instanceof RemoveScope) {
      List<ServerId> servers = plan.servers().stream().map(ServerPlan::server).toList();
      return policy.changeRelationshipScopes(who, verb(op), servers);
    }
    Replicate r = (Replicate) op;
    AccessDecision d = null;
    for (ServerPlan part : plan.servers()) {
      AccessDecision one;
      if (r.reach() == Replicate.Reach.SCOPE) {
        Subnet subnet = r.subnet().orElseThrow();
        one = policy.replicateScope(who, "replicating scope " + subnet + " from " + r.source() + " to "
            + part.server(), part.server(), subnet, changedKinds(part));
      } else {
        one = policy.replicateMany(who, verb(op), part.server());
      }
      d = d == null ? one : d.and(one);
    }
    if (d == null) {
      // nothing to change: still the permission of the request's reach, on the source
      d = r.reach() == Replicate.Reach.SCOPE
          ? policy.replicateScope(who, verb(op), r.source(), r.subnet().orElseThrow(), Set.of())
          : policy.replicateMany(who, verb(op), r.source());
    }
    return d;
  }

  /** Applies the plan on behalf of the principal. */
  public ApplyResult apply(Plan plan, Principal who) {
    return apply(plan, who, ProgressListener.NONE);
  }

  /** Applies the plan on behalf of the principal, reporting progress per server and scope. */
  public ApplyResult apply(Plan plan, Principal who, ProgressListener progress) {
    List<ServerId> servers = plan.servers().stream().map(ServerPlan::server).toList();
    AccessDecision decision = decide(who, plan);
    if (!decision.allowed()) {
      emit(who, plan, servers, AuditEvent.Outcome.DENIED, decision.reason());
      throw new AccessDeniedException(decision);
    }
    Map<ServerId, ServerState> expected = new LinkedHashMap<>();
    try {
      for (ServerPlan part : plan.servers()) {
        Server server = inventory.require(part.server());
        FailoverBackend backend = backends.require(server.vendor());
        // The first server's apply guards its fingerprint before anything changes, so the state
        // its backend remembers for that fingerprint serves; every later server is read now, so
        // that a stale one is found before the first is changed.
        Optional<ServerState> known = expected.isEmpty()
            ? backend.remembered(server, inventory, part.fingerprint()) : Optional.empty();
        ServerState current = known.isPresent() ? known.get() : backend.read(server, inventory);
        if (!current.fingerprint().equals(part.fingerprint())) {
          throw new ConflictException(server.id().value(), part.fingerprint(), current.fingerprint());
        }
        expected.put(server.id(), current.apply(part.changes()));
        progress.onProgress(Progress.of(server.id(), Progress.Phase.CHECK, 0, 1));
        backend.check(server, part);
        progress.onProgress(Progress.of(server.id(), Progress.Phase.CHECK, 1, 1));
      }
    } catch (ConflictException e) {
      emit(who, plan, servers, AuditEvent.Outcome.CONFLICT, e.getMessage());
      throw e;
    } catch (ValidationException | NotFoundException e) {
      emit(who, plan, servers, AuditEvent.Outcome.INVALID, e.getMessage());
      throw e;
    } catch (BackendException e) {
      emit(who, plan, servers, e.kind() == BackendException.Kind.REJECTED ? AuditEvent.Outcome.INVALID : AuditEvent.Outcome.FAILED, e.getMessage());
      throw e;
    }
    Map<ServerId, String> fingerprints = new LinkedHashMap<>();
    List<ServerPlan> done = new ArrayList<>();
    for (ServerPlan part : plan.servers()) {
      Server server = inventory.require(part.server());
      try {
        String fp = backends.require(server.vendor()).apply(server, part, progress);
        fingerprints.put(server.id(), fp);
        done.add(part);
      } catch (RuntimeException e) {
        if (e instanceof ConflictException && done.isEmpty()) {
          // the first server's own guard found the plan stale: nothing has changed
          emit(who, plan, servers, AuditEvent.Outcome.CONFLICT, e.getMessage());
          throw e;
        }
        String restored = rollback(done, fingerprints, progress, e);
        emit(who, plan, servers, e.getSuppressed().length == 0 ? AuditEvent.Outcome.ROLLED_BACK
            : AuditEvent.Outcome.FAILED, "failed on " + server.id() + ": " + e.getMessage() + restored);
        throw e;
      }
    }
    for (ServerPlan part : plan.servers()) {
      Server server = inventory.require(part.server());
      progress.onProgress(Progress.of(server.id(), Progress.Phase.VERIFY, 0, 1));
      FailoverBackend backend = backends.require(server.vendor());
      ServerState actual = backend.remembered(server, inventory, fingerprints.get(server.id()))
          .orElseGet(() -> backend.read(server, inventory));
      String mismatch = mismatch(part, expected.get(server.id()), actual);
      if (mismatch != null) {
        BackendException e = BackendException.rejected(server.id().value(),
            "after applying, the server does not hold what the plan said: " + mismatch, "verify");
        emit(who, plan, servers, AuditEvent.Outcome.FAILED, e.getMessage());
        throw e;
      }
      fingerprints.put(server.id(), actual.fingerprint());
      progress.onProgress(Progress.of(server.id(), Progress.Phase.VERIFY, 1, 1));
      progress.onProgress(Progress.of(server.id(), Progress.Phase.DONE, 1, 1));
    }
    emit(who, plan, servers, AuditEvent.Outcome.SUCCEEDED, decision.reason());
    return ImmutableApplyResult.builder().planDigest(plan.digest()).decision(decision).fingerprints(fingerprints)
        .build();
  }

  /** The drift between the two partners of the relationship, over the scopes either side lists for it. */
  public DriftReport drift(String relationship) {
    Relationship r = relationship(relationship);
    ServerState a = state(r.primary());
    ServerState b = state(r.secondary());
    Set<Subnet> covered = new java.util.TreeSet<>(r.scopes());
    b.relationship(r.name()).ifPresent(x -> covered.addAll(x.scopes()));
    // a subnet may also hold pools of another relationship (ISC): they are not this one's drift
    return DriftReport.between(a.server(), scopes(a, covered).stream().map(x -> RelationshipScopes.view(x, r)).toList(),
        b.server(), scopes(b, covered).stream().map(x -> RelationshipScopes.view(x, r)).toList());
  }

  /** The failover state of the relationship as each of its two servers sees it. */
  public List<FailoverStatus> status(String relationship) {
    Relationship r = relationship(relationship);
    List<FailoverStatus> out = new ArrayList<>();
    for (ServerId id : r.servers()) {
      Server s = inventory.require(id);
      out.add(backends.require(s.vendor()).status(s, r));
    }
    return out;
  }

  /** Tells {@code server} that its partner in the relationship is down. Needs a DHCP administrator. */
  public void partnerDown(String relationship, String server, Principal who) {
    Relationship r = relationship(relationship);
    ServerId id = ServerId.of(server);
    if (!r.involves(id)) {
      throw new ValidationException("partner down", List.of(new Violation("server", server,
          "must be " + r.primary() + " or " + r.secondary())));
    }
    AccessDecision d = policy.manageRelationship(who, "setting partner-down on " + id + " for " + r.name());
    String digest = "partner-down:" + r.name() + ":" + id;
    if (!d.allowed()) {
      emitRaw(who, "partner-down " + r.name() + " on " + id, digest, List.of(id), AuditEvent.Outcome.DENIED, d.reason());
      throw new AccessDeniedException(d);
    }
    Server s = inventory.require(id);
    try {
      backends.require(s.vendor()).partnerDown(s, r);
    } catch (RuntimeException e) {
      emitRaw(who, "partner-down " + r.name() + " on " + id, digest, List.of(id), AuditEvent.Outcome.FAILED,
          e.getMessage());
      throw e;
    }
    emitRaw(who, "partner-down " + r.name() + " on " + id, digest, List.of(id), AuditEvent.Outcome.SUCCEEDED,
        d.reason());
  }

  /** The backend of a vendor extra, such as Kea maintenance: {@code failover.extension(server, KeaMaintenance.class)}. */
  public <T> Optional<T> extension(String server, Class<T> type) {
    return backends.require(inventory.require(server).vendor()).extension(type);
  }

  // ----------------------------------------------------------------------------------------

  private String rollback(List<ServerPlan> done, Map<ServerId, String> fingerprints, ProgressListener progress,
      RuntimeException failure) {
    StringBuilder what = new StringBuilder();
    for (int i = done.size() - 1; i >= 0; i--) {
      ServerPlan part = done.get(i);
      Server server = inventory.require(part.server());
      try {
        progress.onProgress(Progress.of(server.id(), Progress.Phase.ROLLBACK, 0, 1));
        backends.require(server.vendor()).apply(server, part.inverse(fingerprints.get(server.id())), progress);
        progress.onProgress(Progress.of(server.id(), Progress.Phase.ROLLBACK, 1, 1));
        what.append("; ").append(server.id()).append(" restored");
      } catch (RuntimeException e) {
        LOG.warn("restoring {} after a failed plan failed: {}", server.id(), e.getMessage());
        failure.addSuppressed(e);
        what.append("; ").append(server.id()).append(" NOT restored (").append(e.getMessage()).append(")");
      }
    }
    return what.toString();
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

  private static Set<ItemKind> changedKinds(ServerPlan part) {
    Set<ItemKind> out = EnumSet.noneOf(ItemKind.class);
    for (Change c : part.changes()) {
      if (c instanceof ItemChanged ic) {
        out.add(ic.item().kind());
      } else if (c instanceof ScopeChange sc) {
        Scope s = sc.before().or(sc::after).orElseThrow();
        s.items().forEach(item -> out.add(item.kind()));
      }
    }
    return out;
  }

  private static List<Scope> scopes(ServerState s, Set<Subnet> covered) {
    return s.scopes().stream().filter(x -> covered.contains(x.subnet())).collect(Collectors.toList());
  }

  private static String verb(Operation op) {
    String d = op.describe();
    int space = d.indexOf(' ');
    String first = space < 0 ? d : d.substring(0, space);
    String ing = first.endsWith("e") ? first.substring(0, first.length() - 1) + "ing" : first + "ing";
    return space < 0 ? ing : ing + d.substring(space);
  }

  private void emit(Principal who, Plan plan, List<ServerId> servers, AuditEvent.Outcome outcome, String detail) {
    emitRaw(who, plan.operation().describe(), plan.digest(), servers, outcome, detail);
  }

  private void emitRaw(Principal who, String operation, String digest, List<ServerId> servers,
      AuditEvent.Outcome outcome, String detail) {
    AuditEvent event = ImmutableAuditEvent.builder().time(clock.instant()).principal(who.name()).operation(operation)
        .planDigest(digest).servers(servers).outcome(outcome).detail(detail).build();
    try {
      audit.onEvent(event);
    } catch (RuntimeException e) {
      LOG.error("audit listener failed on {}: {}", event.outcome(), e.toString());
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

    public Builder inventory(Inventory inventory) {
      this.inventory = inventory;
      return this;
    }

    /** The backends to use, instead of those found on the class path. */
    public Builder backends(FailoverBackend... backends) {
      this.backends = Backends.of(List.of(backends));
      return this;
    }

    public Builder backends(Backends backends) {
      this.backends = backends;
      return this;
    }

    public Builder policy(AccessPolicy policy) {
      this.policy = Objects.requireNonNull(policy);
      return this;
    }

    public Builder audit(AuditListener audit) {
      this.audit = Objects.requireNonNull(audit);
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    public Failover build() {
      return new Failover(this);
    }
  }
}
