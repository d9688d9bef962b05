package dev.failover.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.kea.client.HaRelationshipStatus;
import dev.failover.kea.client.KeaAnswer;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.kea.it.RealKeaPair;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The HA part of the migrated configurations loaded on running real Kea pairs of the newer versions
 * the project tests (Debian's 2.6.3 and 3.0.4 in their roots; on the host's 2.2, {@link CutoverDhcpIT}
 * loads the load-balancing plan of the same pair and {@link LeaseLoadIT} a hot-standby plan, so 2.2
 * is not started a third time here). Kea's own check
 * ({@code config-test}, {@code kea-dhcp4 -t}) does not look at the HA hook's parameters; only
 * loading them does, so each pair takes the plan by {@code config-set}: first the load-balancing
 * plan (the ISC pair with split 128), then the hot-standby plan (the same pair with split 256), and
 * must reach that mode's HA state on both servers, with the roles the plan gave them.
 */
@DisplayName("the migrated HA part, loaded by config-set, brings real Kea 2.6.3 and 3.0.4 pairs to load-balancing and hot-standby")
class MigratedHaStateIT {

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = RealKeaPair.Install.class, names = {"ROOT_2_6", "ROOT_3_0"})
  @DisplayName("the pair reaches load-balancing on the split-128 plan, then hot-standby on the split-256 plan, each server in its planned role")
  void reachesEachMode(RealKeaPair.Install install) {
    try (RealKeaPair pair = RealKeaPair.builder().install(install).start()) {
      for (int split : new int[] {128, 256}) {
        MigrationPlan plan = RealPairs.plan(pair, split);
        String mode = split == 128 ? "load-balancing" : "hot-standby";
        assertThat(plan.mode()).isEqualTo(mode);
        for (int n = 1; n <= 2; n++) {
          KeaAnswer set = pair.client(n).configSet(Dhcp4Config.of(plan.config("server" + n)));
          assertThat(set.isSuccess()).as("Kea %s config-set of the %s plan on server%d: %s", install, mode, n, set)
              .isTrue();
        }
        for (int n = 1; n <= 2; n++) {
          pair.awaitState(n, mode, RealKeaPair.STATE_TIMEOUT);
          HaRelationshipStatus ha = pair.client(n).statusGet().highAvailability().get(0);
          assertThat(ha.haMode()).isEqualTo(mode);
          assertThat(ha.local().role()).as("server%d's role", n)
              .isEqualTo(n == 1 ? "primary" : split == 128 ? "secondary" : "standby");
        }
      }
    }
  }
}
