package dev.failover.kea.it;

import dev.failover.relationship.FailoverMode;
import dev.failover.testkit.contract.FailoverStateContract;
import dev.failover.testkit.contract.StateFixture;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * The state contract against a real Kea pair of one version in one mode, one pair for the whole
 * class (each test's fixture puts it back as it started): the link is cut by stopping server2's
 * kea-dhcp4 by its PID and restored by starting it again ({@link RealKeaStateControls}), so while
 * cut only the primary's state is asserted. Each subclass names the version and the mode. Never
 * skipped.
 */
abstract class RealKeaStateContract extends FailoverStateContract {

  /** The pair of the class running now, by class (classes run one after the other). */
  private static final Map<Class<?>, RealKeaPair> PAIRS = new LinkedHashMap<>();

  private final RealKeaPair.Install install;
  private final FailoverMode mode;

  RealKeaStateContract(RealKeaPair.Install install, FailoverMode mode) {
    this.install = install;
    this.mode = mode;
  }

  @Override
  protected StateFixture fixture() {
    RealKeaPair pair;
    synchronized (PAIRS) {
      pair = PAIRS.computeIfAbsent(getClass(), c -> RealKeaPair.builder().install(install).start());
    }
    return RealKeaStateControls.over(new RealKeaFixture(pair, mode));
  }

  @AfterAll
  static void stopPair() {
    synchronized (PAIRS) {
      PAIRS.values().forEach(RealKeaPair::close);
      PAIRS.clear();
    }
  }
}
