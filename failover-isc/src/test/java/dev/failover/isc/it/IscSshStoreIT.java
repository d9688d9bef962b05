package dev.failover.isc.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.isc.it.RealSshDhcpdPair.Side;
import dev.failover.isc.omapi.OmapiClient;
import dev.failover.isc.omapi.OmapiEndpoint;
import dev.failover.isc.omapi.OmapiFailoverState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The dhcpd configuration over SSH against two real servers ({@link RealSshDhcpdPair}: OpenSSH's
 * sshd and dhcpd 4.4.3 in two network namespaces, each with its own private /etc/dhcp). One pair
 * for the class; the tests run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IscSshStoreIT {

  private static final Duration NORMAL_TIMEOUT = Duration.ofSeconds(60);
  private RealSshDhcpdPair pair;

  @BeforeAll
  void startPair() throws Exception {
    pair = RealSshDhcpdPair.start();
  }

  @AfterAll
  void stopPair() throws Exception {
    if (pair != null) {
      pair.close();
    }
  }

  @Test
  @Order(1)
  @DisplayName("each server has its own /etc/dhcp that neither the other server nor the SDK's host sees, and the pair reaches normal, answering OMAPI on its own address")
  void harness() throws Exception {
    pair.awaitBothNormal(0, 0, NORMAL_TIMEOUT);
    assertThat(pair.readFile(Side.PRIMARY, RealSshDhcpdPair.CONF)).contains("  primary;")
        .doesNotContain("secondary;");
    assertThat(pair.readFile(Side.SECONDARY, RealSshDhcpdPair.CONF)).contains("  secondary;");
    Path hostConf = Path.of(RealSshDhcpdPair.CONF);
    if (Files.exists(hostConf)) {
      assertThat(Files.readString(hostConf)).doesNotContain("RealSshDhcpdPair");
    }
    for (Side side : Side.values()) {
      try (OmapiClient client = OmapiClient.connect(OmapiEndpoint.builder().host(pair.address(side))
          .port(RealSshDhcpdPair.OMAPI_PORT).serverName("dhcpd-" + side).readTimeout(Duration.ofSeconds(10)).build())) {
        OmapiFailoverState state = client.failoverState(RealSshDhcpdPair.PEER);
        assertThat(state.localState().toString()).as("%s", side).containsIgnoringCase("normal");
      }
    }
  }
}
