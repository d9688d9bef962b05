package dev.failover.isc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.failover.isc.it.RealDhcpdPair.Side;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The harness itself: a failing pair is reported with dhcpd's log and still cleaned up completely. */
class RealDhcpdPairHarnessIT {

  @Test
  @DisplayName("a dhcpd that exits is reported with its log, and close() still stops the other, removes both namespaces and the directory")
  void cleansUpAfterFailure() throws Exception {
    RealDhcpdPair pair = RealDhcpdPair.create(Optional.empty());
    Path dir = pair.directory();
    List<String> namespaces = List.of(pair.namespace(Side.PRIMARY), pair.namespace(Side.SECONDARY));
    long secondaryPid;
    try {
      assertThat(namespaces()).containsAll(namespaces);
      Files.writeString(pair.config(Side.PRIMARY), "subnet 192.0.2.0 netmask 255.255.255.0 { range; }\n");
      assertThat(pair.checkConfig(Side.PRIMARY).exitCode()).isEqualTo(1);
      pair.start();
      secondaryPid = pair.pid(Side.SECONDARY);
      AssertionError e = catchThrowableOfType(AssertionError.class,
          () -> pair.awaitBothNormal(0, 0, Duration.ofSeconds(30)));
      assertThat(e).hasMessageContaining("dhcpd primary exited").hasMessageContaining("primary.conf line 1");
    } finally {
      pair.close();
    }
    assertThat(namespaces()).doesNotContainAnyElementsOf(namespaces);
    assertThat(dir).doesNotExist();
    assertThat(ProcessHandle.of(secondaryPid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
  }

  private static List<String> namespaces() throws Exception {
    return RealDhcpdPair.run(List.of("ip", "netns", "list")).output().lines().map(l -> l.split(" ")[0]).toList();
  }
}
