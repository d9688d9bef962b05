package dev.failover.isc.omapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.failover.errors.BackendException;
import dev.failover.testkit.hostile.HostilePeer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The OMAPI client against peers that misbehave on purpose (the testkit's {@link HostilePeer}). */
@DisplayName("OMAPI client against hostile peers")
class OmapiClientHostilePeerTest {

  static final Duration MARGIN = Duration.ofSeconds(3);
  static final Duration BOUND = Duration.ofSeconds(30);

  /** The start-up answer, then the head of an update whose one object value announces 60,000 bytes. */
  static byte[] unfinishedReply() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int v : new int[] {OmapiWire.PROTOCOL_VERSION, OmapiWire.HEADER_SIZE,
        0, 0, OmapiMessage.OP_UPDATE, 1, 7, 0}) {
      b.writeBytes(OmapiWire.int32(v));
    }
    b.writeBytes(new byte[] {0, 0});                 // end of the message values
    b.writeBytes(new byte[] {0, 4});
    b.writeBytes("name".getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(OmapiWire.int32(60_000));           // the value that never ends
    return b.toByteArray();
  }

  @Test
  @DisplayName("a reply dripped one byte every 100 ms ends a status read at its deadline (1 s) with a clear error")
  void drippedReply() throws Exception {
    try (HostilePeer peer = HostilePeer.dripping(unfinishedReply(), (byte) 'x', Duration.ofMillis(100))) {
      OmapiEndpoint endpoint = OmapiEndpoint.builder().host(peer.host()).port(peer.port()).serverName("dhcp-a")
          .readTimeout(Duration.ofSeconds(1)).build();
      long started = System.nanoTime();
      assertTimeoutPreemptively(BOUND, () -> {
        try (OmapiClient client = OmapiClient.connect(endpoint)) {
          assertThatThrownBy(() -> client.failoverState("fo1")).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
            assertThat(e.server()).isEqualTo("dhcp-a");
            assertThat(e.getMessage()).contains("open of failover-state \"fo1\" failed: no complete reply within 1 s")
                .doesNotContain("Exception");
          });
        }
      });
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isLessThan(Duration.ofSeconds(1).plus(MARGIN));
      assertThat(peer.bytesSent()).as("the peer kept dripping").isGreaterThan(unfinishedReply().length);
    }
  }

  @Test
  @DisplayName("a reply that grows beyond 256 KiB is refused before it is read further")
  void oversizedReply() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int v : new int[] {OmapiWire.PROTOCOL_VERSION, OmapiWire.HEADER_SIZE,
        0, 0, OmapiMessage.OP_UPDATE, 1, 7, 0}) {
      b.writeBytes(OmapiWire.int32(v));
    }
    b.writeBytes(new byte[] {0, 0});
    for (int i = 0; i < 5; i++) {                    // five values of 60,000 bytes: 300,000 bytes in all
      b.writeBytes(new byte[] {0, 2, 'v', (byte) ('0' + i)});
      b.writeBytes(OmapiWire.int32(60_000));
      b.writeBytes(new byte[60_000]);
    }
    try (HostilePeer peer = HostilePeer.endless(b.toByteArray(), (byte) 0)) {
      OmapiEndpoint endpoint = OmapiEndpoint.builder().host(peer.host()).port(peer.port()).serverName("dhcp-a")
          .readTimeout(Duration.ofSeconds(5)).build();
      assertTimeoutPreemptively(BOUND, () -> {
        try (OmapiClient client = OmapiClient.connect(endpoint)) {
          assertThatThrownBy(() -> client.failoverState("fo1")).isInstanceOf(BackendException.class)
              .hasMessageContaining("beyond the limit of 262144 bytes");
        }
      });
    }
  }
}
