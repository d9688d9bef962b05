package dev.failover.isc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.BackendException;
import dev.failover.errors.ConflictException;
import dev.failover.isc.conf.IscConfig;
import dev.failover.scope.AddressRange;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local file store against a stand-in for dhcpd (a script that refuses files containing
 * REJECT-ME, hangs on HANG-ME, and reads include files as dhcpd would, from its working directory).
 * The real dhcpd is exercised in {@code IscConfDhcpdCheckIT}.
 */
@DisplayName("local file config store")
class LocalFileConfigStoreTest {

  static final String MAIN = "# main\nauthoritative;\n\nfailover peer \"fo1\" {\n  primary;\n  peer address 192.0.2.2;\n"
      + "  mclt 3600;\n  split 128;\n}\nfailover peer \"fo2\" {\n  secondary;\n  peer address 192.0.2.3;\n}\n\n"
      + "subnet 192.0.2.0 netmask 255.255.255.0 {\n  pool {\n    failover peer \"fo1\";\n    range 192.0.2.10 192.0.2.20;\n"
      + "  }\n  pool {\n    failover peer \"fo2\";\n    range 192.0.2.30 192.0.2.40;\n  }\n}\n\ninclude \"hosts.conf\";\n";
  static final String HOSTS = "# hosts\nhost lab-1 { hardware ethernet 00:50:56:00:00:01; fixed-address 192.0.2.50; }\n";

  @TempDir
  Path dir;
  Path main;
  Path fakeDhcpd;
  final List<Path> reloads = new ArrayList<>();
  final Clock clock = Clock.fixed(Instant.parse("2026-11-25T12:00:00.123Z"), ZoneOffset.UTC);

  @BeforeEach
  void files() throws IOException {
    main = dir.resolve("dhcpd.conf");
    Files.writeString(main, MAIN, StandardCharsets.ISO_8859_1);
    Files.writeString(dir.resolve("hosts.conf"), HOSTS, StandardCharsets.ISO_8859_1);
    Path bin = Files.createDirectories(dir.resolve("bin"));
    fakeDhcpd = bin.resolve("dhcpd");
    Files.writeString(fakeDhcpd, "#!/bin/bash\n"
        + "f=\"$3\"\n"
        + "files=(\"$f\")\n"
        + "for inc in $(grep -o 'include \"[^\"]*\"' \"$f\" | sed 's/include \"//; s/\"$//'); do files+=(\"$inc\"); done\n"
        + "if grep -q HANG-ME \"${files[@]}\"; then exec sleep 20; fi\n"
        + "if grep -q EDIT-BY-HAND \"${files[@]}\"; then echo '# edited by hand while dhcpd -t ran' >> dhcpd.conf; fi\n"
        + "if grep -q REJECT-ME \"${files[@]}\"; then\n"
        + "  echo 'Internet Systems Consortium DHCP Server 4.4.3-P1'\n"
        + "  echo \"$f line 3: refused by the stand-in.\"\n"
        + "  echo 'exiting.'\n"
        + "  exit 1\n"
        + "fi\n"
        + "exit 0\n");
    Files.setPosixFilePermissions(fakeDhcpd, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  LocalFileConfigStore store() {
    return LocalFileConfigStore.builder(main).dhcpd(fakeDhcpd).clock(clock).reloadHook(reloads::add)
        .validationTimeout(Duration.ofSeconds(2)).server("dhcp-a").build();
  }

  List<String> listing() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  @DisplayName("read gives the configuration and the SHA-256 of the main file and its includes")
  void read() throws IOException {
    IscConfigSnapshot snap = store().read();
    assertThat(snap.config().renderFiles()).containsExactly(Map.entry(main.toString(), MAIN), Map.entry("hosts.conf", HOSTS));
    Map<String, byte[]> bytes = new LinkedHashMap<>();
    bytes.put(main.toString(), MAIN.getBytes(StandardCharsets.ISO_8859_1));
    bytes.put("hosts.conf", HOSTS.getBytes(StandardCharsets.ISO_8859_1));
    assertThat(snap.fingerprint()).isEqualTo(IscConfigStore.fingerprint(bytes)).hasSize(64).matches("[0-9a-f]+");
    Files.writeString(dir.resolve("hosts.conf"), HOSTS + "\n");
    assertThat(store().read().fingerprint()).isNotEqualTo(snap.fingerprint());
  }

  @Test
  @DisplayName("a write replaces the file, keeps a timestamped backup, calls the reload hook, leaves no temporary file")
  void write() throws IOException {
    LocalFileConfigStore store = store();
    IscConfigSnapshot snap = store.read();
    IscConfig next = snap.config().withPoolPeer(AddressRange.of("192.0.2.30", "192.0.2.40"), "fo1").withoutPeer("fo2");
    String fingerprint = store.write(next, snap.fingerprint());
    assertThat(Files.readString(main, StandardCharsets.ISO_8859_1)).isEqualTo(next.render());
    assertThat(store.read().fingerprint()).isEqualTo(fingerprint);
    assertThat(Files.readString(dir.resolve("dhcpd.conf.20261125T120000.123Z.bak"))).isEqualTo(MAIN);
    assertThat(listing()).containsExactly(".dhcpd.conf.lock", "bin", "dhcpd.conf", "dhcpd.conf.20261125T120000.123Z.bak", "hosts.conf");
    assertThat(reloads).containsExactly(main.toAbsolutePath().normalize());
    String again = store.write(store.read().config(), fingerprint);
    assertThat(again).isEqualTo(fingerprint);
    assertThat(reloads).hasSize(1);
  }

  @Test
  @DisplayName("a stale fingerprint is refused with a conflict and nothing is written")
  void stale() throws IOException {
    LocalFileConfigStore store = store();
    IscConfigSnapshot snap = store.read();
    Files.writeString(main, MAIN + "# edited by hand meanwhile\n");
    IscConfig next = snap.config().withoutPoolPeer(AddressRange.of("192.0.2.30", "192.0.2.40"));
    assertThatThrownBy(() -> store.write(next, snap.fingerprint())).isInstanceOfSatisfying(ConflictException.class, e -> {
      assertThat(e.server()).isEqualTo("dhcp-a");
      assertThat(e.expectedFingerprint()).isEqualTo(snap.fingerprint());
      assertThat(e.actualFingerprint()).isEqualTo(store.read().fingerprint());
    });
    assertThat(Files.readString(main)).endsWith("# edited by hand meanwhile\n");
    assertThat(reloads).isEmpty();
  }

  @Test
  @DisplayName("what dhcpd -t rejects is not written, and its message is carried without the banner")
  void rejected() throws IOException {
    LocalFileConfigStore store = store();
    IscConfigSnapshot snap = store.read();
    IscConfig bad = IscConfig.parse(main.toString(), MAIN + "# REJECT-ME\n", n -> java.util.Optional.of(HOSTS));
    assertThatThrownBy(() -> store.write(bad, snap.fingerprint())).isInstanceOfSatisfying(BackendException.class, e -> {
      assertThat(e.kind()).isEqualTo(BackendException.Kind.REJECTED);
      assertThat(e.serverMessage()).contains("line 3: refused by the stand-in.").doesNotContain("Internet Systems", "exiting");
      assertThat(e.serverCode()).contains("dhcpd -t exit 1");
    });
    assertThat(Files.readString(main)).isEqualTo(MAIN);
    assertThat(listing()).containsExactly(".dhcpd.conf.lock", "bin", "dhcpd.conf", "hosts.conf");
    assertThat(reloads).isEmpty();
  }

  @Test
  @DisplayName("a changed include is checked in its new form and written to its own file")
  void include() throws IOException {
    LocalFileConfigStore store = store();
    IscConfigSnapshot snap = store.read();
    Scope scope = snap.config().scope(Subnet.parse("192.0.2.0/24")).orElseThrow();
    Reservation lab1 = scope.reservations().get(0);
    Scope rejected = Scope.builder().from(scope)
        .reservations(List.of(Reservation.builder().from(lab1).hostname("REJECT-ME").build())).build();
    assertThatThrownBy(() -> store.write(snap.config().withSubnetContents(rejected), snap.fingerprint()))
        .isInstanceOf(BackendException.class).hasMessageContaining("refused by the stand-in");
    assertThat(Files.readString(dir.resolve("hosts.conf"))).isEqualTo(HOSTS);

    Scope fine = Scope.builder().from(scope)
        .reservations(List.of(Reservation.builder().from(lab1).hostname("lab-one").build())).build();
    IscConfig next = snap.config().withSubnetContents(fine);
    store.write(next, snap.fingerprint());
    assertThat(Files.readString(main)).isEqualTo(MAIN);
    assertThat(Files.readString(dir.resolve("hosts.conf"))).isEqualTo(next.renderFiles().get("hosts.conf"))
        .contains("option host-name \"lab-one\";");
    assertThat(listing()).containsExactly(".dhcpd.conf.lock", "bin", "dhcpd.conf", "hosts.conf", "hosts.conf.20261125T120000.123Z.bak");
  }

  @Test
  @DisplayName("a dhcpd -t that does not finish in time stops the write")
  void timeout() throws IOException {
    LocalFileConfigStore store = LocalFileConfigStore.builder(main).dhcpd(fakeDhcpd).validationTimeout(Duration.ofMillis(500))
        .build();
    IscConfigSnapshot snap = store.read();
    IscConfig slow = IscConfig.parse(main.toString(), MAIN + "# HANG-ME\n", n -> java.util.Optional.of(HOSTS));
    assertThatThrownBy(() -> store.write(slow, snap.fingerprint())).isInstanceOfSatisfying(BackendException.class,
        e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT));
    assertThat(Files.readString(main)).isEqualTo(MAIN);
  }

  @Test
  @DisplayName("without a dhcpd binary the write is not checked")
  void noBinary() throws IOException {
    LocalFileConfigStore store = LocalFileConfigStore.builder(main).dhcpd(dir.resolve("no-such-dhcpd")).build();
    assertThat(store.validates()).isFalse();
    IscConfig text = IscConfig.parse(main.toString(), MAIN + "# REJECT-ME\n", n -> java.util.Optional.of(HOSTS));
    store.write(text, store.read().fingerprint());
    assertThat(Files.readString(main)).endsWith("# REJECT-ME\n");
  }

  @Test
  @DisplayName("the replaced file keeps its permissions; a failing reload hook is reported after the write")
  void permissionsAndHook() throws IOException {
    Files.setPosixFilePermissions(main, PosixFilePermissions.fromString("rw-r-----"));
    LocalFileConfigStore store = LocalFileConfigStore.builder(main).dhcpd(fakeDhcpd).reloadHook(p -> {
      throw new IOException("systemctl restart isc-dhcp-server failed");
    }).build();
    IscConfigSnapshot snap = store.read();
    IscConfig next = snap.config().withoutPoolPeer(AddressRange.of("192.0.2.10", "192.0.2.20"));
    assertThatThrownBy(() -> store.write(next, snap.fingerprint())).isInstanceOf(BackendException.class)
        .hasMessageContaining("was written").hasMessageContaining("systemctl restart");
    assertThat(Files.readString(main)).isEqualTo(next.render());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(main))).isEqualTo("rw-r-----");
  }

  @Test
  @DisplayName("a hand edit made while dhcpd -t checks the new file is a conflict, and the edit is kept")
  void handEditDuringCheck() throws IOException {
    LocalFileConfigStore store = store();
    IscConfigSnapshot snap = store.read();
    IscConfig next = IscConfig.parse(main.toString(), MAIN + "# EDIT-BY-HAND\n", n -> java.util.Optional.of(HOSTS));
    assertThatThrownBy(() -> store.write(next, snap.fingerprint())).isInstanceOfSatisfying(ConflictException.class, e -> {
      assertThat(e.expectedFingerprint()).isEqualTo(snap.fingerprint());
      assertThat(e.actualFingerprint()).isEqualTo(store.read().fingerprint());
    });
    assertThat(Files.readString(main)).isEqualTo(MAIN + "# edited by hand while dhcpd -t ran\n");
    assertThat(reloads).isEmpty();
    assertThat(listing()).doesNotContain("dhcpd.conf.20261125T120000.123Z.bak.tmp").noneMatch(n -> n.endsWith(".tmp"));
  }

  @Test
  @DisplayName("temporary and check files that a killed write left are removed by the next write; other files stay")
  void leftovers() throws IOException {
    Files.writeString(dir.resolve(".dhcpd.conf.4711.tmp"), "half a file");
    Files.writeString(dir.resolve(".hosts.conf.4712.tmp"), "half an include");
    Files.writeString(dir.resolve(".dhcpd.conf.4713.check"), "dhcpd -t output");
    Files.writeString(dir.resolve(".other.conf.4714.tmp"), "not ours");
    LocalFileConfigStore store = store();
    IscConfigSnapshot snap = store.read();
    store.write(snap.config().withoutPoolPeer(AddressRange.of("192.0.2.10", "192.0.2.20")), snap.fingerprint());
    assertThat(listing()).containsExactly(".dhcpd.conf.lock", ".other.conf.4714.tmp", "bin", "dhcpd.conf",
        "dhcpd.conf.20261125T120000.123Z.bak", "hosts.conf");
  }

  @Test
  @DisplayName("only the newest backups are kept (the bound set on the store), the oldest removed first")
  void backupsPruned() throws IOException {
    Instant[] now = {Instant.parse("2026-11-25T12:00:00.000Z")};
    Clock ticking = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now[0];
      }
    };
    LocalFileConfigStore store = LocalFileConfigStore.builder(main).dhcpd(fakeDhcpd).clock(ticking).backups(2).build();
    for (int i = 0; i < 4; i++) {
      IscConfigSnapshot snap = store.read();
      IscConfig next = IscConfig.parse(main.toString(), MAIN + "# write " + i + "\n", n -> java.util.Optional.of(HOSTS));
      store.write(next, snap.fingerprint());
      now[0] = now[0].plusSeconds(60);
    }
    store.write(IscConfig.parse(main.toString(), MAIN + "# write 4\n", n -> java.util.Optional.of(HOSTS)),
        store.read().fingerprint());
    assertThat(listing()).containsExactly(".dhcpd.conf.lock", "bin", "dhcpd.conf",
        "dhcpd.conf.20261125T120300.000Z.bak", "dhcpd.conf.20261125T120400.000Z.bak", "hosts.conf");
    assertThat(Files.readString(dir.resolve("dhcpd.conf.20261125T120400.000Z.bak"))).endsWith("# write 3\n");
    // a second write in the same millisecond gets a "-1" backup, which is newer than the plain one
    store.write(IscConfig.parse(main.toString(), MAIN + "# write 5\n", n -> java.util.Optional.of(HOSTS)),
        store.read().fingerprint());
    assertThat(listing()).containsExactly(".dhcpd.conf.lock", "bin", "dhcpd.conf",
        "dhcpd.conf.20261125T120400.000Z-1.bak", "dhcpd.conf.20261125T120400.000Z.bak", "hosts.conf");
    assertThatThrownBy(() -> LocalFileConfigStore.builder(main).backups(0))
        .isInstanceOf(dev.failover.errors.ValidationException.class).hasMessageContaining("backups");
  }
}
