package dev.failover.kea.it;

import dev.failover.testkit.kea.FakeKeaFlavour;
import org.junit.jupiter.api.DisplayName;

/** The differential suite on a real Kea 3.0 pair and the fake of that version. */
@DisplayName("the fake Kea answers as a real Kea 3.0 pair does")
class KeaDifferential30IT extends KeaDifferentialSuite {

  @Override
  RealKeaPair.Install install() {
    return RealKeaPair.Install.ROOT_3_0;
  }

  @Override
  FakeKeaFlavour flavour() {
    return FakeKeaFlavour.DIRECT_HTTP_3_0;
  }

  @Override
  String version() {
    return "3.0";
  }
}
