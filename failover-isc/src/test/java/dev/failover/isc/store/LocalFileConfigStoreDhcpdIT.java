package dev.failover.isc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.BackendException;
import dev.failover.isc.conf.IscPeerRole;
import dev.failover.isc.conf.IscPeerStatement;
import dev.failover.scope.AddressRange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local file store with the real dhcpd 4.4.3 as the judge of what may be written. */
@DisplayName("local file config store checked by the real dhcpd")
class LocalFileConfigStoreDhcpdIT {

  @TempDir
  Path dir;

  @Test
  @DisplayName("a configuration dhcpd rejects is refused with dhcpd's own message; one it accepts is written")
  void realDhcpd() throws Exception {
    assertThat(LocalFileConfigStore.DEFAULT_DHCPD).isExecutable();
    Path main = dir.resolve("dhcpd.conf");
    Files.writeString(main, LocalFileConfigStoreTest.MAIN, StandardCharsets.ISO_8859_1);
    Files.writeString(dir.resolve("hosts.conf"), LocalFileConfigStoreTest.HOSTS, StandardCharsets.ISO_8859_1);
    LocalFileConfigStore store = LocalFileConfigStore.builder(main).server("dhcp-a").build();
    assertThat(store.validates()).isTrue();
    IscConfigSnapshot snap = store.read();

    IscPeerStatement unused = IscPeerStatement.builder().name("unused").role(IscPeerRole.SECONDARY)
        .peerAddress("192.0.2.9").build();
    assertThatThrownBy(() -> store.write(snap.config().withPeer(unused), snap.fingerprint()))
        .isInstanceOfSatisfying(BackendException.class, e -> {
          assertThat(e.kind()).isEqualTo(BackendException.Kind.REJECTED);
          assertThat(e.serverMessage()).contains("Failover peer, unused, has no referring pools")
              .doesNotContain("Internet Systems Consortium");
          assertThat(e.serverCode()).contains("dhcpd -t exit 1");
        });
    assertThat(Files.readString(main)).isEqualTo(LocalFileConfigStoreTest.MAIN);

    String fingerprint = store.write(snap.config().withPoolPeer(AddressRange.of("192.0.2.30", "192.0.2.40"), "fo1")
        .withoutPeer("fo2"), snap.fingerprint());
    assertThat(store.read().fingerprint()).isEqualTo(fingerprint);
    assertThat(store.read().config().peers()).extracting(IscPeerStatement::name).containsExactly("fo1");
  }
}
