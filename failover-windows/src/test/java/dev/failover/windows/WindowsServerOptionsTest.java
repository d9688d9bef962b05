package dev.failover.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A Windows server's inventory options")
class WindowsServerOptionsTest {

  @Test
  @DisplayName("a misspelt option (run-timout) is refused before anything runs, naming it and the options there are")
  void misspeltOptionRefused() throws Exception {
    WindowsWorld world = new WindowsWorld();
    Server typo = Server.builder().from(world.server(WindowsWorld.A, "dhcp-a")).putOption("run-timout", "30").build();
    assertThatThrownBy(() -> world.backend.read(typo, Inventory.of(typo)))
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.violations()).extracting(Violation::field).containsExactly("options.run-timout");
          assertThat(e.getMessage()).contains("is not an option of the Windows backend").contains("run-timeout");
        });
    assertThat(world.invocations).as("nothing ran on the server").isEmpty();
  }

  @Test
  @DisplayName("durations are whole seconds or ISO-8601 in any letter case; zero is refused")
  void durations() throws Exception {
    WindowsWorld world = new WindowsWorld();
    Server base = world.server(WindowsWorld.A, "dhcp-a");
    assertThat(WindowsServerOptions.of(Server.builder().from(base).putOption("run-timeout", "pt3m").build())
        .runTimeout()).isEqualTo(Duration.ofMinutes(3));
    assertThat(WindowsServerOptions.of(Server.builder().from(base).putOption("connect-timeout", "7").build())
        .connectTimeout()).isEqualTo(Duration.ofSeconds(7));
    assertThatThrownBy(() -> WindowsServerOptions.of(Server.builder().from(base).putOption("run-timeout", "0").build()))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .extracting(Violation::field).containsExactly("options.run-timeout"));
  }
}
