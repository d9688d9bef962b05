package dev.failover.kea.it;

import org.junit.jupiter.api.DisplayName;

/** {@link KeaWhoServesIT} on Kea 2.6 (Debian's package in a root, scripts/ensure-kea-roots.sh). */
@DisplayName("who serves a client, predicted, equals who answers on a real Kea pair (2.6)")
class KeaWhoServes26IT extends KeaWhoServesIT {

  @Override
  RealKeaPair.Install install() {
    return RealKeaPair.Install.ROOT_2_6;
  }
}
