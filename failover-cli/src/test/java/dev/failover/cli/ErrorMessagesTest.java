package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failover.Secret;
import dev.failover.testkit.kea.FakeKeaPair;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The errors an operator meets, provoked through the command line: each says what went wrong and
 * what to do next, keeps the server's own text, and names no Java class or method. Every result
 * of every test here is scanned for Java-looking names at the end ({@link #noJavaNames}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorMessagesTest {

  /** What reads as Java rather than words: a package-qualified class, a method call, an exception, a library object. */
  static final List<Pattern> JAVA = List.of(
      Pattern.compile("\\b[a-z]+\\.[a-z]+(\\.[a-z]+)*\\.[A-Z]\\w+"),
      Pattern.compile("\\b[A-Za-z]\\w*\\.[a-z]\\w*\\("),
      Pattern.compile("\\b[A-Z][a-z]+[A-Z]\\w*\\.[a-z]\\w*"),
      Pattern.compile("Exception\\b"),
      Pattern.compile("\\w+Future\\b"));

  @TempDir
  static Path dir;

  private final List<Cli.Result> seen = new ArrayList<>();

  private Cli.Result sandbox(String... args) {
    Cli.Result r = Cli.sandbox(dir.resolve("sandbox"), args);
    seen.add(r);
    return r;
  }

  private Cli.Result sandbox(Terminal terminal, String... args) {
    Cli.Result r = Cli.sandbox(dir.resolve("sandbox"), terminal, args);
    seen.add(r);
    return r;
  }

  private Cli.Result run(Map<String, String> env, String... args) {
    Cli.Result r = Cli.run(env, Terminal.none(), args);
    seen.add(r);
    return r;
  }

  @AfterAll
  void noJavaNames() {
    assertThat(seen).isNotEmpty();
    for (Cli.Result r : seen) {
      String printed = r.all();
      for (Pattern p : JAVA) {
        assertThat(p.matcher(printed).find()).as("%s found in:%n%s", p, printed).isFalse();
      }
    }
  }

  @Test
  @DisplayName("an unknown relationship or server lists the known ones and suggests the nearest, in text and --json")
  void unknownRelationship() {
    Cli.Result typo = sandbox("drift", "kea-piar").expect(ExitCode.ERROR);
    assertThat(typo.err()).contains("relationship kea-piar not found",
        "known relationships: \"isc-pair\", \"kea-pair\", \"win-pair\"; did you mean \"kea-pair\"?");
    Cli.Result server = sandbox("scopes", "list", "kea-c").expect(ExitCode.ERROR);
    assertThat(server.err()).contains("server kea-c not found", "known servers: \"isc-a\", \"isc-b\", \"kea-a\", "
        + "\"kea-b\", \"win-a\", \"win-b\"; did you mean \"kea-a\"?");
    JsonNode json = sandbox("relationships", "show", "no-such-pair", "--json").expect(ExitCode.ERROR).json();
    assertThat(json.path("error").path("known").asText()).contains("\"isc-pair\", \"kea-pair\", \"win-pair\"")
        .doesNotContain("did you mean");
  }

  @Test
  @DisplayName("every command's --json in the sandbox, servers --json included, names no Java class: the backend is its vendor (isc, kea, windows)")
  void everyCommandsJson() {
    JsonNode servers = sandbox("servers", "--json").expect(ExitCode.OK).json();
    List<String> backends = new ArrayList<>();
    servers.path("servers").forEach(n -> backends.add(n.path("backend").asText()));
    assertThat(backends).containsExactly("isc", "isc", "kea", "kea", "windows", "windows");
    // every command, reading or planning (no --apply: the sandbox is left as it is); each result is scanned at the end
    List<String[]> commands = List.of(
        new String[] {"principals"}, new String[] {"relationships", "list"},
        new String[] {"relationships", "show", "isc-pair"}, new String[] {"relationships", "show", "kea-pair"},
        new String[] {"relationships", "show", "win-pair"}, new String[] {"scopes", "list"}, new String[] {"peers", "list"},
        new String[] {"drift"}, new String[] {"status"}, new String[] {"status", "-v"},
        new String[] {"who-serves", "kea-pair", "02:00:5e:00:00:01"},
        new String[] {"replicate", "relationship", "kea-pair", "--from", "kea-a"},
        new String[] {"replicate", "scope", "10.11.0.0/24", "--from", "isc-a"},
        new String[] {"replicate", "server", "--from", "win-a"},
        new String[] {"relationships", "create", "lobby", "--primary", "win-a", "--secondary", "win-b", "--mode",
            "hot-standby", "--scope", "10.39.0.0/24"},
        new String[] {"relationships", "modify", "kea-pair", "--mode", "load-balancing"},
        new String[] {"relationships", "remove", "win-pair", "--keep-scopes-on", "win-a"},
        new String[] {"scopes", "add", "win-pair", "10.39.0.0/24"},
        new String[] {"peers", "add", "isc-a", "spare", "--role", "primary", "--address", "192.0.2.11",
            "--peer-address", "192.0.2.12"},
        new String[] {"peers", "edit", "isc-a", "isc-pair", "--mclt", "30m"},
        new String[] {"partner-down", "isc-pair", "--on", "isc-b"},
        new String[] {"maintenance", "start", "kea-pair", "--on", "kea-b"});
    for (String[] command : commands) {
      List<String> args = new ArrayList<>(List.of(command));
      args.add("--json");
      Cli.Result r = sandbox(args.toArray(String[]::new));
      assertThat(r.code()).as("%s: %s", String.join(" ", command), r.err()).isIn(ExitCode.OK, ExitCode.DRIFT);
      assertThat(r.json().isObject()).as(String.join(" ", command)).isTrue();
    }
  }

  @Test
  @DisplayName("an unknown --as is an error on every command, reading ones too, naming the known principals and the nearest")
  void unknownPrincipal() {
    for (String[] command : List.of(new String[] {"status"}, new String[] {"servers"},
        new String[] {"replicate", "scope", "10.30.0.0/24", "--from", "win-a"})) {
      List<String> args = new ArrayList<>(List.of("--as", "alcie"));
      args.addAll(List.of(command));
      Cli.Result r = sandbox(args.toArray(String[]::new)).expect(ExitCode.ERROR);
      assertThat(r.err()).as(String.join(" ", command)).contains("principal \"alcie\" not found",
          "known principals: ", "\"alice\"", "did you mean \"alice\"?");
      assertThat(r.out()).isEmpty();
    }
  }

  @Test
  @DisplayName("relationships remove without --keep-scopes-on names the option and the two choices (exit 2)")
  void keepScopesOnMissing() {
    Cli.Result r = sandbox("relationships", "remove", "win-pair").expect(ExitCode.USAGE);
    assertThat(r.err()).contains("relationship \"win-pair\" still has", "--keep-scopes-on win-a or --keep-scopes-on "
        + "win-b", "--other-side delete");
  }

  @Test
  @DisplayName("a refused Windows partner-down says which state Windows needs, which one the server is in, and Windows' own text")
  void windowsPartnerDownRefused() {
    Cli.Result r = sandbox("partner-down", "win-pair", "--on", "win-b", "--apply", "--yes").expect(ExitCode.ERROR);
    assertThat(r.err()).contains("server win-b refused", "only from the COMMUNICATION INTERRUPTED state",
        "win-b is in NORMAL.", "Stop win-a or wait until win-b reports",
        "Windows said: ", "ERROR_INVALID_PARAMETER");
  }

  @Test
  @DisplayName("a refused Kea partner-down says the partner still answers, that nothing was sent, and what to do instead")
  void keaPartnerDownRefused() {
    Cli.Result r = sandbox("partner-down", "kea-pair", "--on", "kea-b", "--apply", "--yes").expect(ExitCode.ERROR);
    assertThat(r.err()).contains("server kea-b refused: kea-a still answers kea-b", "nothing was sent",
        "failover maintenance start");
  }

  @Test
  @DisplayName("ISC partner-down while the partner is in touch: warned in the plan, asked again even with --yes, refused without a terminal unless --force")
  void iscPartnerDownWhileInTouch() {
    Cli.Result plan = sandbox("partner-down", "isc-pair", "--on", "isc-b").expect(ExitCode.OK);
    assertThat(plan.out()).contains("Warnings:", "! isc-b is still in touch with its partner isc-a (isc-b is normal, "
        + "isc-a is normal", "does not look down", "stop isc-a first");
    JsonNode json = sandbox("partner-down", "isc-pair", "--on", "isc-b", "--json").expect(ExitCode.OK).json();
    assertThat(json.path("partnerInTouch").asBoolean()).isTrue();
    assertThat(json.path("warnings").get(0).asText()).contains("still in touch");

    Cli.Result script = sandbox("partner-down", "isc-pair", "--on", "isc-b", "--apply", "--yes")
        .expect(ExitCode.USAGE);
    assertThat(script.err()).contains("refusing partner-down on isc-b", "pass --force (with --yes)");
    Cli.Operator operator = new Cli.Operator("n");
    sandbox(operator, "partner-down", "isc-pair", "--on", "isc-b", "--apply", "--yes").expect(ExitCode.ERROR);
    assertThat(operator.prompts).singleElement().asString().contains("isc-b is still in touch with isc-a",
        "anyway? [y/N]");
    assertThat(sandbox("status", "isc-pair").expect(ExitCode.OK).out()).doesNotContain("partner-down");
  }

  @Test
  @DisplayName("a plan file that is not a plan, or is missing, is named with what is wrong in words")
  void badPlanFile() throws Exception {
    Path notAPlan = dir.resolve("not-a-plan.json");
    Files.writeString(notAPlan, "{\"operation\": 3, \"servers\": \"none\"}");
    Cli.Result r = sandbox("apply", notAPlan.toString(), "--yes").expect(ExitCode.ERROR);
    assertThat(r.err()).contains(notAPlan.getFileName().toString());
    Cli.Result missing = sandbox("apply", dir.resolve("missing.json").toString(), "--yes");
    assertThat(missing.code()).isNotZero();
    assertThat(missing.err()).contains("missing.json");
  }

  @Test
  @DisplayName("an inventory indented with a tab: the YAML parser's own problem and its line and column")
  void inventoryWithATab() throws Exception {
    Path inventory = dir.resolve("tab.yaml");
    Files.writeString(inventory, "servers:\n  - id: kea-a\n\tvendor: kea\n");
    Cli.Result r = run(Map.of(), "-i", inventory.toString(), "servers").expect(ExitCode.ERROR);
    assertThat(r.err()).contains("line 3, column 1", "must be valid YAML", "found character",
        "cannot start any token", "Do not use", "for indentation");
    Cli.Result missing = run(Map.of(), "-i", dir.resolve("none.yaml").toString(), "servers").expect(ExitCode.ERROR);
    assertThat(missing.err()).contains("must be a readable file (no such file: ");
  }

  /** The tool against the testkit's fake Kea pair over HTTP, and against a port nothing listens on. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Servers {

    @Test
    @DisplayName("a wrong password (HTTP 401) is a credential problem, with the server's text and what to check; servers exits 7")
    void wrongPassword() throws Exception {
      try (FakeKeaPair pair = FakeKeaPair.hotStandby().withScope("10.1.0.0/24")
          .basicAuth("admin", Secret.of("right-one")).start()) {
        Path inventory = dir.resolve("kea-401.yaml");
        Files.writeString(inventory, """
            servers:
              - {id: kea-a, vendor: kea, address: 127.0.0.1, endpoint: "%s", credential: {user: admin, passwordEnv: KEA_PW}}
              - {id: kea-b, vendor: kea, address: 127.0.0.1, endpoint: "%s", credential: {user: admin, passwordEnv: KEA_PW}}
            principals:
              - {name: alice, roles: [dhcp-administrators]}
            """.formatted(pair.primary().url(), pair.secondary().url()));
        Map<String, String> env = Map.of("KEA_PW", "wrong-one");
        Cli.Result drift = run(env, "-i", inventory.toString(), "drift").expect(ExitCode.ERROR);
        assertThat(drift.err()).contains("server kea-a did not accept the credential", "HTTP 401",
            "what to do: check the user (credential.user) and the secret", "of server kea-a in the inventory")
            .doesNotContain("could not talk").doesNotContain("wrong-one");
        JsonNode json = run(env, "-i", inventory.toString(), "drift", "--json").expect(ExitCode.ERROR).json();
        assertThat(json.path("error").path("backendKind").asText()).isEqualTo("credentials");
        assertThat(json.path("error").path("hint").asText()).contains("credential.user");
        Cli.Result servers = run(env, "-i", inventory.toString(), "servers").expect(ExitCode.PARTIAL);
        assertThat(servers.out()).contains("cannot read: server kea-a did not accept the credential",
            "2 of 2 server(s) could not be read");
      }
    }

    @Test
    @DisplayName("a server nobody listens for: \"the connection was refused\" and what to check, never a Java exception")
    void connectionRefused() throws Exception {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      Path inventory = dir.resolve("kea-refused.yaml");
      Files.writeString(inventory, """
          servers:
            - {id: kea-a, vendor: kea, address: 127.0.0.1, endpoint: "http://127.0.0.1:%d/"}
          principals:
            - {name: alice, roles: [dhcp-administrators]}
          """.formatted(port));
      Cli.Result drift = run(Map.of(), "-i", inventory.toString(), "drift").expect(ExitCode.ERROR);
      assertThat(drift.err()).contains("could not talk to server kea-a", "the connection was refused",
          "what to do: check that kea-a is running and reachable at http://127.0.0.1:" + port);
      Cli.Result servers = run(Map.of(), "-i", inventory.toString(), "servers", "--json").expect(ExitCode.PARTIAL);
      assertThat(servers.json().path("partial").asBoolean()).isTrue();
      assertThat(servers.json().path("servers").get(0).path("error").asText()).contains("the connection was refused");
    }
  }
}
