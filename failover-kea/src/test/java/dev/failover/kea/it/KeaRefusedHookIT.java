package dev.failover.kea.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.BackendException;
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
}
