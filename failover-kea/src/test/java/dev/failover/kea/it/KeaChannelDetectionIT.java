package dev.failover.kea.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.kea.client.KeaClient;
import dev.failover.kea.client.KeaFlavour;
import dev.failover.kea.client.KeaVersion;
import dev.failover.kea.it.RealKeaPair.Install;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The channel a {@link KeaClient} detects on real Kea 2.2, 2.6 and 3.0 (pairs without HA, the
 * quickest to start): the Control Agent of 2.2 and 2.6, kea-dhcp4's own HTTP control socket on
 * 3.0. A real 3.0 socket answers JSON arrays like an agent, so the answer's shape cannot tell them
 * apart; what the server reports about itself can.
 */
@DisplayName("the Kea channel is detected from what the real server reports")
class KeaChannelDetectionIT {

  @ParameterizedTest(name = "{0}")
  @EnumSource(Install.class)
  @DisplayName("a fresh client names the channel and version of each real Kea, and reads its configuration")
  void detectsTheChannel(Install install) {
    try (RealKeaPair pair = RealKeaPair.builder().install(install).start()) {
      KeaClient fresh = pair.client(1);

      KeaFlavour expected = install.agent() ? KeaFlavour.CONTROL_AGENT : KeaFlavour.SERVER_SOCKET;
      assertThat(fresh.flavour()).as("channel of Kea %sx", install.versionPrefix()).isEqualTo(expected);
      KeaVersion version = fresh.channelVersion().orElseThrow();
      assertThat(version.text()).startsWith(install.versionPrefix());
      assertThat(fresh.versionGet().text()).startsWith(install.versionPrefix());
      // the commands that follow reach kea-dhcp4 on either channel
      assertThat(fresh.configGet().dhcp4().path("valid-lifetime").asInt()).isEqualTo(7200);
    }
  }
}
