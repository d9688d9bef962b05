package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failover.errors.ValidationException;
import dev.failover.access.ScopeAccessBit;
import dev.failover.cli.inventory.InventoryFile;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inventory file: its format, all its errors at once, secrets that never show, hostile names that stay inert. */
class InventoryAndSecretsTest {

  private static final String SECRET = "s3cr3t-VALUE-91x";
  private static final String FILE_SECRET = "file-held-Secret-77q";

  @TempDir
  Path dir;

  Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  String inventory() {
    return """
        servers:
          - id: kea-a
            vendor: kea
            address: 127.0.0.1
            endpoint: http://127.0.0.1:1/
            credential: {user: admin, passwordEnv: KEA_PASSWORD}
          - id: win-a
            vendor: windows
            address: 127.0.0.1
            endpoint: ssh://127.0.0.1:1
            credential: {user: "EXAMPLE\\\\dhcp-admin", passwordFile: win.pass}
        principals:
          - name: alice
            roles: [dhcp-administrators]
          - name: carol
            scopeGrants:
              - {server: win-a, subnet: 10.30.0.0/24, bits: [edit-reservations, edit-exclusions]}
        defaultPrincipal: alice
        """;
  }

  @Test
  @DisplayName("a YAML inventory reads servers, credentials from the environment and a file, principals and bits")
  void reads() throws Exception {
    write("win.pass", FILE_SECRET + "\n");
    InventoryFile f = InventoryFile.read(write("inv.yaml", inventory()), Map.of("KEA_PASSWORD", SECRET));
    assertThat(f.inventory().servers()).hasSize(2);
    assertThat(f.inventory().require("kea-a").credential().orElseThrow().secret().reveal()).isEqualTo(SECRET);
    assertThat(f.inventory().require("win-a").credential().orElseThrow().secret().reveal()).isEqualTo(FILE_SECRET);
    assertThat(f.inventory().require("win-a").credential().orElseThrow().user()).isEqualTo("EXAMPLE\\dhcp-admin");
    assertThat(f.principal("carol").scopeBits(ServerId.of("win-a"), Subnet.parse("10.30.0.0/24")))
        .containsExactlyInAnyOrder(ScopeAccessBit.EDIT_RESERVATIONS, ScopeAccessBit.EDIT_EXCLUSIONS);
    assertThat(f.defaultPrincipal()).contains("alice");
  }

  @Test
  @DisplayName("an ISC server over SSH names its OMAPI key under credentials.omapi, in the credential's own grammar; the secrets never show")
  void omapiKeyBesideSshLogin() throws Exception {
    write("omapi.key", FILE_SECRET + "\n");
    Path p = write("inv.yaml", """
        servers:
          - id: dhcp-a
            vendor: isc
            address: 192.0.2.1
            endpoint: ssh://dhcpadmin@198.51.100.7:22/etc/dhcp/dhcpd.conf
            credential: {user: dhcpadmin, passwordEnv: DHCP_A_SSH_PASSWORD}
            credentials:
              omapi: {user: omapi-admin, passwordFile: omapi.key}
            options: {host-fingerprint: "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}
        """);
    InventoryFile f = InventoryFile.read(p, Map.of("DHCP_A_SSH_PASSWORD", SECRET));
    var server = f.inventory().require("dhcp-a");
    assertThat(server.credential().orElseThrow().secret().reveal()).isEqualTo(SECRET);
    assertThat(server.credentials().get("omapi").user()).isEqualTo("omapi-admin");
    assertThat(server.credentials().get("omapi").secret().reveal()).isEqualTo(FILE_SECRET);
    assertThat(server.toString()).doesNotContain(SECRET).doesNotContain(FILE_SECRET);
    Path bad = write("bad.yaml", """
        servers:
          - id: dhcp-a
            vendor: isc
            address: 192.0.2.1
            endpoint: ssh://dhcpadmin@198.51.100.7:22/etc/dhcp/dhcpd.conf
            credentials:
              omapi: {user: omapi-admin, secret: "%s"}
        """.formatted(SECRET));
    assertThatThrownBy(() -> InventoryFile.read(bad, Map.of())).hasMessageContaining("servers[0].credentials.omapi")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  @DisplayName("a JSON inventory reads the same")
  void json() throws Exception {
    Path p = write("inv.json", """
        {"servers": [{"id": "isc-a", "vendor": "ISC", "address": "192.0.2.11", "endpoint": "file:///etc/dhcp/dhcpd.conf"}],
         "principals": [{"name": "ops", "serverGrants": [{"server": "isc-a", "bits": ["administer-dhcp-servers"]}]}]}
        """);
    InventoryFile f = InventoryFile.read(p, Map.of());
    assertThat(f.inventory().require("isc-a").endpoint().getPath()).isEqualTo("/etc/dhcp/dhcpd.conf");
    assertThat(f.principal("ops").serverGrants()).hasSize(1);
    assertThat(f.defaultPrincipal()).isEmpty();
  }

  @Test
  @DisplayName("every problem of the file is reported at once, each with its place")
  void allProblems() throws Exception {
    Path p = write("bad.yaml", """
        servers:
          - {id: "bad id!", vendor: sun, address: "not an address", endpoint: "no-scheme"}
          - {id: ok, vendor: kea, address: 192.0.2.1, endpoint: "http://192.0.2.1:8000/", colour: blue}
        principals:
          - {name: x, roles: [root]}
        defaultPrincipal: nobody
        """);
    assertThatThrownBy(() -> InventoryFile.read(p, Map.of())).isInstanceOfSatisfying(ValidationException.class, e -> {
      assertThat(e.violations()).extracting(v -> v.field()).contains("servers[0].id.server id", "servers[0].vendor",
          "servers[0].endpoint", "servers[1].\"colour\"", "principals[0].roles[0]", "defaultPrincipal");
      assertThat(e.getMessage()).contains("must be one of isc, kea, windows", "must be one of dhcp-administrators, "
          + "ipam-administrators");
    });
    Path broken = write("broken.yaml", "servers: [ {id: a\n");
    assertThatThrownBy(() -> InventoryFile.read(broken, Map.of())).isInstanceOf(ValidationException.class)
        .hasMessageContaining("must be valid YAML");
  }

  @Test
  @DisplayName("secrets from the environment or a file never appear in any output, text or JSON")
  void secretsNeverShown() throws Exception {
    write("win.pass", FILE_SECRET);
    Path inv = write("inv.yaml", inventory());
    Map<String, String> env = Map.of("KEA_PASSWORD", SECRET);
    for (String[] args : new String[][] {{"servers"}, {"servers", "--json"}, {"principals", "--json"}, {"drift"},
        {"drift", "--json"}, {"replicate", "server", "--from", "kea-a", "--apply", "--yes", "--json"}}) {
      String[] all = new String[args.length + 2];
      all[0] = "-i";
      all[1] = inv.toString();
      System.arraycopy(args, 0, all, 2, args.length);
      Cli.Result r = Cli.run(env, Terminal.none(), all);
      assertThat(r.all()).as(String.join(" ", args)).doesNotContain(SECRET).doesNotContain(FILE_SECRET);
    }
    // nothing listens on port 1: both servers are unreadable, a partial answer (7)
    Cli.Result servers = Cli.run(env, Terminal.none(), "-i", inv.toString(), "servers", "--json")
        .expect(ExitCode.PARTIAL);
    JsonNode cred = servers.json().path("servers").get(0).path("server").path("credential");
    assertThat(cred.path("user").asText()).isEqualTo("admin");
    assertThat(cred.path("secret").asText()).isEqualTo("***");
    assertThat(Cli.run(env, Terminal.none(), "-i", inv.toString(), "servers").out())
        .contains("credential user admin (secret set)");
  }

  @Test
  @DisplayName("a password written in the file is refused without showing it; a missing variable is named, not guessed")
  void inlineSecretRefused() throws Exception {
    Path inline = write("inline.yaml", """
        servers:
          - id: kea-a
            vendor: kea
            address: 127.0.0.1
            endpoint: http://127.0.0.1:1/
            credential: {user: admin, password: hunter2-inline-pw}
        """);
    Cli.Result r = Cli.run(Map.of(), Terminal.none(), "-i", inline.toString(), "servers").expect(ExitCode.ERROR);
    assertThat(r.all()).doesNotContain("hunter2-inline-pw").contains("must not hold a secret in the file");
    Cli.Result json = Cli.run(Map.of(), Terminal.none(), "-i", inline.toString(), "servers", "--json");
    assertThat(json.all()).doesNotContain("hunter2-inline-pw");

    write("win.pass", FILE_SECRET);
    Cli.Result missing = Cli.run(Map.of(), Terminal.none(), "-i", write("inv.yaml", inventory()).toString(), "servers")
        .expect(ExitCode.ERROR);
    assertThat(missing.err()).contains("servers[0].credential.passwordEnv must name a set, non-empty environment "
        + "variable, was \"KEA_PASSWORD\"");
  }

  @Test
  @DisplayName("a Windows shared secret from --shared-secret-env is in no plan, no JSON and not in the sandbox state file")
  void sharedSecret() throws Exception {
    Path state = dir.resolve("sandbox");
    String[] args = {"--sandbox", "--sandbox-dir", state.toString(), "relationships", "modify", "win-pair",
        "--shared-secret-env", "WIN_SECRET", "--apply", "--yes"};
    Cli.Result text = Cli.run(Map.of("WIN_SECRET", SECRET), Terminal.none(), args).expect(ExitCode.OK);
    assertThat(text.all()).doesNotContain(SECRET).contains("modify relationship win-pair");
    assertThat(Cli.sandboxFiles(state)).doesNotContain(SECRET).contains("sandbox.json", "inventory.yaml");
    JsonNode show = Cli.sandbox(state, "relationships", "show", "win-pair", "--json").expect(ExitCode.OK).json();
    assertThat(show.path("relationship").path("settings").path("messageAuthentication").asBoolean()).isTrue();
    assertThat(show.toString()).doesNotContain(SECRET);
    Cli.Result unset = Cli.run(Map.of(), Terminal.none(), args).expect(ExitCode.USAGE);
    assertThat(unset.err()).contains("\"WIN_SECRET\", which is not set");
  }

  @Test
  @DisplayName("hostile names in an inventory file stay inert: terminal controls escaped, JSON intact and ASCII")
  void hostileNames() throws Exception {
    String quote = "x\"; rm -rf / #";
    String script = "</script><script>alert(1)</script>";
    String bidi = "admin\u202Egnp.exe";
    String unicode = "Zoë 名前 $(reboot)";
    Path inv = write("hostile.json", """
        {"servers": [{"id": "win-a", "vendor": "windows", "address": "127.0.0.1", "endpoint": "ssh://127.0.0.1:1",
                      "options": {"note": "%s"}}],
         "principals": [{"name": "%s"}, {"name": "%s"}, {"name": "%s"}, {"name": "%s"}]}
        """.formatted(json(script), json(quote), json(script), json(bidi), json(unicode)));
    Cli.Result text = Cli.run(Map.of(), Terminal.none(), "-i", inv.toString(), "principals").expect(ExitCode.OK);
    assertThat(text.out()).contains("\"" + quote + "\"", script, "admin\\u202egnp.exe", unicode)
        .doesNotContain("\u202E");
    Cli.Result json = Cli.run(Map.of(), Terminal.none(), "-i", inv.toString(), "principals", "--json")
        .expect(ExitCode.OK);
    assertThat(json.out().chars()).allMatch(c -> c < 0x80);
    assertThat(SandboxCommandsTest.texts(json.json().path("principals"), "name"))
        .containsExactly(quote, script, bidi, unicode);
    JsonNode servers = Cli.run(Map.of(), Terminal.none(), "-i", inv.toString(), "servers", "--json").json();
    assertThat(servers.path("servers").get(0).path("server").path("options").path("note").asText()).isEqualTo(script);

    // control characters are refused by the SDK, and the refusal shows them escaped
    Path controls = write("controls.json", """
        {"servers": [{"id": "win-a", "vendor": "windows", "address": "127.0.0.1", "endpoint": "ssh://127.0.0.1:1"}],
         "principals": [{"name": "evil\\u001b[31mred\\u009b2J"}]}
        """);
    Cli.Result refused = Cli.run(Map.of(), Terminal.none(), "-i", controls.toString(), "principals")
        .expect(ExitCode.ERROR);
    assertThat(refused.all()).doesNotContain("\u001b").doesNotContain("\u009b").contains("evil\\u001b[31mred");
  }

  @Test
  @DisplayName("a hostile relationship name is planned, applied, listed and compared as one inert value")
  void hostileRelationshipName() {
    Path state = dir.resolve("sandbox");
    String name = "pair \"x\"; Remove-DhcpServerv4Scope -Force \u202E";
    String shown = "pair \"x\"; Remove-DhcpServerv4Scope -Force \\u202e";
    Cli.Result created = Cli.sandbox(state, "relationships", "create", name + "z", "--primary", "win-a", "--secondary",
        "win-b", "--reserve-percent", "5", "--scope", "10.39.0.0/24", "--apply", "--yes").expect(ExitCode.OK);
    assertThat(created.out()).contains("create relationship " + shown + "z").doesNotContain("\u202E");
    JsonNode list = Cli.sandbox(state, "relationships", "list", "--json").expect(ExitCode.OK).json();
    assertThat(SandboxCommandsTest.texts(list.path("relationships"), "name")).contains(name + "z");
    Cli.sandbox(state, "drift", name + "z").expect(ExitCode.OK);
  }

  private static String json(String text) {
    StringBuilder sb = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c > 0x7e) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
