package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failover.serving.Client;
import dev.failover.serving.LoadBalanceHash;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code failover who-serves} against the sandbox: ISC load balancing (split 128) and Kea hot standby. */
class WhoServesCommandTest {

  @TempDir
  Path dir;

  Cli.Result run(String... args) {
    return Cli.sandbox(dir.resolve("sandbox"), args);
  }

  /** A hardware address whose RFC 3074 bucket is below 128 (low) or not. */
  static String mac(boolean low) {
    for (int i = 0; i < 256; i++) {
      String mac = String.format("02:00:5e:00:00:%02x", i);
      if ((LoadBalanceHash.bucket(Client.hardwareAddress(mac).hardwareAddressBytes()) < 128) == low) {
        return mac;
      }
    }
    throw new AssertionError("no such address");
  }

  @Test
  @DisplayName("ISC split 128: a client in buckets 0-127 is the primary's, one above is the secondary's, with the bucket and why")
  void iscSplit() {
    String low = mac(true);
    int bucket = LoadBalanceHash.bucket(Client.hardwareAddress(low).hardwareAddressBytes());
    assertThat(run("who-serves", "isc-pair", low).expect(ExitCode.OK).out())
        .contains("relationship \"isc-pair\": client " + low + " is answered by isc-a")
        .contains("why: load balancing: the RFC 3074 hash of the client's hardware address is bucket " + bucket)
        .contains("split 128 gives buckets 0-127 to the primary")
        .contains("RFC 3074 bucket: " + bucket);
    JsonNode json = run("who-serves", "isc-pair", mac(false), "--json").expect(ExitCode.OK).json();
    assertThat(json.path("server").asText()).isEqualTo("isc-b");
    assertThat(json.path("configured").asText()).isEqualTo("isc-b");
    assertThat(json.path("basis").asText()).isEqualTo("LOAD_BALANCING_HASH");
    assertThat(json.path("bucket").asInt()).isGreaterThanOrEqualTo(128);
    assertThat(json.path("client").path("hardwareAddress").asText()).isEqualTo(mac(false));
  }

  @Test
  @DisplayName("Kea hot standby: the primary answers every client; a client identifier is shown and kept")
  void keaHotStandby() {
    JsonNode json = run("who-serves", "kea-pair", "0200.5e00.0001", "--client-id", "01:02:00:5e:00:00:01", "--json")
        .expect(ExitCode.OK).json();
    assertThat(json.path("server").asText()).isEqualTo("kea-a");
    assertThat(json.path("basis").asText()).isEqualTo("ACTIVE_SERVER");
    assertThat(json.path("client").path("clientIdentifier").asText()).isEqualTo("01:02:00:5e:00:00:01");
    assertThat(json.has("bucket")).isFalse();
  }

  @Test
  @DisplayName("a malformed hardware address is refused naming the field and the rule; an unknown relationship is not found")
  void refusals() {
    Cli.Result bad = run("who-serves", "isc-pair", "02:00:zz").expect(ExitCode.ERROR);
    assertThat(bad.err()).contains("hardwareAddress").contains("must be hex bytes");
    assertThat(run("who-serves", "no-such", "02:00:5e:00:00:01").expect(ExitCode.ERROR).err())
        .contains("no-such");
  }
}
