package dev.failover.spi;

import static dev.failover.plan.Fixtures.INVENTORY;
import static dev.failover.plan.Fixtures.WIN_A;
import static dev.failover.plan.Fixtures.WIN_B;
import static dev.failover.plan.Fixtures.office;
import static dev.failover.plan.Fixtures.state;
import static dev.failover.plan.Fixtures.windowsPair;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.BackendException;
import dev.failover.Failover;
import dev.failover.plan.MemoryBackend;
import dev.failover.server.Vendor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A measured backend times each call and tells the listener how it ended")
class MeasuredBackendTest {

  @Test
  @DisplayName("reads and status requests through the facade are timed, each with its server, operation and outcome; a failing listener changes nothing")
  void timesEachCall() {
    MemoryBackend memory = new MemoryBackend(Vendor.WINDOWS,
        state(WIN_A, Vendor.WINDOWS, office()).withRelationships(windowsPair("10.1.0.0/24")),
        state(WIN_B, Vendor.WINDOWS, office()).withRelationships(windowsPair("10.1.0.0/24")));
    List<BackendRequest> seen = new CopyOnWriteArrayList<>();
    Backends measured = MeasuredBackend.all(Backends.of(List.of(memory)), r -> {
      seen.add(r);
      throw new IllegalStateException("listener broke");
    });
    Failover failover = Failover.builder().inventory(INVENTORY).backends(measured).build();

    assertThat(failover.state("win-a").server()).isEqualTo(WIN_A);
    assertThat(seen).singleElement().satisfies(r -> {
      assertThat(r.server()).isEqualTo(WIN_A);
      assertThat(r.vendor()).isEqualTo(Vendor.WINDOWS);
      assertThat(r.operation()).isEqualTo(BackendRequest.Operation.READ);
      assertThat(r.outcome()).isEqualTo(BackendRequest.Outcome.SUCCEEDED);
      assertThat(r.duration()).isPositive();
    });

    memory.unreachable.add(WIN_B);
    seen.clear();
    assertThatThrownBy(() -> failover.state("win-b")).isInstanceOf(BackendException.class)
        .hasMessageContaining("connection refused");
    assertThat(seen).singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(BackendRequest.Outcome.UNREACHABLE));

    seen.clear();
    failover.statuses("win-pair");
    assertThat(seen).extracting(r -> r.operation() + " " + r.server() + " " + r.outcome())
        .contains("STATUS win-a SUCCEEDED", "STATUS win-b UNREACHABLE");
    assertThat(measured.require(Vendor.WINDOWS).extension(MemoryBackend.class)).containsSame(memory);
  }

  @Test
  @DisplayName("outcomes: a rejection is refused, a transport failure caused by a timeout is timed out")
  void outcomes() {
    assertThat(BackendRequest.Outcome.of(BackendException.rejected("kea-a", "no", "1")))
        .isEqualTo(BackendRequest.Outcome.REFUSED);
    assertThat(BackendRequest.Outcome.of(BackendException.transport("kea-a", "no answer within 5 s",
        new java.net.http.HttpTimeoutException("request timed out")))).isEqualTo(BackendRequest.Outcome.TIMED_OUT);
    assertThat(BackendRequest.Outcome.of(new dev.failover.errors.ConflictException("kea-a", "fp-1", "fp-2")))
        .isEqualTo(BackendRequest.Outcome.CONFLICT);
  }
}
