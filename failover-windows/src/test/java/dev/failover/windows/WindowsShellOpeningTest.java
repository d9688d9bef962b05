package dev.failover.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.plan.ServerState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("One Windows server that hangs while its shell is opened holds up no other server")
class WindowsShellOpeningTest {

  @Test
  @DisplayName("while dhcp-a's connection hangs, dhcp-b is read at once; dhcp-a is read once its connection opens")
  void hangingConnectHoldsUpNoOther() throws Exception {
    WindowsWorld w = new WindowsWorld();
    CountDownLatch connecting = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<InProcessShell.Invocation> log = Collections.synchronizedList(new ArrayList<>());
    WindowsBackend backend = new WindowsBackend(s -> {
      if (s.id().equals(WindowsWorld.A)) {
        connecting.countDown();
        try {
          // a connection that does not open until the test lets it (bounded: 20 s at most)
          assertThat(release.await(20, TimeUnit.SECONDS)).as("released").isTrue();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      return new InProcessShell(w.fake(s.id()), log);
    });
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<ServerState> a = pool.submit(() -> backend.read(w.inventory.require(WindowsWorld.A), w.inventory));
      assertThat(connecting.await(10, TimeUnit.SECONDS)).as("dhcp-a's shell is being opened").isTrue();
      ServerState b = CompletableFuture.supplyAsync(() -> backend.read(w.inventory.require(WindowsWorld.B),
          w.inventory)).get(5, TimeUnit.SECONDS);
      assertThat(b.server()).isEqualTo(WindowsWorld.B);
      assertThat(a.isDone()).as("dhcp-a still connecting").isFalse();
      release.countDown();
      assertThat(a.get(10, TimeUnit.SECONDS).server()).isEqualTo(WindowsWorld.A);
    } finally {
      release.countDown();
      pool.shutdownNow();
      backend.close();
    }
  }
}
