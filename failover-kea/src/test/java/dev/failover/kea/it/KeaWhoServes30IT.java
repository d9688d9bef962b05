package dev.failover.kea.it;

import org.junit.jupiter.api.DisplayName;

/** {@link KeaWhoServesIT} on Kea 3.0 (Debian's package in a root, scripts/ensure-kea-roots.sh). */
@DisplayName("who serves a client, predicted, equals who answers on a real Kea pair (3.0)")
class KeaWhoServes30IT extends KeaWhoServesIT {

  @Override
  RealKeaPair.Install install() {
    return RealKeaPair.Install.ROOT_3_0;
  }
}
