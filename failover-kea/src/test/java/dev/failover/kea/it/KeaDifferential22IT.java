package dev.failover.kea.it;

import dev.failover.testkit.kea.FakeKeaFlavour;
import org.junit.jupiter.api.DisplayName;

/** The differential suite on a real Kea 2.2 pair and the fake of that version. */
@DisplayName("the fake Kea answers as a real Kea 2.2 pair does")
class KeaDifferential22IT extends KeaDifferentialSuite {

  @Override
  RealKeaPair.Install install() {
    return RealKeaPair.Install.HOST_2_2;
  }

  @Override
  FakeKeaFlavour flavour() {
    return FakeKeaFlavour.CONTROL_AGENT_2_2;
  }

  @Override
  String version() {
    return "2.2";
  }
}
