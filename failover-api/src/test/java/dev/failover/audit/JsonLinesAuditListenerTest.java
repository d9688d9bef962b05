package dev.failover.audit;

import static dev.failover.plan.Fixtures.driftedWindowsPair;
import static dev.failover.plan.Fixtures.WIN_A;
import static dev.failover.plan.Fixtures.WIN_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failover.Failover;
import dev.failover.errors.FailoverException;
import dev.failover.Secret;
import dev.failover.ServerOutcome;
import dev.failover.errors.ValidationException;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.json.FailoverJson;
import dev.failover.plan.MemoryBackend;
import dev.failover.plan.Plan;
import dev.failover.plan.Replicate;
import dev.failover.server.Credential;
import dev.failover.server.ImmutableServer;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The JSON Lines audit log: one valid JSON object per line, appended, never a secret")
class JsonLinesAuditListenerTest {

  private static final String PASSWORD = "s3cr3t-pa55w0rd-\"quoted\"";

  @TempDir
  Path dir;

  @Test
  @DisplayName("hostile values (quotes, line breaks, control characters, a line separator) keep each event on one line")
  void hostileValuesStayOnOneLine() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    JsonLinesAuditListener log = JsonLinesAuditListener.open(file);
    Map<ServerId, ServerOutcome> outcomes = new LinkedHashMap<>();
    outcomes.put(WIN_A, ServerOutcome.RESTORED);
    outcomes.put(WIN_B, ServerOutcome.UNKNOWN);
    AuditEvent hostile = ImmutableAuditEvent.builder().time(Instant.parse("2026-12-07T14:00:00.250Z"))
        .principal("mallory\"}\n{\"principal\":\"root").operation("partner-down \"pair\nB\"\r\n on win-a\t\u0000\u0007")
        .planDigest("partner-down:pair\nB:win-a").servers(List.of(WIN_A, WIN_B)).outcome(AuditEvent.Outcome.FAILED)
        .detail("server said:\n  line 2\\n \u2028 \u2029 \u001b[31m red").serverOutcomes(outcomes).build();
    log.onEvent(hostile);
    log.onEvent(AuditLogWriter.event("alice", 1));

    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(2);
    JsonNode first = FailoverJson.mapper().readTree(lines.get(0));
    assertThat(first.isObject()).isTrue();
    assertThat(first.path("principal").asText()).isEqualTo(hostile.principal());
    assertThat(first.path("time").asText()).isEqualTo("2026-12-07T14:00:00.250Z");
    assertThat(first.path("outcome").asText()).isEqualTo("FAILED");
    assertThat(first.path("serverOutcomes").path("win-b").asText()).isEqualTo("unknown");
    assertThat(JsonLinesAuditListener.read(file)).containsExactly(hostile, AuditLogWriter.event("alice", 1));
  }

  @Test
  @DisplayName("applied, denied and failed attempts through the facade are logged, and a server's secret never is")
  void attemptsThroughTheFacadeNeverLogASecret() throws Exception {
    MemoryBackend backend = driftedWindowsPair();
    Credential credential = Credential.of("dhcpadmin", Secret.of(PASSWORD));
    Inventory inventory = Inventory.of(
        ImmutableServer.builder().from(Server.of("win-a", Vendor.WINDOWS, "192.0.2.31",
            URI.create("ssh://dhcpadmin@127.0.0.1:2201"))).credential(credential).build(),
        ImmutableServer.builder().from(Server.of("win-b", Vendor.WINDOWS, "192.0.2.32",
            URI.create("ssh://dhcpadmin@127.0.0.1:2202"))).credential(credential).build());
    Path file = dir.resolve("audit.jsonl");
    Failover failover = Failover.builder().inventory(inventory).backends(backend)
        .audit(JsonLinesAuditListener.open(file)).build();
    Principal alice = Principal.withRoles("alice", BuiltInRole.DHCP_ADMINISTRATORS);
    Principal ivan = Principal.named("ivan").build();

    Plan stale = failover.plan(Replicate.scope("10.1.0.0/24").from("win-a"));
    assertThatThrownBy(() -> failover.apply(stale, ivan)).isInstanceOf(FailoverException.class);
    backend.touch(WIN_B);
    assertThatThrownBy(() -> failover.apply(stale, alice)).isInstanceOf(FailoverException.class);
    Plan failing = failover.plan(Replicate.scope("10.1.0.0/24").from("win-a"));
    backend.failApply.add(WIN_B);
    assertThatThrownBy(() -> failover.apply(failing, alice)).isInstanceOf(FailoverException.class);
    Plan plan = failover.plan(Replicate.scope("10.1.0.0/24").from("win-a"));
    failover.apply(plan, alice);
    assertThatThrownBy(() -> failover.partnerDown("win-pair\n\"}{", "win-a", alice))
        .isInstanceOf(FailoverException.class);

    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(text).doesNotContain(PASSWORD).doesNotContain("s3cr3t");
    List<AuditEvent> events = JsonLinesAuditListener.read(file);
    assertThat(events).extracting(AuditEvent::outcome).containsExactly(AuditEvent.Outcome.DENIED,
        AuditEvent.Outcome.CONFLICT, AuditEvent.Outcome.ROLLED_BACK, AuditEvent.Outcome.SUCCEEDED,
        AuditEvent.Outcome.INVALID);
    assertThat(events).extracting(AuditEvent::principal).containsExactly("ivan", "alice", "alice", "alice", "alice");
    assertThat(events.get(2).serverOutcomes()).containsEntry(WIN_B, ServerOutcome.UNCHANGED);
    assertThat(events.get(3).planDigest()).isEqualTo(plan.digest());
    assertThat(events.get(4).operation()).isEqualTo("partner-down win-pair\n\"}{ on win-a");
    assertThat(text.lines()).hasSize(5);
  }

  @Test
  @DisplayName("four threads appending 100 events each to one file: 400 whole lines, none lost or interleaved")
  void threadsNeverInterleave() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String name = "thread-" + t;
        // a listener of its own per thread: two listeners on one file must not interleave either
        JsonLinesAuditListener log = JsonLinesAuditListener.open(file);
        writers.add(pool.submit(() -> {
          for (int i = 0; i < 100; i++) {
            log.onEvent(AuditLogWriter.event(name, i));
          }
        }));
      }
      for (Future<?> w : writers) {
        w.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEveryWriterComplete(file, Map.of("thread-0", 100, "thread-1", 100, "thread-2", 100, "thread-3", 100));
  }

  @Test
  @DisplayName("another process appending to the same file at the same time: every line of both is whole")
  void processesNeverInterleave() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        AuditLogWriter.class.getName(), file.toString(), "other-process", "300")
        .redirectErrorStream(true).redirectOutput(dir.resolve("other.out").toFile()).start();
    try {
      JsonLinesAuditListener log = JsonLinesAuditListener.open(file);
      for (int i = 0; i < 300; i++) {
        log.onEvent(AuditLogWriter.event("this-process", i));
      }
      assertThat(other.waitFor(120, TimeUnit.SECONDS)).as("the other process ends within 2 minutes").isTrue();
    } finally {
      other.destroyForcibly();
    }
    assertThat(other.exitValue()).as(Files.readString(dir.resolve("other.out"))).isZero();
    assertEveryWriterComplete(file, Map.of("this-process", 300, "other-process", 300));
  }

  @Test
  @DisplayName("a file it cannot append to is refused when the listener is opened, naming the file")
  void anUnwritableFileIsRefusedUpFront() {
    Path missingDir = dir.resolve("no-such-dir").resolve("audit.jsonl");
    assertThatThrownBy(() -> JsonLinesAuditListener.open(missingDir)).isInstanceOf(ValidationException.class)
        .hasMessageContaining(missingDir.toString()).hasMessageContaining("its directory does not exist");
    assertThatThrownBy(() -> JsonLinesAuditListener.open(dir)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("must be a file, not a directory");
  }

  @Test
  @DisplayName("a log it creates is readable by its owner and group only; an existing log is appended to, never cut")
  void createdOwnerAndGroupOnlyAndAppended() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    JsonLinesAuditListener.open(file).onEvent(AuditLogWriter.event("alice", 0));
    if (File.separatorChar == '/') {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
    }
    JsonLinesAuditListener.open(file).onEvent(AuditLogWriter.event("bob", 0));
    assertThat(JsonLinesAuditListener.read(file)).extracting(AuditEvent::principal).containsExactly("alice", "bob");
  }

  private static void assertEveryWriterComplete(Path file, Map<String, Integer> expected) throws Exception {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(expected.values().stream().mapToInt(Integer::intValue).sum());
    Map<String, List<Integer>> seen = new LinkedHashMap<>();
    for (String line : lines) {
      AuditEvent e = FailoverJson.read(line, AuditEvent.class);
      assertThat(e.detail()).endsWith("x".repeat(3000));
      seen.computeIfAbsent(e.principal(), k -> new ArrayList<>())
          .add(Integer.parseInt(e.planDigest().substring("digest-".length())));
    }
    expected.forEach((name, count) -> assertThat(seen.get(name)).as(name)
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, count).boxed().toList()));
  }
}
