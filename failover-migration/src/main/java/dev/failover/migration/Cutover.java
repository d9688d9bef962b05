package dev.failover.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.failover.access.AccessDecision;
import dev.failover.access.AccessPolicy;
import dev.failover.access.Principal;
import dev.failover.audit.AuditEvent;
import dev.failover.audit.AuditListener;
import dev.failover.audit.ImmutableAuditEvent;
import dev.failover.errors.AccessDeniedException;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violations;
import dev.failover.kea.client.HaHeartbeat;
import dev.failover.kea.client.KeaClient;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.server.ServerId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The move from the ISC pair to the Kea pair as four steps, each with what it does, the check that
 * must hold before the next step and its way back:
 * <ol>
 *   <li>both Kea servers take the plan's configuration ({@code config-set}, each server's previous
 *       configuration kept) while ISC still serves; check: both reach the plan's HA state
 *       ({@code hot-standby} or {@code load-balancing}); back: each Kea server's previous
 *       configuration;</li>
 *   <li>the merged ISC leases are added to both Kea servers ({@code lease4-add}); check: each
 *       reads back with {@code lease4-get} with its hardware address; back: {@code lease4-del} of
 *       every lease the step added;</li>
 *   <li>ISC is stopped on the primary's side by the operator's action; check: that side's Kea
 *       server is in the plan's HA state and serves its scope (in hot standby, the standby serves
 *       none while the primary runs), then the operator's own check; back: the operator's start
 *       action;</li>
 *   <li>the same on the secondary's side.</li>
 * </ol>
 * The cutover itself is immutable and holds no progress: {@link #start()} gives a
 * {@link CutoverRun} that goes step by step, {@link #runAll()} runs every step, and
 * {@link #runStep(int)} one. A step whose action or check fails is undone, and so are the steps
 * run before it in the same run, in reverse; the {@link CutoverOutcome} says which step failed,
 * why, and what was undone.
 *
 * <p>It is not an {@code Operation} of the facade: those are planned into per-server
 * configuration changes by the facade's planner, and a cutover also runs the operator's actions on
 * the ISC servers and loads leases, which no change of that model can say. It is authorised and
 * audited as the facade's operations are: before any step runs, the {@linkplain #decide() decision}
 * of the {@link AccessPolicy} (the policy's {@code manageRelationship}, as the facade decides
 * relationship changes, and "Administer DHCP servers" on each of the four servers) must allow the
 * principal, else {@link AccessDeniedException} and nothing runs; every step run, every undo on
 * request and every refusal emits one {@link AuditEvent} (operation {@code migrate isc-to-kea}
 * with the relationship, the plan's {@linkplain MigrationPlan#digest() digest}, the four servers,
 * the outcome, the step and what was undone in the detail).
 */
public final class Cutover {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final MigrationPlan plan;
  private final LeaseMove leases;
  private final Map<String, KeaClient> kea;
  private final IscSide iscPrimary;
  private final IscSide iscSecondary;
  private final CutoverTiming timing;
  private final List<CutoverStep> steps;
  private final Principal principal;
  private final AccessPolicy policy;
  private final AuditListener audit;
  private final List<ServerId> servers;

  private Cutover(Builder b) {
    this.principal = b.principal;
    this.policy = b.policy;
    this.audit = b.audit;
    this.plan = b.plan;
    this.leases = b.leases;
    this.kea = Map.copyOf(b.kea);
    this.iscPrimary = b.iscPrimary;
    this.iscSecondary = b.iscSecondary;
    this.timing = b.timing;
    String a = plan.servers().get(0);
    String bb = plan.servers().get(1);
    String state = plan.mode();
    this.servers = List.of(ServerId.of(a), ServerId.of(bb), ServerId.of(iscPrimary.name()),
        ServerId.of(iscSecondary.name()));
    this.steps = List.of(
        step(1, "configure the Kea pair while ISC serves", "config-set of the plan's configuration on " + a + " and "
            + bb + ", each server's running configuration kept first (config-get)", a + " and " + bb
            + " both reach HA state " + state + " within " + timing.timeout().toSeconds() + " s",
            "config-set of each Kea server's previous configuration"),
        step(2, "load the ISC leases into the Kea pair", "lease4-add of the " + leases.leases().size()
            + " merged ISC lease(s) on " + a + " and " + bb, "lease4-get on each Kea server gives back every lease"
            + " with its hardware address", "lease4-del of every lease this step added"),
        step(3, "stop ISC on the primary's side (" + iscPrimary.name() + ")", "the operator's stop action for "
            + iscPrimary.name(), sideCheck(a), "the operator's start action for " + iscPrimary.name()),
        step(4, "stop ISC on the secondary's side (" + iscSecondary.name() + ")", "the operator's stop action for "
            + iscSecondary.name(), sideCheck(bb), "the operator's start action for " + iscSecondary.name()));
  }

  private static CutoverStep step(int n, String name, String does, String check, String back) {
    return ImmutableCutoverStep.builder().number(n).name(name).does(does).check(check).wayBack(back).build();
  }

  private String sideCheck(String server) {
    return server + " is in HA state " + plan.mode() + (serves(server) ? " and serves its scope"
        : " (the standby serves no scope while the primary runs)") + ", within " + timing.timeout().toSeconds()
        + " s; then the operator's own check, if given";
  }

  /** {@return a builder} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the steps, in order} */
  public List<CutoverStep> steps() {
    return steps;
  }

  /** {@return the plan the cutover applies} */
  public MigrationPlan plan() {
    return plan;
  }

  /** {@return the operation in words, as the access decision and the audit events say it} */
  public String operation() {
    return "migrate isc-to-kea " + plan.relationship() + " to " + plan.servers().get(0) + " and "
        + plan.servers().get(1);
  }

  /** {@return the servers the cutover changes: the two Kea servers, then the ISC primary and secondary} */
  public List<ServerId> servers() {
    return servers;
  }

  /**
   * {@return whether the principal may run the cutover, and why} A DHCP administrator (the facade's
   * rule for changing relationships: the ISC pair ends, the Kea pair begins) with "Administer DHCP
   * servers" on each of the four servers; a refusal names each server and what is missing on it.
   */
  public AccessDecision decide() {
    return policy.manageRelationship(principal, operation())
        .and(policy.administerServers(principal, operation(), servers));
  }

  /**
   * {@return a run that goes step by step, from step 1}
   *
   * @throws AccessDeniedException when the principal may not run the cutover (audited; nothing runs)
   */
  public CutoverRun start() {
    authorise("steps 1 to " + steps.size());
    return new CutoverRun(this, 1, steps.size());
  }

  private void authorise(String what) {
    AccessDecision d = decide();
    if (!d.allowed()) {
      emit(AuditEvent.Outcome.DENIED, what + " refused, nothing run: " + d.reason());
      throw new AccessDeniedException(d);
    }
  }

  /** Emits one audit event of this cutover; a listener's failure is logged, never changes the run. */
  void emit(AuditEvent.Outcome outcome, String detail) {
    AuditEvent event = ImmutableAuditEvent.builder().time(timing.clock().instant()).principal(principal.name())
        .operation(operation()).planDigest(plan.digest()).servers(servers).outcome(outcome).detail(detail).build();
    try {
      audit.onEvent(event);
    } catch (RuntimeException e) {
      System.getLogger(Cutover.class.getName()).log(System.Logger.Level.ERROR,
          "the audit listener failed on the cutover's event (" + outcome + "): " + e.getMessage());
    }
  }

  /**
   * {@return what running every step did; a failure undoes every step run, in reverse}
   *
   * @throws AccessDeniedException when the principal may not run the cutover (audited; nothing runs)
   */
  public CutoverOutcome runAll() {
    CutoverRun run = start();
    CutoverOutcome last = run.next();
    while (last.succeeded() && run.nextStep().isPresent()) {
      last = run.next();
    }
    return last;
  }

  /**
   * {@return what running step {@code n} alone did (the steps before it were run before); when it
   * fails, it alone is undone}
   *
   * @param n the step's number, from 1
   * @throws ValidationException when there is no such step
   * @throws AccessDeniedException when the principal may not run the cutover (audited; nothing runs)
   */
  public CutoverOutcome runStep(int n) {
    Violations.collect().check(n >= 1 && n <= steps.size(), "step", n, "must be 1 to " + steps.size())
        .throwIfAny("cutover step");
    authorise("step " + n);
    return new CutoverRun(this, n, n).next();
  }

  // ---------------------------------------------------------------------------------------------
  // the steps' work, for CutoverRun

  /** Does step {@code n}, recording the way back of each thing done in {@code undo}. */
  void forward(int n, CutoverRun.Journal undo) throws Exception {
    switch (n) {
      case 1 -> {
        for (String server : plan.servers()) {
          KeaClient client = kea.get(server);
          Dhcp4Config previous = doing("config-get on " + server, client::configGet);
          doing("config-set of the plan's configuration on " + server,
              () -> client.configSet(Dhcp4Config.of(plan.config(server))));
          undo.add(n, "restored " + server + "'s previous configuration", () -> client.configSet(previous));
        }
      }
      case 2 -> {
        for (KeaLease lease : leases.leases()) {
          for (String server : plan.servers()) {
            KeaClient client = kea.get(server);
            doing("lease4-add of " + lease.address() + " on " + server,
                () -> client.command("lease4-add", lease.lease4AddArguments()));
            undo.add(n, "deleted lease " + lease.address() + " from " + server, () -> client.command("lease4-del",
                JSON.createObjectNode().put("ip-address", lease.address().toString())));
          }
        }
      }
      default -> {
        IscSide side = n == 3 ? iscPrimary : iscSecondary;
        try {
          side.stop().run();
        } catch (RuntimeException e) {
          throw new IllegalStateException("stopping ISC on " + side.name() + ": " + e.getMessage(), e);
        }
        undo.add(n, "started ISC on " + side.name() + " again", side.start());
      }
    }
  }

  /** Runs a Kea command, its failure said with what was being done. */
  private static <T> T doing(String what, java.util.concurrent.Callable<T> command) throws Exception {
    try {
      return command.call();
    } catch (RuntimeException e) {
      throw new IllegalStateException(what + ": " + e.getMessage(), e);
    }
  }

  /** Waits for step {@code n}'s check; throws saying what did not hold. */
  void check(int n) throws Exception {
    switch (n) {
      case 1 -> {
        for (String server : plan.servers()) {
          await(server + " reaching HA state " + plan.mode(), () -> stateProblem(server, false));
        }
      }
      case 2 -> {
        for (KeaLease lease : leases.leases()) {
          for (String server : plan.servers()) {
            JsonNode got = kea.get(server).command("lease4-get", JSON.createObjectNode()
                .put("ip-address", lease.address().toString())).arguments().orElse(JSON.createObjectNode());
            if (!got.path("hw-address").asText().equals(lease.hwAddress())) {
              throw new IllegalStateException(server + " does not give back lease " + lease.address() + " of "
                  + lease.hwAddress() + " (lease4-get: " + (got.isEmpty() ? "no lease" : got.path("hw-address"))
                  + ")");
            }
          }
        }
      }
      default -> {
        String server = plan.servers().get(n == 3 ? 0 : 1);
        await(server + " serving " + (n == 3 ? iscPrimary : iscSecondary).name() + "'s side",
            () -> stateProblem(server, true));
        Optional<OperatorAction> confirm = (n == 3 ? iscPrimary : iscSecondary).confirm();
        if (confirm.isPresent()) {
          confirm.get().run();
        }
      }
    }
  }

  /** Whether the server serves clients while both run: load balancing, or the hot-standby primary. */
  private boolean serves(String server) {
    if (plan.mode().equals("load-balancing")) {
      return true;
    }
    for (JsonNode hook : plan.config(server).path("Dhcp4").path("hooks-libraries")) {
      for (JsonNode peer : hook.path("parameters").path("high-availability").path(0).path("peers")) {
        if (peer.path("name").asText().equals(server)) {
          return peer.path("role").asText().equals("primary");
        }
      }
    }
    return false;
  }

  /** What keeps the server from the plan's HA state (and from serving its scope), or empty. */
  private Optional<String> stateProblem(String server, boolean scope) {
    HaHeartbeat hb = kea.get(server).haHeartbeat();
    if (!hb.state().equals(plan.mode())) {
      return Optional.of(server + " is in HA state " + hb.state());
    }
    if (scope && serves(server) && !hb.scopes().contains(server)) {
      return Optional.of(server + " serves the scopes " + hb.scopes() + ", not its own");
    }
    return Optional.empty();
  }

  /** A check that returns what does not hold yet, or empty when it holds. */
  private interface Probe {
    Optional<String> problem() throws Exception;
  }

  private void await(String what, Probe probe) throws Exception {
    Instant deadline = timing.clock().instant().plus(timing.timeout());
    while (true) {
      String problem;
      try {
        Optional<String> p = probe.problem();
        if (p.isEmpty()) {
          return;
        }
        problem = p.get();
      } catch (RuntimeException e) {
        problem = e.getMessage();
      }
      if (!timing.clock().instant().isBefore(deadline)) {
        throw new IllegalStateException("no " + what + " within " + timing.timeout().toSeconds() + " s: " + problem);
      }
      timing.pause().pause(timing.poll());
    }
  }

  /** Builds a {@link Cutover}; every part but the timing is required. */
  public static final class Builder {
    private MigrationPlan plan;
    private LeaseMove leases;
    private final Map<String, KeaClient> kea = new LinkedHashMap<>();
    private IscSide iscPrimary;
    private IscSide iscSecondary;
    private CutoverTiming timing = ImmutableCutoverTiming.builder().build();
    private Principal principal;
    private AccessPolicy policy = AccessPolicy.standard();
    private AuditListener audit = AuditListener.NONE;

    private Builder() {}

    /**
     * {@return this builder}
     *
     * @param value who runs the cutover: allowed by the policy, named in every audit event
     */
    public Builder principal(Principal value) {
      this.principal = Objects.requireNonNull(value, "principal");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param value the access policy deciding the run; {@link AccessPolicy#standard()} when not set
     */
    public Builder policy(AccessPolicy value) {
      this.policy = Objects.requireNonNull(value, "policy");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param value who receives an audit event per step run, undo and refusal; nobody when not set
     */
    public Builder audit(AuditListener value) {
      this.audit = Objects.requireNonNull(value, "audit");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param value the plan to apply
     */
    public Builder plan(MigrationPlan value) {
      this.plan = Objects.requireNonNull(value, "plan");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param value the merged ISC leases to load ({@link IscLeases#move})
     */
    public Builder leases(LeaseMove value) {
      this.leases = Objects.requireNonNull(value, "leases");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param server a Kea server of the plan, by its name there
     * @param client the client that reaches it (the caller keeps and closes it)
     */
    public Builder kea(String server, KeaClient client) {
      kea.put(Objects.requireNonNull(server, "server"), Objects.requireNonNull(client, "client"));
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param value the ISC primary, whose place the plan's first Kea server takes
     */
    public Builder iscPrimary(IscSide value) {
      this.iscPrimary = Objects.requireNonNull(value, "iscPrimary");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param value the ISC secondary, whose place the plan's second Kea server takes
     */
    public Builder iscSecondary(IscSide value) {
      this.iscSecondary = Objects.requireNonNull(value, "iscSecondary");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param value how long checks may take and how they are polled
     */
    public Builder timing(CutoverTiming value) {
      this.timing = Objects.requireNonNull(value, "timing");
      return this;
    }

    /**
     * {@return the cutover}
     *
     * @throws ValidationException when a part is missing or a Kea server of the plan has no client
     */
    public Cutover build() {
      Violations v = Violations.collect()
          .check(plan != null, "plan", "(none)", "must be given")
          .check(principal != null, "principal", "(none)", "must be given: who runs the cutover")
          .check(leases != null, "leases", "(none)", "must be given (an empty lease move when there are none)")
          .check(iscPrimary != null, "iscPrimary", "(none)", "must be given: the operator's stop and start actions")
          .check(iscSecondary != null, "iscSecondary", "(none)", "must be given: the operator's stop and start"
              + " actions");
      if (plan != null) {
        for (String server : plan.servers()) {
          v.check(kea.containsKey(server), "kea", server, "must have a client: it is a Kea server of the plan");
        }
        v.check(kea.keySet().stream().allMatch(plan.servers()::contains), "kea", kea.keySet(),
            "must name only the plan's Kea servers " + plan.servers());
      }
      v.throwIfAny("cutover");
      return new Cutover(this);
    }
  }
}
