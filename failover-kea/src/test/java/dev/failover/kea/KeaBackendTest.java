package dev.failover.kea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.errors.BackendException;
import dev.failover.errors.ConflictException;
import dev.failover.Failover;
import dev.failover.Progress;
import dev.failover.errors.ValidationException;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.audit.AuditEvent;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.kea.config.Subnet4;
import dev.failover.kea.internal.KeaJson;
import dev.failover.plan.AddScope;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.Plan;
import dev.failover.plan.RemoveScope;
import dev.failover.plan.ScopeChange;
import dev.failover.plan.ScopeFate;
import dev.failover.plan.ImmutableServerPlan;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.Relationship;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.spi.Backends;
import dev.failover.state.CommonState;
import dev.failover.state.FailoverStatus;
import dev.failover.state.KeaHaState;
import dev.failover.testkit.contract.FailoverBackendContract;
import dev.failover.testkit.kea.FakeKeaPair;
import dev.failover.testkit.kea.FakeKeaServer;
import dev.failover.testkit.kea.KeaCommandRecord;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("KeaBackend on the testkit's fake Kea 2.2 pair")
class KeaBackendTest {

  private static final Principal ADMIN = Principal.withRoles("admin", BuiltInRole.DHCP_ADMINISTRATORS);
  private static final String HOOKS = KeaBackend.DEFAULT_HOOKS_DIRECTORY;

  private KeaFakeFixture fx;
  private Failover failover;
  private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open() {
    fx = new KeaFakeFixture();
    failover = Failover.builder().inventory(fx.inventory()).backends(fx.backend()).audit(audit::add).build();
  }

  @AfterEach
  void close() {
    fx.close();
  }

  private Server server(ServerId id) {
    return fx.inventory().require(id);
  }

  private Relationship withScopeOnBoth(String name, String subnet, FailoverMode mode) {
    fx.seed(KeaFakeFixture.A, FailoverBackendContract.sampleScope(subnet, 3));
    failover.apply(failover.plan(CreateRelationship.of(fx.relationship(name, mode, List.of()))), ADMIN);
    failover.apply(failover.plan(AddScope.of(name, subnet)), ADMIN);
    return failover.relationship(name);
  }

  @Test
  @DisplayName("creating a relationship adds libdhcp_lease_cmds.so, then libdhcp_ha.so, from Debian's hook directory")
  void hooksAddedInOrder() {
    failover.apply(failover.plan(CreateRelationship.of(fx.relationship("pair", List.of()))), ADMIN);
    for (ServerId id : List.of(KeaFakeFixture.A, KeaFakeFixture.B)) {
      assertThat(fx.config(id).hooksLibraries()).containsExactly(HOOKS + "/libdhcp_lease_cmds.so",
          HOOKS + "/libdhcp_ha.so");
    }
  }

  @Test
  @DisplayName("hook libraries already configured stay; the HA hook joins them, after lease_cmds, in their directory")
  void hooksJoinExistingOnes() {
    Dhcp4Config a = fx.config(KeaFakeFixture.A);
    ObjectNode dhcp4 = a.dhcp4();
    ArrayNode hooks = dhcp4.putArray("hooks-libraries");
    hooks.addObject().put("library", "/opt/kea/lib/hooks/libdhcp_stat_cmds.so");
    hooks.addObject().put("library", "/opt/kea/lib/hooks/libdhcp_lease_cmds.so").putObject("parameters")
        .put("kept", true);
    fx.set(KeaFakeFixture.A, Dhcp4Config.ofDhcp4(dhcp4));
    failover.apply(failover.plan(CreateRelationship.of(fx.relationship("pair", List.of()))), ADMIN);
    Dhcp4Config after = fx.config(KeaFakeFixture.A);
    assertThat(after.hooksLibraries()).containsExactly("/opt/kea/lib/hooks/libdhcp_stat_cmds.so",
        "/opt/kea/lib/hooks/libdhcp_lease_cmds.so", "/opt/kea/lib/hooks/libdhcp_ha.so");
    assertThat(after.dhcp4().path("hooks-libraries").get(1).path("parameters").path("kept").asBoolean()).isTrue();
  }

  @Test
  @DisplayName("per-server fields stay as each server has them; this-server-name differs, the peers are the same")
  void perServerFieldsUntouched() {
    Map<ServerId, ObjectNode> before = Map.of(KeaFakeFixture.A, rest(fx.config(KeaFakeFixture.A)),
        KeaFakeFixture.B, rest(fx.config(KeaFakeFixture.B)));
    assertThat(before.get(KeaFakeFixture.A).path("control-socket"))
        .isNotEqualTo(before.get(KeaFakeFixture.B).path("control-socket"));
    withScopeOnBoth("pair", "10.40.0.0/24", FailoverMode.HOT_STANDBY);
    for (ServerId id : before.keySet()) {
      assertThat(rest(fx.config(id))).isEqualTo(before.get(id));
    }
    JsonNode a = fx.config(KeaFakeFixture.A).highAvailability().get(0);
    JsonNode b = fx.config(KeaFakeFixture.B).highAvailability().get(0);
    assertThat(a.path("this-server-name").asText()).isEqualTo("kea-a");
    assertThat(b.path("this-server-name").asText()).isEqualTo("kea-b");
    assertThat(a.path("peers")).isEqualTo(b.path("peers"));
    // replication keeps subnets identical, ids included, and both name the relationship
    Subnet subnet = Subnet.parse("10.40.0.0/24");
    assertThat(fx.config(KeaFakeFixture.A).scope(subnet)).isEqualTo(fx.config(KeaFakeFixture.B).scope(subnet));
    assertThat(fx.config(KeaFakeFixture.B).subnet(subnet).orElseThrow().id()).hasValue(1);
    assertThat(fx.config(KeaFakeFixture.A).subnet(subnet).orElseThrow().haServerName()).contains("kea-a");
    assertThat(fx.config(KeaFakeFixture.B).subnet(subnet).orElseThrow().haServerName()).contains("kea-a");
  }

  /** The configuration without what a relationship and its scopes change. */
  private static ObjectNode rest(Dhcp4Config config) {
    ObjectNode dhcp4 = config.dhcp4();
    dhcp4.remove("hooks-libraries");
    dhcp4.remove("subnet4");
    return dhcp4;
  }

  @Test
  @DisplayName("a stale fingerprint is a conflict, and nothing is written")
  void staleFingerprint() {
    fx.seed(KeaFakeFixture.A, FailoverBackendContract.sampleScope("10.41.0.0/24", 1));
    ServerState state = fx.backend().read(server(KeaFakeFixture.A), fx.inventory());
    ServerPlan part = ImmutableServerPlan.builder().server(KeaFakeFixture.A).vendor(Vendor.KEA).fingerprint(state.fingerprint())
        .addChange(ScopeChange.delete(state.scope(Subnet.parse("10.41.0.0/24")).orElseThrow())).build();
    fx.seed(KeaFakeFixture.A, FailoverBackendContract.sampleScope("10.42.0.0/24", 1));
    int writes = fx.fake(KeaFakeFixture.A).writes().size();
    assertThatThrownBy(() -> fx.backend().apply(server(KeaFakeFixture.A), part, p -> { }))
        .isInstanceOf(ConflictException.class).hasMessageContaining(state.fingerprint().substring(0, 12));
    assertThat(fx.fake(KeaFakeFixture.A).writes()).hasSize(writes);
    assertThat(fx.config(KeaFakeFixture.A).subnet(Subnet.parse("10.41.0.0/24"))).isPresent();
  }

  @Test
  @DisplayName("2,000 subnets are written with one config-test, one config-set and one config-write")
  void oneRequestPerCommand() {
    List<Scope> scopes = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      scopes.add(FailoverBackendContract.sampleScope("10." + (100 + i / 250) + "." + (i % 250) + ".0/24", 1));
    }
    fx.seedAll(KeaFakeFixture.A, scopes);
    FakeKeaServer b = fx.fake(KeaFakeFixture.B);
    Plan plan = failover.plan(CreateRelationship.of(fx.relationship("big",
        scopes.stream().map(Scope::subnet).toList())));
    ServerPlan part = plan.part(KeaFakeFixture.B).orElseThrow();
    assertThat(part.changes()).hasSize(2001);
    int from = b.commands().size();
    List<Progress> progress = new ArrayList<>();
    fx.backend().apply(server(KeaFakeFixture.B), part, progress::add);
    assertThat(b.commands().subList(from, b.commands().size())).extracting(KeaCommandRecord::command)
        .containsExactly("config-test", "config-get", "config-set", "config-write", "config-get");
    assertThat(progress).hasSize(2000).allSatisfy(p -> assertThat(p.phase()).isEqualTo(Progress.Phase.APPLY));
    assertThat(progress.get(1999).done()).isEqualTo(2000);
    assertThat(progress.get(1999).total()).isEqualTo(2000);
    assertThat(fx.config(KeaFakeFixture.B).scopes()).hasSize(2000);
    assertThat(fx.config(KeaFakeFixture.B).haServerNames()).hasSize(2000).containsValue("kea-a");
  }

  @Test
  @DisplayName("through the facade, a two-server plan: the first server 5 requests, the second 6 (read before the first changes)")
  void facadeSequence() {
    List<Scope> scopes = List.of(FailoverBackendContract.sampleScope("10.60.0.0/24", 1),
        FailoverBackendContract.sampleScope("10.61.0.0/24", 1));
    fx.seedAll(KeaFakeFixture.A, scopes);
    FakeKeaServer a = fx.fake(KeaFakeFixture.A);
    FakeKeaServer b = fx.fake(KeaFakeFixture.B);
    int fromA = a.commands().size();
    int fromB = b.commands().size();
    Plan plan = failover.plan(CreateRelationship.of(fx.relationship("pair", scopes.stream().map(Scope::subnet).toList())));
    assertThat(commands(a, fromA)).containsExactly("version-get", "config-get");   // the channel, once; planning
    assertThat(commands(b, fromB)).containsExactly("version-get", "config-get");
    fromA = a.commands().size();
    fromB = b.commands().size();
    failover.apply(plan, ADMIN);
    assertThat(commands(a, fromA)).containsExactly(
        "config-test",                                                      // check, over the planning read
        "config-get", "config-set", "config-write", "config-get");          // apply: guard, set, write, read back
    assertThat(commands(b, fromB)).containsExactly(
        "config-get", "config-test",                                        // read before kea-a changes, check
        "config-get", "config-set", "config-write", "config-get");          // apply
    assertThat(audit).extracting(AuditEvent::outcome).containsExactly(AuditEvent.Outcome.SUCCEEDED);
  }

  @Test
  @DisplayName("a replication: planning one config-get per partner; applying touches only the destination, 5 requests")
  void replicationRequestCount() {
    withScopeOnBoth("pair", "10.62.0.0/24", FailoverMode.HOT_STANDBY);
    fx.seed(KeaFakeFixture.B, FailoverBackendContract.sampleScope("10.62.0.0/24", 4));   // kea-b drifts
    FakeKeaServer a = fx.fake(KeaFakeFixture.A);
    FakeKeaServer b = fx.fake(KeaFakeFixture.B);
    int fromA = a.commands().size();
    int fromB = b.commands().size();
    Plan plan = failover.plan(dev.failover.plan.Replicate.relationship("pair").from("kea-a"));
    assertThat(plan.servers()).extracting(ServerPlan::server).containsExactly(KeaFakeFixture.B);
    assertThat(commands(a, fromA)).containsExactly("config-get");
    assertThat(commands(b, fromB)).containsExactly("config-get");
    fromA = a.commands().size();
    fromB = b.commands().size();
    List<Progress.Phase> phases = new ArrayList<>();
    List<Integer> at = new ArrayList<>();
    failover.apply(plan, ADMIN, p -> {
      phases.add(p.phase());
      at.add(b.commands().size());
    });
    assertThat(commands(a, fromA)).as("the source is not asked anything").isEmpty();
    assertThat(commands(b, fromB)).containsExactly("config-test", "config-get", "config-set", "config-write",
        "config-get");
    // per phase: check = config-test; apply = guard, set, write, read back; verify = nothing more
    assertThat(at.get(phases.indexOf(Progress.Phase.CHECK))).isEqualTo(fromB);
    assertThat(at.get(phases.lastIndexOf(Progress.Phase.CHECK))).isEqualTo(fromB + 1);
    assertThat(at.get(phases.indexOf(Progress.Phase.VERIFY))).isEqualTo(fromB + 5);
    assertThat(at.get(phases.lastIndexOf(Progress.Phase.DONE))).isEqualTo(fromB + 5);
    assertThat(failover.drift("pair").isEmpty()).isTrue();
    assertThat(audit).extracting(AuditEvent::outcome).containsOnly(AuditEvent.Outcome.SUCCEEDED);
  }

  @Test
  @DisplayName("a replication whose destination changed after planning: its own guard finds it, CONFLICT, nothing set")
  void replicationStaleDestination() {
    withScopeOnBoth("pair", "10.63.0.0/24", FailoverMode.HOT_STANDBY);
    fx.seed(KeaFakeFixture.B, FailoverBackendContract.sampleScope("10.63.0.0/24", 4));
    Plan plan = failover.plan(dev.failover.plan.Replicate.relationship("pair").from("kea-a"));
    fx.seed(KeaFakeFixture.B, FailoverBackendContract.sampleScope("10.63.0.0/24", 6));   // behind the SDK's back
    Dhcp4Config meanwhile = fx.config(KeaFakeFixture.B);
    FakeKeaServer b = fx.fake(KeaFakeFixture.B);
    int from = b.commands().size();
    audit.clear();
    assertThatThrownBy(() -> failover.apply(plan, ADMIN)).isInstanceOf(ConflictException.class);
    assertThat(commands(b, from)).containsExactly("config-test", "config-get");
    assertThat(fx.config(KeaFakeFixture.B)).isEqualTo(meanwhile);
    assertThat(audit).extracting(AuditEvent::outcome).containsExactly(AuditEvent.Outcome.CONFLICT);
  }

  @Test
  @DisplayName("a plan made elsewhere (no read remembered) costs the destination one config-get more")
  void planFromElsewhere() {
    withScopeOnBoth("pair", "10.64.0.0/24", FailoverMode.HOT_STANDBY);
    fx.seed(KeaFakeFixture.B, FailoverBackendContract.sampleScope("10.64.0.0/24", 4));
    Plan plan = failover.plan(dev.failover.plan.Replicate.relationship("pair").from("kea-a"));
    Plan copy = dev.failover.json.FailoverJson.read(dev.failover.json.FailoverJson.write(plan), Plan.class);
    Failover other = Failover.builder().inventory(fx.inventory()).backends(new KeaBackend()).build();
    FakeKeaServer b = fx.fake(KeaFakeFixture.B);
    int from = b.commands().size();
    other.apply(copy, ADMIN);
    assertThat(commands(b, from)).containsExactly("version-get", "config-get", "config-test", "config-get",
        "config-set", "config-write", "config-get");
    assertThat(failover.drift("pair").isEmpty()).isTrue();
  }

  private static List<String> commands(FakeKeaServer fake, int from) {
    return fake.commands().subList(from, fake.commands().size()).stream().map(KeaCommandRecord::command).toList();
  }

  @Test
  @DisplayName("the relationships alone (what status reads) are the state's relationships, from one config-get; a disabled copy is left out of both")
  void relationshipsAlone() {
    withScopeOnBoth("pair", "10.46.0.0/24", FailoverMode.HOT_STANDBY);
    fx.seed(KeaFakeFixture.A, FailoverBackendContract.sampleScope("10.47.0.0/24", 2));
    for (ServerId id : List.of(KeaFakeFixture.A, KeaFakeFixture.B)) {
      FakeKeaServer fake = fx.fake(id);
      int from = fake.commands().size();
      List<Relationship> alone = fx.backend().relationships(server(id), fx.inventory());
      assertThat(commands(fake, from)).containsExactly("config-get");
      assertThat(alone).hasSize(1).isEqualTo(fx.backend().read(server(id), fx.inventory()).relationships());
      assertThat(alone.get(0).scopes()).contains(Subnet.parse("10.46.0.0/24"));
    }
    failover.apply(failover.plan(RemoveScope.of("pair", "10.46.0.0/24", "kea-a", ScopeFate.DISABLE)), ADMIN);
    List<Relationship> onB = fx.backend().relationships(server(KeaFakeFixture.B), fx.inventory());
    assertThat(onB).isEqualTo(fx.backend().read(server(KeaFakeFixture.B), fx.inventory()).relationships());
    assertThat(onB.get(0).scopes()).isEmpty();
  }

  @Test
  @DisplayName("a disabled copy serves nobody, keeps its contents, and re-enabling restores its entry exactly")
  void disableAndEnable() {
    withScopeOnBoth("pair", "10.43.0.0/24", FailoverMode.HOT_STANDBY);
    Subnet subnet = Subnet.parse("10.43.0.0/24");
    ObjectNode before = fx.config(KeaFakeFixture.B).subnet(subnet).orElseThrow().json();
    failover.apply(failover.plan(RemoveScope.of("pair", "10.43.0.0/24", "kea-a", ScopeFate.DISABLE)), ADMIN);
    Subnet4 disabled = fx.config(KeaFakeFixture.B).subnet(subnet).orElseThrow();
    assertThat(disabled.disabled()).isTrue();
    assertThat(disabled.json().path("client-class").asText()).isEqualTo(Subnet4.DISABLED_CLASS);
    assertThat(disabled.json().path("pools")).isEqualTo(before.path("pools"));
    assertThat(disabled.json().path("reservations")).isEqualTo(before.path("reservations"));
    ServerState b = fx.backend().read(server(KeaFakeFixture.B), fx.inventory());
    assertThat(b.scope(subnet).orElseThrow().enabled()).isFalse();
    assertThat(b.relationships().get(0).scopes()).doesNotContain(subnet);
    assertThat(fx.config(KeaFakeFixture.A).subnet(subnet).orElseThrow().disabled()).isFalse();
    failover.apply(failover.plan(AddScope.of("pair", "10.43.0.0/24")), ADMIN);
    assertThat(fx.config(KeaFakeFixture.B).subnet(subnet).orElseThrow().json()).isEqualTo(before);
  }

  @Test
  @DisplayName("a failure on the second server restores the first (the facade applies the inverse)")
  void secondServerFailureRestoresFirst() {
    fx.seed(KeaFakeFixture.A, FailoverBackendContract.sampleScope("10.44.0.0/24", 1));
    Dhcp4Config aBefore = fx.config(KeaFakeFixture.A);
    fx.fake(KeaFakeFixture.B).failNextWrite("config-set", "injected: the server refused");
    Plan plan = failover.plan(CreateRelationship.of(fx.relationship("pair", List.of(Subnet.parse("10.44.0.0/24")))));
    assertThatThrownBy(() -> failover.apply(plan, ADMIN)).isInstanceOfSatisfying(BackendException.class,
        e -> assertThat(e.serverMessage()).isEqualTo("injected: the server refused"));
    assertThat(fx.config(KeaFakeFixture.A).highAvailability()).isEmpty();
    assertThat(fx.config(KeaFakeFixture.A).scopes()).isEqualTo(aBefore.scopes());
    assertThat(fx.config(KeaFakeFixture.B).scopes()).isEmpty();
    assertThat(audit).extracting(AuditEvent::outcome).containsExactly(AuditEvent.Outcome.ROLLED_BACK);
  }

  @Test
  @DisplayName("when config-write fails after config-set, the previous configuration is set again")
  void configWriteFailureRestores() {
    fx.seed(KeaFakeFixture.A, FailoverBackendContract.sampleScope("10.45.0.0/24", 1));
    Dhcp4Config before = fx.config(KeaFakeFixture.A);
    ServerState state = fx.backend().read(server(KeaFakeFixture.A), fx.inventory());
    ServerPlan part = ImmutableServerPlan.builder().server(KeaFakeFixture.A).vendor(Vendor.KEA).fingerprint(state.fingerprint())
        .addChange(ScopeChange.delete(state.scope(Subnet.parse("10.45.0.0/24")).orElseThrow())).build();
    fx.fake(KeaFakeFixture.A).failNextWrite("config-write", "Unable to open file /etc/kea/kea-dhcp4.conf for writing");
    assertThatThrownBy(() -> fx.backend().apply(server(KeaFakeFixture.A), part, p -> { }))
        .isInstanceOfSatisfying(BackendException.class, e -> {
          assertThat(e.serverMessage()).startsWith("Unable to open file /etc/kea/kea-dhcp4.conf for writing")
              .contains("the previous configuration was set again");
          assertThat(e.kind()).isEqualTo(BackendException.Kind.REJECTED);
        });
    assertThat(fx.config(KeaFakeFixture.A)).isEqualTo(before);
  }

  @Test
  @DisplayName("a scope without an id is refused before anything is sent, with a free id suggested")
  void scopeWithoutId() {
    ServerState state = fx.backend().read(server(KeaFakeFixture.A), fx.inventory());
    ServerPlan part = ImmutableServerPlan.builder().server(KeaFakeFixture.A).vendor(Vendor.KEA).fingerprint(state.fingerprint())
        .addChange(ScopeChange.create(FailoverBackendContract.sampleScope("10.46.0.0/24", 1))).build();
    int writes = fx.fake(KeaFakeFixture.A).commands().size();
    assertThatThrownBy(() -> fx.backend().check(server(KeaFakeFixture.A), part))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage())
            .contains("10.46.0.0/24").contains("properties.id").contains("an id free on kea-a is 1"));
    assertThat(fx.fake(KeaFakeFixture.A).commands().subList(writes, fx.fake(KeaFakeFixture.A).commands().size()))
        .as("the configuration just read is not asked for again, and nothing is sent").isEmpty();
  }

  @Test
  @DisplayName("status maps Kea's states and details; both servers reach hot-standby on the fake's clock")
  void status() {
    Relationship r = withScopeOnBoth("pair", "10.47.0.0/24", FailoverMode.HOT_STANDBY);
    fx.pair().advance(Duration.ofSeconds(20));
    List<FailoverStatus> status = failover.status("pair");
    assertThat(status).extracting(FailoverStatus::server).containsExactly(KeaFakeFixture.A, KeaFakeFixture.B);
    assertThat(status).allSatisfy(s -> {
      assertThat(s.local()).isEqualTo(KeaHaState.HOT_STANDBY);
      assertThat(s.partner()).contains(KeaHaState.HOT_STANDBY);
      assertThat(s.localCommon()).isEqualTo(CommonState.NORMAL);
      assertThat(s.lastContact()).isPresent();
      assertThat(s.details()).containsEntry("ha-mode", "hot-standby").containsEntry("in-touch", "true")
          .containsKeys("unsent-update-count", "age", "unacked-clients", "communication-interrupted");
    });
    assertThat(status.get(0).details()).containsEntry("role", "primary").containsEntry("scopes", "kea-a");
    assertThat(status.get(1).details()).containsEntry("role", "standby").containsEntry("scopes", "");
    assertThat(r.name().value()).isEqualTo("pair");
  }

  @Test
  @DisplayName("load balancing: both servers reach load-balancing, each serving its own scope")
  void loadBalancingStatus() {
    withScopeOnBoth("lb", "10.48.0.0/24", FailoverMode.LOAD_BALANCING);
    fx.pair().advance(Duration.ofSeconds(20));
    List<FailoverStatus> status = failover.status("lb");
    assertThat(status).extracting(FailoverStatus::local).containsOnly(KeaHaState.LOAD_BALANCING);
    assertThat(status.get(0).details()).containsEntry("scopes", "kea-a");
    assertThat(status.get(1).details()).containsEntry("scopes", "kea-b");
    // the planner split the pool between the two servers' classes; Kea's JSON carries them
    for (ServerId id : List.of(KeaFakeFixture.A, KeaFakeFixture.B)) {
      assertThat(fx.config(id).subnet(Subnet.parse("10.48.0.0/24")).orElseThrow().json().path("pools").toString())
          .isEqualTo("[{\"client-class\":\"HA_kea-a\",\"option-data\":[],\"pool\":\"10.48.0.100-10.48.0.149\"},"
              + "{\"client-class\":\"HA_kea-b\",\"option-data\":[],\"pool\":\"10.48.0.150-10.48.0.200\"}]");
    }
  }

  @Test
  @DisplayName("partner-down: refused while the partner answers, with nothing sent that changes either server")
  void partnerDownRefusedWhilePartnerAnswers() {
    withScopeOnBoth("pair", "10.49.0.0/24", FailoverMode.HOT_STANDBY);
    fx.pair().advance(Duration.ofSeconds(20));
    assertThatThrownBy(() -> failover.partnerDown("pair", "kea-a", ADMIN)).isInstanceOfSatisfying(
        BackendException.class, e -> {
          assertThat(e.kind()).isEqualTo(BackendException.Kind.REJECTED);
          assertThat(e.serverCode()).contains("partner-reachable");
          assertThat(e.serverMessage()).contains("kea-b still answers kea-a", "nothing was sent",
              "failover maintenance start");
        });
    assertThat(fx.fake(KeaFakeFixture.A).commands()).noneMatch(c -> c.command().startsWith("ha-maintenance"));
    assertThat(fx.fake(KeaFakeFixture.B).commands()).noneMatch(c -> c.command().startsWith("ha-maintenance"));
    assertThat(fx.fake(KeaFakeFixture.A).haState()).isEqualTo(KeaHaState.HOT_STANDBY);
    assertThat(fx.fake(KeaFakeFixture.B).haState()).isEqualTo(KeaHaState.HOT_STANDBY);
  }

  @Test
  @DisplayName("partner-down: with the partner unreachable, ha-maintenance-start moves the server there at once")
  void partnerDownWhenPartnerUnreachable() {
    withScopeOnBoth("pair", "10.50.0.0/24", FailoverMode.HOT_STANDBY);
    fx.pair().advance(Duration.ofSeconds(20));
    fx.fake(KeaFakeFixture.B).makePartnerUnreachable();
    // kea-b's next heartbeat goes unanswered: it sees its partner unavailable
    fx.pair().advance(Duration.ofSeconds(1));
    assertThat(fx.fake(KeaFakeFixture.A).haState()).isEqualTo(KeaHaState.HOT_STANDBY);
    failover.partnerDown("pair", "kea-b", ADMIN);
    assertThat(fx.fake(KeaFakeFixture.B).haState()).isEqualTo(KeaHaState.PARTNER_DOWN);
    FailoverStatus b = failover.status("pair").get(1);
    assertThat(b.local()).isEqualTo(KeaHaState.PARTNER_DOWN);
    assertThat(b.partner()).contains(KeaHaState.UNAVAILABLE);
    // already there: nothing more to do
    failover.partnerDown("pair", "kea-b", ADMIN);
    assertThat(fx.fake(KeaFakeFixture.B).haState()).isEqualTo(KeaHaState.PARTNER_DOWN);
  }

  @Test
  @DisplayName("KeaMaintenance is the backend's extension: maintenance start and cancel")
  void maintenanceExtension() {
    Relationship r = withScopeOnBoth("pair", "10.51.0.0/24", FailoverMode.HOT_STANDBY);
    fx.pair().advance(Duration.ofSeconds(20));
    KeaMaintenance kea = failover.extension("kea-b", KeaMaintenance.class, ADMIN).orElseThrow();
    assertThat(kea.maintenanceStart(server(KeaFakeFixture.B)).text()).hasValueSatisfying(t ->
        assertThat(t).contains("partner-in-maintenance"));
    assertThat(fx.fake(KeaFakeFixture.B).haState()).isEqualTo(KeaHaState.PARTNER_IN_MAINTENANCE);
    assertThat(fx.fake(KeaFakeFixture.A).haState()).isEqualTo(KeaHaState.IN_MAINTENANCE);
    assertThat(failover.status("pair").get(0).localCommon()).isEqualTo(CommonState.MAINTENANCE);
    kea.maintenanceCancel(server(KeaFakeFixture.B));
    assertThat(fx.fake(KeaFakeFixture.B).haState()).isEqualTo(KeaHaState.HOT_STANDBY);
    KeaMaintenance onA = failover.extension("kea-a", KeaMaintenance.class, ADMIN).orElseThrow();
    assertThat(onA.haContinue(server(KeaFakeFixture.A), r).text()).contains("HA state machine is not paused.");
    assertThat(kea.haScopes(server(KeaFakeFixture.B), r, List.of("kea-a")).isSuccess()).isTrue();
    assertThat(fx.fake(KeaFakeFixture.B).servedScopes()).containsExactly("kea-a");
    assertThat(kea.haSync(server(KeaFakeFixture.B), r, Duration.ofSeconds(30)).isSuccess()).isTrue();
    List<KeaCommandRecord> sync = fx.fake(KeaFakeFixture.B).commands().stream()
        .filter(c -> c.command().equals("ha-sync")).toList();
    assertThat(sync).hasSize(1);
    assertThat(sync.get(0).arguments().orElseThrow().path("server-name").asText()).isEqualTo("kea-a");
    assertThat(sync.get(0).arguments().orElseThrow().path("max-period").asLong()).isEqualTo(30);
  }

  @Test
  @DisplayName("a hostile relationship name is written as JSON text and read back exactly")
  void hostileName() {
    String name = "x\"; }, \"subnet4\": [], \"hooks-libraries\": [{\"library\": \"/tmp/evil.so\"}], \"";
    fx.seed(KeaFakeFixture.A, FailoverBackendContract.sampleScope("10.52.0.0/24", 1));
    failover.apply(failover.plan(CreateRelationship.of(fx.relationship(name,
        List.of(Subnet.parse("10.52.0.0/24"))))), ADMIN);
    assertThat(failover.relationship(name).name().value()).isEqualTo(name);
    for (ServerId id : List.of(KeaFakeFixture.A, KeaFakeFixture.B)) {
      Dhcp4Config config = fx.config(id);
      assertThat(config.hooksLibraries()).containsExactly(HOOKS + "/libdhcp_lease_cmds.so", HOOKS + "/libdhcp_ha.so");
      assertThat(config.scopes()).extracting(Scope::subnet).containsExactly(Subnet.parse("10.52.0.0/24"));
    }
  }

  @Test
  @DisplayName("the provider is found with ServiceLoader and serves Kea")
  void serviceLoader() {
    assertThat(Backends.discover(KeaBackend.class.getClassLoader()).require(Vendor.KEA)).isInstanceOf(KeaBackend.class);
    assertThat(new KeaBackendProvider().vendor()).isEqualTo(Vendor.KEA);
  }

  @Test
  @DisplayName("unknown or malformed connection options are refused, each named")
  void badOptions() {
    Server bad = Server.builder().id(ServerId.of("x")).vendor(Vendor.KEA).address("127.0.0.1")
        .endpoint(URI.create("http://127.0.0.1:1/"))
        .options(Map.of("tls-cert", "/c.pem", "request-timeout", "soon", "colour", "red")).build();
    assertThatThrownBy(() -> KeaServerOptions.client(bad)).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.violations()).extracting(v -> v.field()).containsExactlyInAnyOrder("options.colour",
            "options.tls-cert", "options.tls-ca", "options.request-timeout"));
  }

  @Test
  @DisplayName("a hand-made pair reads as one relationship named after its primary peer, covering every subnet")
  void handMadePair() {
    try (FakeKeaPair pair = FakeKeaPair.hotStandby().withScope("10.1.0.0/24", "10.1.0.100-10.1.0.200")
        .withScope("10.2.0.0/24").start()) {
      Inventory inventory = Inventory.of(
          Server.builder().id(ServerId.of("dhcp-1")).vendor(Vendor.KEA).address("127.0.0.1")
              .endpoint(pair.primary().url()).build(),
          // no endpoint match: found by its id, equal to the peer name
          Server.builder().id(ServerId.of("server2")).vendor(Vendor.KEA).address("192.0.2.9")
              .endpoint(URI.create("http://192.0.2.9:8000/")).build());
      ServerState state = fx.backend().read(inventory.require("dhcp-1"), inventory);
      assertThat(state.relationships()).hasSize(1);
      Relationship r = state.relationships().get(0);
      assertThat(r.name().value()).isEqualTo("server1");
      assertThat(r.primary()).isEqualTo(ServerId.of("dhcp-1"));
      assertThat(r.secondary()).isEqualTo(ServerId.of("server2"));
      assertThat(r.scopes()).containsExactly(Subnet.parse("10.1.0.0/24"), Subnet.parse("10.2.0.0/24"));
      assertThat(r.mode()).isEqualTo(FailoverMode.HOT_STANDBY);
    }
  }

  @Test
  @DisplayName("a peer that matches no server of the inventory is an error naming the peer")
  void unknownPeer() {
    try (FakeKeaPair pair = FakeKeaPair.hotStandby().serverNames("alpha", "stranger").start()) {
      Inventory inventory = Inventory.of(Server.builder().id(ServerId.of("dhcp-1")).vendor(Vendor.KEA)
          .address("127.0.0.1").endpoint(pair.primary().url()).build());
      assertThatThrownBy(() -> fx.backend().read(inventory.require("dhcp-1"), inventory))
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage())
              .contains("\"stranger\"").contains("must match a server of the inventory"));
    }
  }
}
