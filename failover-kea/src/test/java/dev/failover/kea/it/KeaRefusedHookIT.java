package dev.failover.kea.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.BackendException;
import dev.failover.errors.ValidationException;
import dev.failover.plan.Planner;
import dev.failover.plan.Replicate;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.plan.Warning;
import dev.failover.ProgressListener;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Scope;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.spi.FailoverBackend;
import dev.failover.server.Vendor;
import dev.failover.state.FailoverStatus;
import dev.failover.Failover;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.kea.client.KeaClient;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.ModifyRelationship;
import dev.failover.plan.Plan;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.Relationship;
import dev.failover.scope.Subnet;
import dev.failover.testkit.contract.FailoverBackendContract;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A configuration whose HA parameters Kea 2.2's hook refuses, sent through the facade to a real
 * pair: {@code config-test} does not load hooks and passes it, {@code config-set} fails with "One
 * or more hook libraries failed to load", and Kea then runs its old configuration with no hook at
 * all ({@code DHCP4_CONFIG_UNRECOVERABLE_ERROR}). The TLS files of an HA entry are read by the
 * hook on the server when it loads, so no check on the SDK's side can see that they are missing.
 */
@DisplayName("a configuration the real Kea 2.2 HA hook refuses")
class KeaRefusedHookIT {

  private static final Principal ADMIN = Principal.withRoles("it-admin", BuiltInRole.DHCP_ADMINISTRATORS);

  private RealKeaFixture fx;
  private Failover failover;

  @BeforeEach
  void start() {
    fx = new RealKeaFixture();
    failover = Failover.builder().inventory(fx.inventory()).backends(fx.backend()).build();
  }

  @AfterEach
  void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  @DisplayName("TLS files missing on the server: the apply fails, and kea-a is back on its last good configuration with its HA hook")
  void hooksComeBackAfterARefusedHaConfiguration() {
    fx.seed(RealKeaFixture.A, FailoverBackendContract.sampleScope("10.91.0.0/24", 2));
    Relationship r = fx.relationship("pair", List.of(Subnet.parse("10.91.0.0/24")));
    failover.apply(failover.plan(CreateRelationship.of(r)), ADMIN);
    fx.pair().awaitState(1, "hot-standby", RealKeaPair.STATE_TIMEOUT);
    String before = fx.client(RealKeaFixture.A).configGet().fingerprint();

    String missing = fx.pair().dir().resolve("no-such-dir").toString();
    KeaHaSettings kea = (KeaHaSettings) r.settings();
    Relationship tls = Relationship.builder().from(r).settings(KeaHaSettings.builder().from(kea)
        .trustAnchor(missing + "/ca.pem").certFile(missing + "/cert.pem").keyFile(missing + "/key.pem").build()).build();
    Plan plan = failover.plan(ModifyRelationship.of(tls));

    assertThatThrownBy(() -> failover.apply(plan, ADMIN)).isInstanceOfSatisfying(BackendException.class, e -> {
      assertThat(e.server()).isEqualTo("kea-a");
      assertThat(e.serverMessage()).contains("One or more hook libraries failed to load")
          .contains("without any hook library").contains("previous configuration was set again");
    });

    KeaClient a = fx.client(RealKeaFixture.A);
    // the HA hook answers again (Kea 2.2 answers "'ha-heartbeat' command not supported" without it)
    assertThat(a.haHeartbeat().state()).isNotEmpty();
    assertThat(a.statusGet().highAvailability()).hasSize(1);
    assertThat(a.configGet().fingerprint()).isEqualTo(before);
    fx.pair().awaitState(1, "hot-standby", RealKeaPair.STATE_TIMEOUT);
  }

  /** The scope kea-a would hold if it ran a Kea that takes an option limited to a class (2.7.4 and later). */
  private Scope withClassOption(Subnet subnet) {
    Scope onA = failover.state("kea-a").scope(subnet).orElseThrow();
    return Scope.builder().from(onA).addOption(OptionValue.builder().code(6).value("10.92.0.53").userClass("voip")
        .build()).build();
  }

  @Test
  @DisplayName("a scope whose option is for a user class, replicated to Kea 2.2 from a newer source: refused while planning, named")
  void optionForAUserClassRefusedWhilePlanning() {
    Subnet subnet = Subnet.parse("10.92.0.0/24");
    fx.seed(RealKeaFixture.A, FailoverBackendContract.sampleScope(subnet.toString(), 2));
    failover.apply(failover.plan(CreateRelationship.of(fx.relationship("pair", List.of(subnet)))), ADMIN);
    Scope newer = withClassOption(subnet);
    String before = fx.client(RealKeaFixture.B).configGet().fingerprint();
    Failover upgraded = Failover.builder().inventory(fx.inventory())
        .backends(new NewerSource(fx.backend(), RealKeaFixture.A, newer)).build();

    assertThatThrownBy(() -> upgraded.plan(Replicate.scope(subnet.toString()).from("kea-a")))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).singleElement()
            .satisfies(v -> {
              assertThat(v.field()).isEqualTo("kea-b: scope 10.92.0.0/24");
              assertThat(v.value()).contains("option 6").contains("voip");
              assertThat(v.rule()).contains("runs Kea 2.2.0").contains("Kea 2.7.4");
            }));
    assertThat(fx.client(RealKeaFixture.B).configGet().fingerprint()).isEqualTo(before);
  }

  @Test
  @DisplayName("the same plan made without the review is refused at check with the SDK's words, before config-test")
  void optionForAUserClassRefusedBeforeConfigTest() {
    Subnet subnet = Subnet.parse("10.93.0.0/24");
    fx.seed(RealKeaFixture.A, FailoverBackendContract.sampleScope(subnet.toString(), 2));
    failover.apply(failover.plan(CreateRelationship.of(fx.relationship("pair", List.of(subnet)))), ADMIN);
    Scope newer = withClassOption(subnet);
    ServerState a = failover.state("kea-a");
    ServerState asNewer = ServerState.builder().from(a).scopes(List.of(newer)).build();
    Plan plan = Planner.plan(Replicate.scope(subnet.toString()).from("kea-a"), fx.inventory(),
        id -> id.equals(RealKeaFixture.A) ? asNewer : failover.state(id));
    String before = fx.client(RealKeaFixture.B).configGet().fingerprint();
    // Kea 2.2's own word would be "spurious 'client-classes' parameter" from config-test
    assertThatThrownBy(() -> failover.apply(plan, ADMIN)).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.getMessage()).contains("scope 10.93.0.0/24").contains("voip").contains("Kea 2.7.4"));
    assertThat(fx.client(RealKeaFixture.B).configGet().fingerprint()).isEqualTo(before);
  }

  /**
   * The Kea backend, except that reading {@code source} gives it {@code scope}: kea-a as a newer
   * Kea would hold it. Everything else (kea-b's reading, review, check, apply) is the real backend
   * against the real server.
   */
  private record NewerSource(FailoverBackend kea, ServerId source, Scope scope) implements FailoverBackend {
    @Override
    public Vendor vendor() {
      return kea.vendor();
    }

    @Override
    public ServerState read(Server server, Inventory inventory) {
      ServerState s = kea.read(server, inventory);
      if (!server.id().equals(source)) {
        return s;
      }
      List<Scope> scopes = new java.util.ArrayList<>(s.scopes());
      scopes.replaceAll(x -> x.subnet().equals(scope.subnet()) ? scope : x);
      return ServerState.builder().from(s).scopes(scopes).build();
    }

    @Override
    public List<Warning> review(Server server, ServerPlan part) {
      return kea.review(server, part);
    }

    @Override
    public void check(Server server, ServerPlan part) {
      kea.check(server, part);
    }

    @Override
    public String apply(Server server, ServerPlan part, ProgressListener progress) {
      return kea.apply(server, part, progress);
    }

    @Override
    public FailoverStatus status(Server server, dev.failover.relationship.Relationship relationship) {
      return kea.status(server, relationship);
    }

    @Override
    public void partnerDown(Server server, dev.failover.relationship.Relationship relationship) {
      kea.partnerDown(server, relationship);
    }
  }
}
