package dev.failover.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.audit.AuditEvent;
import dev.failover.errors.AccessDeniedException;
import dev.failover.errors.ValidationException;
import dev.failover.server.ServerId;
import dev.failover.kea.client.KeaClient;
import dev.failover.testkit.kea.FakeKeaPair;
import dev.failover.testkit.kea.FakeKeaServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The cutover's steps against the testkit's fake Kea pair (its HA state machine on a simulated
 * clock, its lease commands) with ISC stop and start actions that record what they were asked.
 */
@DisplayName("the cutover from the ISC pair to the Kea pair, step by step with a way back")
class CutoverTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private FakeKeaPair pair;
  private KeaClient a;
  private KeaClient b;
  private final List<String> events = new ArrayList<>();
  private String failStop;
  private String failConfirm;
  private MigrationPlan plan;
  private LeaseMove leases;
  private final List<AuditEvent> audited = new ArrayList<>();
  private Principal principal = Principal.withRoles("ann", BuiltInRole.DHCP_ADMINISTRATORS);

  private KeaPartner partner(String name, FakeKeaServer fake) {
    ObjectNode base = (ObjectNode) fake.configuration().path("Dhcp4").deepCopy();
    base.remove(List.of("hooks-libraries", "subnet4", "shared-networks"));
    return ImmutableKeaPartner.builder().name(name).url(URI.create(fake.url().toString())).base(base.toString())
        .build();
  }

  @BeforeEach
  void start() {
    pair = FakeKeaPair.hotStandby().withScope("10.9.0.0/24", "10.9.0.10-10.9.0.99").start();
    a = KeaClient.builder(pair.primary().url()).build();
    b = KeaClient.builder(pair.secondary().url()).build();
    plan = IscToKea.plan(Pairs.conf("hs", "primary"), Pairs.conf("hs", "secondary"), "standby-pair",
        partner("kea-a", pair.primary()), partner("kea-b", pair.secondary()));
    Instant now = Instant.now();
    leases = IscLeases.move(plan, IscLeases.parse("primary.leases",
        LeaseFiles.lease("192.0.2.100", "active", now, -600, 3000, "52:54:00:00:00:01", null)
            + LeaseFiles.lease("192.0.2.101", "active", now, -60, 900, "52:54:00:00:00:02", null)),
        IscLeases.parse("secondary.leases", ""), now);
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
    pair.close();
  }

  private IscSide side(String name) {
    return ImmutableIscSide.builder().name(name)
        .stop(() -> {
          events.add("stop " + name);
          if (name.equals(failStop)) {
            throw new IllegalStateException("dhcpd on " + name + " did not stop: systemctl answered 5");
          }
        })
        .start(() -> events.add("start " + name))
        .confirm(() -> {
          events.add("probe " + name);
          if (name.equals(failConfirm)) {
            throw new IllegalStateException("no DHCP answer on " + name + "'s side");
          }
        }).build();
  }

  private Cutover cutover() {
    return Cutover.builder().plan(plan).leases(leases).kea("kea-a", a).kea("kea-b", b)
        .principal(principal).audit(audited::add)
        .iscPrimary(side("isc-a")).iscSecondary(side("isc-b"))
        .timing(ImmutableCutoverTiming.builder().timeout(Duration.ofSeconds(30)).poll(Duration.ofSeconds(1))
            .clock(pair.clock()).pause(pair::advance).build())
        .build();
  }

  private static String serverName(FakeKeaServer fake) {
    for (JsonNode hook : fake.configuration().path("Dhcp4").path("hooks-libraries")) {
      JsonNode ha = hook.path("parameters").path("high-availability").path(0);
      if (!ha.isMissingNode()) {
        return ha.path("this-server-name").asText();
      }
    }
    return "";
  }

  private static boolean hasLease(KeaClient client, String address) {
    return client.command("lease4-get", JSON.createObjectNode().put("ip-address", address)).isSuccess();
  }

  @Test
  @DisplayName("the steps can be read before anything runs: what each does, its check and its way back")
  void stepsToRead() {
    List<CutoverStep> steps = cutover().steps();
    assertThat(steps).extracting(CutoverStep::number).containsExactly(1, 2, 3, 4);
    assertThat(steps.get(0).does()).contains("config-set").contains("kea-a").contains("kea-b");
    assertThat(steps.get(0).check()).contains("hot-standby");
    assertThat(steps.get(0).wayBack()).contains("previous configuration");
    assertThat(steps.get(1).does()).contains("lease4-add of the 2 merged ISC lease(s)");
    assertThat(steps.get(1).wayBack()).contains("lease4-del");
    assertThat(steps.get(2).name()).contains("isc-a");
    assertThat(steps.get(2).check()).contains("kea-a is in HA state hot-standby and serves its scope");
    assertThat(steps.get(3).check()).contains("kea-b is in HA state hot-standby (the standby serves no scope");
    assertThat(steps.get(3).wayBack()).isEqualTo("the operator's start action for isc-b");
    assertThat(steps.get(0).describe()).startsWith("1. configure the Kea pair while ISC serves\n   does:");
    assertThat(events).isEmpty();
  }

  @Test
  @DisplayName("all at once: the Kea pair takes the plan and reaches hot-standby, holds every lease on both servers, ISC is stopped side by side")
  void allSteps() {
    CutoverOutcome outcome = cutover().runAll();
    assertThat(outcome.succeeded()).as(outcome.summary()).isTrue();
    assertThat(outcome.done()).containsExactly(1, 2, 3, 4);
    assertThat(outcome.undone()).isEmpty();
    assertThat(serverName(pair.primary())).isEqualTo("kea-a");
    assertThat(serverName(pair.secondary())).isEqualTo("kea-b");
    assertThat(a.haHeartbeat().state()).isEqualTo("hot-standby");
    assertThat(a.haHeartbeat().scopes()).containsExactly("kea-a");
    for (KeaClient client : List.of(a, b)) {
      assertThat(hasLease(client, "192.0.2.100")).isTrue();
      assertThat(hasLease(client, "192.0.2.101")).isTrue();
    }
    assertThat(events).containsExactly("stop isc-a", "probe isc-a", "stop isc-b", "probe isc-b");
  }

  @Test
  @DisplayName("step 1 failing: kea-b refuses the configuration, so kea-a's previous configuration is restored")
  void step1Refused() {
    pair.secondary().failNextWrite("config-set", "the disk is full");
    CutoverOutcome outcome = cutover().runAll();
    assertThat(outcome.failedStep()).contains(1);
    assertThat(outcome.failure().orElseThrow()).startsWith("config-set of the plan's configuration on kea-b: ").contains("the disk is full");
    assertThat(outcome.undone()).containsExactly("step 1: restored kea-a's previous configuration");
    assertThat(serverName(pair.primary())).isEqualTo("server1");
    assertThat(serverName(pair.secondary())).isEqualTo("server2");
    assertThat(events).isEmpty();
  }

  @Test
  @DisplayName("step 1's check failing: the Kea servers cannot reach each other, never reach hot-standby, and both get their previous configuration back")
  void step1Check() {
    pair.primary().makePartnerUnreachable();
    CutoverOutcome outcome = cutover().runAll();
    assertThat(outcome.failedStep()).contains(1);
    assertThat(outcome.failure().orElseThrow()).startsWith("no kea-a reaching HA state hot-standby within 30 s: kea-a is in HA state");
    assertThat(outcome.undone()).containsExactly("step 1: restored kea-b's previous configuration",
        "step 1: restored kea-a's previous configuration");
    assertThat(serverName(pair.primary())).isEqualTo("server1");
    assertThat(serverName(pair.secondary())).isEqualTo("server2");
  }

  @Test
  @DisplayName("step 2 failing: kea-b already holds one of the addresses; the leases the step added are deleted (not kea-b's own) and step 1 is undone")
  void step2Refused() {
    CutoverRun run = cutover().start();
    assertThat(run.next().done()).containsExactly(1);
    // kea-b holds 192.0.2.101 for another client: lease4-add of the ISC lease is refused
    b.command("lease4-add", JSON.createObjectNode().put("ip-address", "192.0.2.101")
        .put("hw-address", "52:54:00:00:00:99").put("subnet-id", 1));
    CutoverOutcome outcome = run.next();
    assertThat(outcome.failedStep()).contains(2);
    assertThat(outcome.failure().orElseThrow()).startsWith("lease4-add of 192.0.2.101 on kea-b: ").contains("IPv4 lease already exists.");
    assertThat(outcome.done()).containsExactly(1);
    assertThat(outcome.undone()).containsExactly("step 2: deleted lease 192.0.2.101 from kea-a",
        "step 2: deleted lease 192.0.2.100 from kea-b", "step 2: deleted lease 192.0.2.100 from kea-a",
        "step 1: restored kea-b's previous configuration", "step 1: restored kea-a's previous configuration");
    assertThat(hasLease(a, "192.0.2.100")).isFalse();
    assertThat(hasLease(a, "192.0.2.101")).isFalse();
    assertThat(hasLease(b, "192.0.2.100")).isFalse();
    assertThat(b.command("lease4-get", JSON.createObjectNode().put("ip-address", "192.0.2.101")).arguments()
        .orElseThrow().path("hw-address").asText()).isEqualTo("52:54:00:00:00:99");
    assertThat(run.nextStep()).isEmpty();
  }

  @Test
  @DisplayName("step 3's check failing: kea-a lost its partner and is not in hot-standby, so ISC is started again on isc-a, the leases deleted and the configurations restored")
  void step3Check() {
    CutoverRun run = cutover().start();
    run.next();
    run.next();
    pair.primary().makePartnerUnreachable();
    pair.advance(Duration.ofSeconds(30));
    CutoverOutcome outcome = run.next();
    assertThat(outcome.failedStep()).contains(3);
    assertThat(outcome.failure().orElseThrow()).startsWith("no kea-a serving isc-a's side within 30 s: kea-a is in"
        + " HA state partner-down");
    assertThat(outcome.done()).containsExactly(1, 2);
    assertThat(outcome.undone()).first().isEqualTo("step 3: started ISC on isc-a again");
    assertThat(outcome.undone()).hasSize(1 + 4 + 2).last().isEqualTo("step 1: restored kea-a's previous configuration");
    assertThat(events).containsExactly("stop isc-a", "start isc-a");
    assertThat(hasLease(a, "192.0.2.100")).isFalse();
  }

  @Test
  @DisplayName("step 3's action failing: dhcpd does not stop, nothing to start again; the steps before are undone")
  void step3Refused() {
    failStop = "isc-a";
    CutoverOutcome outcome = cutover().runAll();
    assertThat(outcome.failedStep()).contains(3);
    assertThat(outcome.failure()).contains("stopping ISC on isc-a: dhcpd on isc-a did not stop: systemctl answered 5");
    assertThat(outcome.undone()).noneMatch(u -> u.startsWith("step 3")).first()
        .isEqualTo("step 2: deleted lease 192.0.2.101 from kea-b");
    assertThat(events).containsExactly("stop isc-a");
  }

  @Test
  @DisplayName("step 4's check failing (the operator's probe gets no answer): both ISC sides are started again, in reverse, and the rest undone")
  void step4Check() {
    failConfirm = "isc-b";
    CutoverOutcome outcome = cutover().runAll();
    assertThat(outcome.failedStep()).contains(4);
    assertThat(outcome.failure()).contains("no DHCP answer on isc-b's side");
    assertThat(outcome.done()).containsExactly(1, 2, 3);
    assertThat(outcome.undone()).startsWith("step 4: started ISC on isc-b again", "step 3: started ISC on isc-a again",
        "step 2: deleted lease 192.0.2.101 from kea-b");
    assertThat(outcome.notUndone()).isEmpty();
    assertThat(events).containsExactly("stop isc-a", "probe isc-a", "stop isc-b", "probe isc-b", "start isc-b",
        "start isc-a");
    assertThat(serverName(pair.primary())).isEqualTo("server1");
  }

  @Test
  @DisplayName("one step alone: steps 1 and 2 run, then step 3 and step 4 each on their own; a failed step 4 undoes step 4 only")
  void oneStepAlone() {
    Cutover cutover = cutover();
    assertThat(cutover.runStep(1).done()).containsExactly(1);
    assertThat(cutover.runStep(2).done()).containsExactly(2);
    assertThat(cutover.runStep(3).done()).containsExactly(3);
    failConfirm = "isc-b";
    CutoverOutcome outcome = cutover.runStep(4);
    assertThat(outcome.failedStep()).contains(4);
    assertThat(outcome.undone()).containsExactly("step 4: started ISC on isc-b again");
    assertThat(serverName(pair.primary())).isEqualTo("kea-a");
    assertThat(hasLease(b, "192.0.2.100")).isTrue();
    assertThatThrownBy(() -> cutover.runStep(5)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("must be 1 to 4");
  }

  @Test
  @DisplayName("the operator goes back after two steps: the leases are deleted and the configurations restored, newest first")
  void undoOnRequest() {
    CutoverRun run = cutover().start();
    run.next();
    run.next();
    CutoverOutcome back = run.undo();
    assertThat(back.succeeded()).isTrue();
    assertThat(back.undone()).hasSize(6).endsWith("step 1: restored kea-b's previous configuration",
        "step 1: restored kea-a's previous configuration");
    assertThat(hasLease(b, "192.0.2.101")).isFalse();
    assertThat(serverName(pair.secondary())).isEqualTo("server2");
    assertThat(run.nextStep()).isEmpty();
    assertThatThrownBy(run::next).isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("a Kea server of the plan without a client, or missing ISC actions, is refused naming each")
  void refusedWhenIncomplete() {
    assertThatThrownBy(() -> Cutover.builder().plan(plan).leases(leases).kea("kea-a", a).iscPrimary(side("isc-a"))
        .build()).isInstanceOf(ValidationException.class).hasMessageContaining("kea-b")
        .hasMessageContaining("must have a client").hasMessageContaining("iscSecondary");
  }

  @Test
  @DisplayName("a principal without the right to change the four servers is refused before any step: the denial names each server and what is missing, nothing reaches the Kea pair, no ISC action runs, one DENIED event")
  void deniedRunsNothing() {
    principal = Principal.withRoles("ivy", BuiltInRole.IPAM_ADMINISTRATORS);
    Cutover cutover = cutover();
    assertThatThrownBy(cutover::runAll).isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("denied: ivy migrate isc-to-kea standby-pair to kea-a and kea-b needs")
        .hasMessageContaining("DHCP administrator")
        .hasMessageContaining("\"Administer DHCP servers\" on server kea-a")
        .hasMessageContaining("\"Administer DHCP servers\" on server kea-b")
        .hasMessageContaining("\"Administer DHCP servers\" on server isc-a")
        .hasMessageContaining("\"Administer DHCP servers\" on server isc-b");
    assertThatThrownBy(() -> cutover.runStep(3)).isInstanceOf(AccessDeniedException.class);
    assertThat(pair.primary().commands()).isEmpty();
    assertThat(pair.secondary().commands()).isEmpty();
    assertThat(events).isEmpty();
    assertThat(audited).extracting(AuditEvent::outcome).containsExactly(AuditEvent.Outcome.DENIED,
        AuditEvent.Outcome.DENIED);
    assertThat(audited.get(0).principal()).isEqualTo("ivy");
    assertThat(audited.get(0).detail()).startsWith("steps 1 to 4 refused, nothing run: denied: ivy");
    assertThat(audited.get(1).detail()).startsWith("step 3 refused, nothing run");
  }

  @Test
  @DisplayName("a successful run is audited step by step: principal, operation with the relationship, the plan's digest, the four servers, SUCCEEDED, the step in the detail")
  void auditedOnSuccess() {
    MigrationPlan again = IscToKea.plan(Pairs.conf("hs", "primary"), Pairs.conf("hs", "secondary"), "standby-pair",
        partner("kea-a", pair.primary()), partner("kea-b", pair.secondary()));
    assertThat(again.digest()).as("the same plan, made again").isEqualTo(plan.digest());
    Cutover cutover = cutover();
    assertThat(cutover.decide().allowed()).isTrue();
    assertThat(cutover.runAll().succeeded()).isTrue();
    assertThat(audited).hasSize(4).allSatisfy(e -> {
      assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.SUCCEEDED);
      assertThat(e.principal()).isEqualTo("ann");
      assertThat(e.operation()).isEqualTo("migrate isc-to-kea standby-pair to kea-a and kea-b");
      assertThat(e.planDigest()).isEqualTo(plan.digest()).matches("[0-9a-f]{64}");
      assertThat(e.servers()).containsExactly(ServerId.of("kea-a"), ServerId.of("kea-b"), ServerId.of("isc-a"),
          ServerId.of("isc-b"));
      assertThat(e.time()).isBeforeOrEqualTo(pair.clock().instant());
    });
    assertThat(audited).extracting(AuditEvent::detail).containsExactly(
        "step 1 (configure the Kea pair while ISC serves) done", "step 2 (load the ISC leases into the Kea pair) done",
        "step 3 (stop ISC on the primary's side (isc-a)) done", "step 4 (stop ISC on the secondary's side (isc-b)) done");
  }

  @Test
  @DisplayName("a failed step is audited ROLLED_BACK with the failure and what was undone; an undo on request ROLLED_BACK too")
  void auditedWhenUndone() {
    pair.secondary().failNextWrite("config-set", "the disk is full");
    cutover().runAll();
    assertThat(audited).extracting(AuditEvent::outcome).containsExactly(AuditEvent.Outcome.ROLLED_BACK);
    assertThat(audited.get(0).detail()).startsWith("step 1 (configure the Kea pair while ISC serves) failed: config-set"
        + " of the plan's configuration on kea-b: ").contains("the disk is full")
        .endsWith("; undone: step 1: restored kea-a's previous configuration");
    audited.clear();
    CutoverRun run = cutover().start();
    run.next();
    run.undo();
    assertThat(audited).extracting(AuditEvent::outcome).containsExactly(AuditEvent.Outcome.SUCCEEDED,
        AuditEvent.Outcome.ROLLED_BACK);
    assertThat(audited.get(1).detail()).isEqualTo("undone on request; undone: step 1: restored kea-b's previous"
        + " configuration, step 1: restored kea-a's previous configuration");
  }
}
