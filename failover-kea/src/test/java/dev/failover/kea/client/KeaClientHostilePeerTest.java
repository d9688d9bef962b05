package dev.failover.kea.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.failover.errors.BackendException;
import dev.failover.testkit.hostile.HostilePeer;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * KeaClient against peers that misbehave on purpose (the testkit's {@link HostilePeer}): every
 * call ends by its one deadline for the whole exchange, and never reads more than its limit.
 */
@DisplayName("KeaClient against hostile peers")
class KeaClientHostilePeerTest {

  /** What a call may take beyond its deadline on a shared, loaded build machine. */
  static final Duration MARGIN = Duration.ofSeconds(3);
  /** Where the test gives up on a client that does not end (the peers drip for minutes). */
  static final Duration BOUND = Duration.ofSeconds(30);

  static KeaClient client(HostilePeer peer, Duration deadline) {
    return KeaClient.builder(URI.create("http://" + peer.host() + ":" + peer.port() + "/")).name("kea-a")
        .requestTimeout(deadline).build();
  }

  @Test
  @DisplayName("a body dripped one byte every 200 ms ends the call at its deadline (2 s), counting every byte's wait")
  void drippedBody() throws Exception {
    try (HostilePeer peer = HostilePeer.dripping(HostilePeer.httpHeaders(1_000_000), (byte) ' ', Duration.ofMillis(200))) {
      Duration deadline = Duration.ofSeconds(2);
      long started = System.nanoTime();
      assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> client(peer, deadline).versionGet())
          .isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
            assertThat(e.server()).isEqualTo("kea-a");
            assertThat(e.getMessage()).contains("no complete answer within the time-out, the deadline of PT2S for the whole exchange")
                .contains("bytes of the answer received");
          }));
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(took).isGreaterThanOrEqualTo(deadline).isLessThan(deadline.plus(MARGIN));
      assertThat(peer.bytesSent()).as("the peer's headers arrived and it kept dripping").isGreaterThan(70);
    }
  }

  @Test
  @DisplayName("an endless body is cut at the default limit of 32 MiB: a clear error, the connection closed, memory bounded")
  void endlessBody() throws Exception {
    try (HostilePeer peer = HostilePeer.endless(HostilePeer.httpHeaders(-1), (byte) ' ')) {
      Duration deadline = Duration.ofSeconds(20);
      long started = System.nanoTime();
      assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> client(peer, deadline).versionGet())
          .isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
            assertThat(e.retryable()).as("a too large answer stays too large").isFalse();
            assertThat(e.getMessage()).contains("the answer is larger than the limit of 33554432 bytes");
          }));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(deadline.plus(MARGIN));
      long sent = peer.bytesSent();
      assertThat(sent).as("the client stopped reading soon after the limit").isLessThan(KeaClient.DEFAULT_MAX_ANSWER_BYTES
          + 16L * 1024 * 1024);
    }
  }

  @Test
  @DisplayName("an answer that announces more than the limit is refused before its body is read")
  void announcedTooLarge() throws Exception {
    try (HostilePeer peer = HostilePeer.dripping(HostilePeer.httpHeaders(64L * 1024 * 1024 * 1024), (byte) ' ',
        Duration.ofMillis(200))) {
      long started = System.nanoTime();
      assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> client(peer, Duration.ofSeconds(10)).versionGet())
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("larger than the limit of 33554432 bytes (68719476736 bytes announced or received)"));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(MARGIN);
    }
  }

  @Test
  @DisplayName("the answer limit is a setting, checked when the client is built")
  void limitSetting() {
    assertThatThrownBy(() -> KeaClient.builder(URI.create("http://127.0.0.1:8000/")).maxAnswerBytes(10).build())
        .isInstanceOf(dev.failover.errors.ValidationException.class).hasMessageContaining("maxAnswerBytes");
  }
}
