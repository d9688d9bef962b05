package dev.failover.kea.it;

import dev.failover.testkit.kea.FakeKeaFlavour;
import org.junit.jupiter.api.DisplayName;

/** The differential suite on a real Kea 2.6 pair and the fake of that version. */
@DisplayName("the fake Kea answers as a real Kea 2.6 pair does")
class KeaDifferential26IT extends KeaDifferentialSuite {

  @Override
  RealKeaPair.Install install() {
    return RealKeaPair.Install.ROOT_2_6;
  }

  @Override
  FakeKeaFlavour flavour() {
    return FakeKeaFlavour.CONTROL_AGENT_2_6;
  }

  @Override
  String version() {
    return "2.6";
  }
}
