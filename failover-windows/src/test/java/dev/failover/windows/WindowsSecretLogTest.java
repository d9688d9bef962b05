package dev.failover.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.Failover;
import dev.failover.Secret;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.ModifyRelationship;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.relationship.WindowsServerRole;
import dev.failover.scope.Subnet;
import dev.failover.testkit.contract.FailoverBackendContract;
import dev.failover.windows.logcapture.CapturedLog;
import dev.failover.windows.ps.PsLiteral;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The shared secret of a Windows relationship is in no log line, at any level, of any library: the
 * operations run over the real SSH transport (Apache MINA SSHD) to the testkit's SSH faces with
 * every logger at TRACE (this module's test binding, {@link CapturedLog}), and the whole output is
 * searched for the secret in every encoding the SDK gives it on its way: as text, as the
 * script's PowerShell literal, as base64 of UTF-8 and of UTF-16LE (at each of the three offsets
 * a value can have inside a longer base64 text, which is how the script travels on standard
 * input), and each of those again as hex, which is how the SSH library dumps bytes. The loggers
 * of the fake Windows machine (MINA's server side, the testkit) are left out: on a real network
 * they are on another machine.
 */
@DisplayName("the shared secret in no log line, every logger at TRACE, over SSH")
class WindowsSecretLogTest {

  static final String NAME = "pair-secret-log";

  static Relationship withSecret(String secret) {
    return Relationship.builder().name(NAME).mode(FailoverMode.HOT_STANDBY).primary(WindowsWorld.A)
        .secondary(WindowsWorld.B).settings(WindowsFailoverSettings.builder().reservePercent(5)
            .partnerRole(WindowsServerRole.STANDBY).maxClientLeadTime(Duration.ofHours(1))
            .sharedSecret(Secret.of(secret)).build())
        .scopes(List.of(Subnet.parse("10.60.0.0/24"))).build();
  }

  @Test
  @DisplayName("creating a relationship with a shared secret and changing it leave the secret in no encoding in any log")
  void noSecretInAnyLog() throws Exception {
    String first = "Wx9'kQ7-first-5ecret\u2019Zr2mTq8";
    String second = "Pv4'nB1-second-5ecret\u2019Lh6sYc3";
    List<CapturedLog.Event> events;
    try (WindowsWorld world = WindowsWorld.overSsh(); CapturedLog log = CapturedLog.start()) {
      Failover failover = Failover.builder().inventory(world.inventory).backends(world.backend).build();
      world.seed(WindowsWorld.A, FailoverBackendContract.sampleScope("10.60.0.0/24", 2));
      failover.apply(failover.plan(CreateRelationship.of(withSecret(first))), WindowsTestBase.ADMIN);
      assertThat(world.a.sharedSecretMatches(NAME, first)).isTrue();
      failover.apply(failover.plan(ModifyRelationship.of(withSecret(second))), WindowsTestBase.ADMIN);
      assertThat(world.a.sharedSecretMatches(NAME, second)).isTrue();
      assertThat(world.b.sharedSecretMatches(NAME, second)).isTrue();
      events = log.events();
    }
    List<CapturedLog.Event> ours = events.stream()
        .filter(e -> !e.logger().startsWith("org.apache.sshd.server.") && !e.logger().startsWith("dev.failover.testkit."))
        .toList();
    // the capture saw the SSH library at TRACE, so a dump would have been caught
    assertThat(ours).anyMatch(e -> e.level().equals("TRACE") && e.logger().startsWith("org.apache.sshd.client."));
    assertThat(ours).anyMatch(e -> e.level().equals("TRACE") && e.logger().startsWith("org.apache.sshd.common."));
    String text = ours.stream().map(CapturedLog.Event::toString).collect(Collectors.joining("\n"));
    String hex = hexDumped(text);
    List<String> found = new ArrayList<>();
    for (String secret : List.of(first, second)) {
      for (Map.Entry<String, String> e : encodings(secret).entrySet()) {
        if (text.contains(e.getValue()) || text.replace("\n", "").contains(e.getValue())) {
          found.add(e.getKey() + " in the text");
        }
        String asHex = HexFormat.of().formatHex(e.getValue().getBytes(StandardCharsets.UTF_8));
        if (hex.contains(asHex)) {
          found.add(e.getKey() + " in a hex dump");
        }
      }
    }
    System.out.printf("secret log scan: %d events (%d TRACE) from %d loggers, %d bytes of hex dumps; found: %s%n",
        ours.size(), ours.stream().filter(e -> e.level().equals("TRACE")).count(),
        ours.stream().map(CapturedLog.Event::logger).distinct().count(), hex.length() / 2, found);
    assertThat(found).as("a secret recoverable from the log").isEmpty();
  }

  /** Every form the secret takes on its way, by name. */
  static Map<String, String> encodings(String secret) {
    Map<String, String> out = new LinkedHashMap<>();
    String literal = PsLiteral.quote(secret);
    out.put("text", secret);
    out.put("PowerShell literal", literal);
    for (String form : List.of("text", "PowerShell literal")) {
      String value = out.get(form);
      for (var charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE)) {
        byte[] bytes = value.getBytes(charset);
        for (int offset = 0; offset < 3; offset++) {
          out.put("base64 of " + charset + " of the " + form + " at offset " + offset, base64Core(bytes, offset));
        }
      }
    }
    return out;
  }

  /** The base64 characters that depend on {@code bytes} alone when they start {@code offset} bytes into a 3-byte group. */
  static String base64Core(byte[] bytes, int offset) {
    byte[] shifted = new byte[offset + bytes.length];
    System.arraycopy(bytes, 0, shifted, offset, bytes.length);
    String b64 = Base64.getEncoder().encodeToString(shifted);
    int from = offset == 0 ? 0 : 4;
    return b64.substring(from, b64.length() - 4);
  }

  private static final Pattern HEX_LINE = Pattern.compile("(?m)^.*?\\[chunk #\\d+\\]\\(\\d+/\\d+\\)\\s*((?:[0-9a-f]{2}[ :]?)+)");

  /** The bytes of every hex dump in the text, one after the other, as lower-case hex. */
  static String hexDumped(String text) {
    StringBuilder out = new StringBuilder();
    Matcher m = HEX_LINE.matcher(text);
    while (m.find()) {
      out.append(m.group(1).replaceAll("[^0-9a-f]", ""));
    }
    return out.toString();
  }
}
