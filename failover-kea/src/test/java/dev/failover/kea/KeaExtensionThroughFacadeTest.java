package dev.failover.kea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.AccessDeniedException;
import dev.failover.Failover;
import dev.failover.errors.ValidationException;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.audit.AuditEvent;
import dev.failover.plan.AddScope;
import dev.failover.plan.CreateRelationship;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.Relationship;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.testkit.contract.FailoverBackendContract;
import dev.failover.testkit.kea.KeaCommandRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Maintenance, ha-sync, ha-scopes and ha-continue reached through the facade: decided and audited, call by call. */
@DisplayName("Kea HA commands through the facade are decided and audited")
class KeaExtensionThroughFacadeTest {

  private static final Principal ADMIN = Principal.withRoles("kea-admin", BuiltInRole.DHCP_ADMINISTRATORS);
  private static final Principal IVAN = Principal.withRoles("ivan", BuiltInRole.IPAM_ADMINISTRATORS);
  private static final List<String> CHANGES = List.of("ha-maintenance-start", "ha-maintenance-cancel", "ha-continue",
      "ha-sync", "ha-scopes");

  private KeaFakeFixture fx;
  private Failover failover;
  private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
  private Relationship r;

  @BeforeEach
  void open() {
    fx = new KeaFakeFixture();
    failover = Failover.builder().inventory(fx.inventory()).backends(fx.backend()).audit(audit::add).build();
    fx.seed(KeaFakeFixture.A, FailoverBackendContract.sampleScope("10.53.0.0/24", 2));
    failover.apply(failover.plan(CreateRelationship.of(fx.relationship("pair", FailoverMode.HOT_STANDBY,
        List.of()))), ADMIN);
    failover.apply(failover.plan(AddScope.of("pair", "10.53.0.0/24")), ADMIN);
    r = failover.relationship("pair");
    fx.pair().advance(Duration.ofSeconds(20));
    audit.clear();
  }

  @AfterEach
  void close() {
    fx.close();
  }

  private Server server(ServerId id) {
    return fx.inventory().require(id);
  }

  private List<String> sent(ServerId id) {
    return fx.fake(id).commands().stream().map(KeaCommandRecord::command).filter(CHANGES::contains).toList();
  }

  @Test
  @DisplayName("a principal who is not a DHCP administrator sends nothing; each refused call is one DENIED event")
  void aDeniedPrincipalChangesNothing() {
    KeaMaintenance kea = failover.extension("kea-b", KeaMaintenance.class, IVAN).orElseThrow();
    String stateBefore = fx.fake(KeaFakeFixture.B).haState().name();
    List<String> scopesBefore = fx.fake(KeaFakeFixture.B).servedScopes();
    assertThatThrownBy(() -> kea.maintenanceStart(server(KeaFakeFixture.B))).isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("DHCP administrator");
    assertThatThrownBy(() -> kea.haScopes(server(KeaFakeFixture.B), r, List.of())).isInstanceOf(
        AccessDeniedException.class);
    assertThatThrownBy(() -> kea.haSync(server(KeaFakeFixture.B), r, Duration.ofSeconds(5))).isInstanceOf(
        AccessDeniedException.class);
    assertThatThrownBy(() -> kea.maintenanceCancel(server(KeaFakeFixture.B))).isInstanceOf(
        AccessDeniedException.class);
    assertThatThrownBy(() -> kea.haContinue(server(KeaFakeFixture.B), r)).isInstanceOf(AccessDeniedException.class);
    assertThat(sent(KeaFakeFixture.B)).isEmpty();
    assertThat(sent(KeaFakeFixture.A)).isEmpty();
    assertThat(fx.fake(KeaFakeFixture.B).haState().name()).isEqualTo(stateBefore);
    assertThat(fx.fake(KeaFakeFixture.B).servedScopes()).isEqualTo(scopesBefore);
    assertThat(audit).hasSize(5).allSatisfy(e -> {
      assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.DENIED);
      assertThat(e.principal()).isEqualTo("ivan");
      assertThat(e.servers()).containsExactly(KeaFakeFixture.B);
    });
    assertThat(audit).extracting(AuditEvent::operation).containsExactly("ha-maintenance-start on kea-b",
        "ha-scopes on kea-b for pair", "ha-sync on kea-b for pair", "ha-maintenance-cancel on kea-b",
        "ha-continue on kea-b for pair");
  }

  @Test
  @DisplayName("a DHCP administrator's calls are sent and each emits one SUCCEEDED event; Kea's refusal is one FAILED event")
  void eachCallIsOneAuditEvent() {
    KeaMaintenance kea = failover.extension("kea-b", KeaMaintenance.class, ADMIN).orElseThrow();
    kea.maintenanceStart(server(KeaFakeFixture.B));
    assertThat(fx.fake(KeaFakeFixture.B).haState().name()).isEqualTo("PARTNER_IN_MAINTENANCE");
    kea.maintenanceCancel(server(KeaFakeFixture.B));
    kea.haScopes(server(KeaFakeFixture.B), r, List.of("kea-a"));
    kea.haSync(server(KeaFakeFixture.B), r, Duration.ofSeconds(30));
    assertThat(sent(KeaFakeFixture.B)).containsExactly("ha-maintenance-start", "ha-maintenance-cancel", "ha-scopes",
        "ha-sync");
    assertThat(audit).hasSize(4).allSatisfy(e -> assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.SUCCEEDED));
    // not in maintenance any more: Kea refuses the cancel, and that is audited too
    assertThatThrownBy(() -> kea.maintenanceCancel(server(KeaFakeFixture.B))).isInstanceOf(
        dev.failover.errors.BackendException.class);
    assertThat(audit).hasSize(5).last().satisfies(e -> {
      assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.FAILED);
      assertThat(e.operation()).isEqualTo("ha-maintenance-cancel on kea-b");
    });
  }

  @Test
  @DisplayName("without a principal the extension refuses every change; it goes only to the server it was asked for")
  void noPrincipalNoChange() {
    KeaMaintenance bare = failover.extension("kea-b", KeaMaintenance.class).orElseThrow();
    assertThatThrownBy(() -> bare.maintenanceStart(server(KeaFakeFixture.B))).isInstanceOf(ValidationException.class)
        .hasMessageContaining("decided and audited");
    KeaMaintenance onB = failover.extension("kea-b", KeaMaintenance.class, ADMIN).orElseThrow();
    assertThatThrownBy(() -> onB.maintenanceStart(server(KeaFakeFixture.A))).isInstanceOf(ValidationException.class)
        .hasMessageContaining("must be kea-b");
    assertThatThrownBy(() -> failover.extension("kea-b", KeaBackend.class, ADMIN)).isInstanceOf(
        ValidationException.class);
    assertThat(sent(KeaFakeFixture.A)).isEmpty();
    assertThat(sent(KeaFakeFixture.B)).isEmpty();
  }
}
