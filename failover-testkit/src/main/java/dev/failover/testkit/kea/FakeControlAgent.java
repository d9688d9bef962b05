package dev.failover.testkit.kea;

import static dev.failover.testkit.kea.FakeKeaAnswers.NODES;
import static dev.failover.testkit.kea.FakeKeaAnswers.answer;
import static dev.failover.testkit.kea.FakeKeaAnswers.list;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.Secret;
import dev.failover.testkit.kea.FakeKeaAnswers.CommandError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The fake's HTTP control channel. For Kea 2.2 and 2.6 it is the Control Agent
 * ({@code kea-ctrl-agent}): it checks the request and its basic authentication, answers a command
 * without {@code service} itself and forwards one for {@code dhcp4} to the {@link FakeDhcp4Server}.
 * For Kea 3.0 it plays {@code kea-dhcp4}'s own HTTP socket: the same HTTP checks, no agent commands,
 * every command goes to the server. The HTTP-level faults ({@link KeaFault}) act here.
 */
final class FakeControlAgent {

  private static final List<String> AGENT_COMMANDS = List.of("build-report", "config-get",
      "config-reload", "config-set", "config-test", "config-write", "list-commands", "shutdown",
      "status-get", "version-get");

  /** {@code version-get}'s {@code extended} text of real Kea 2.6.3 as Debian trixie builds it. */
  static final String EXTENDED_2_6_AGENT = "2.6.3 (tarball)\npremium: no\nlinked with:\n"
      + "- log4cplus 2.0.8\n- OpenSSL 3.5.9 29 Sep 2026";

  /** {@code version-get}'s {@code extended} text of the recorded agent, after the version. */
  static final String AGENT_EXTENDED = "\ntarball\nlinked with:\nlog4cplus 2.0.8\n";

  /** What real Kea's agent adds to "command not supported" for a command without service. */
  static final String AGENT_NO_SERVICE = " You did not include \"service\" parameter in the"
      + " command, which indicates that Kea Control Agent should process this command rather than"
      + " forward it to one or more Kea servers. If you aimed to send this command to one of the"
      + " Kea servers you should include the \"service\" parameter in your request, e.g."
      + " \"service\": [ \"dhcp4\" ] to forward the command to the DHCPv4 server, or"
      + " \"service\": [ \"dhcp4\", \"dhcp6\", \"d2\" ] to forward it to DHCPv4, DHCPv6 and D2"
      + " servers etc.";

  /** What Kea 2.2's agent answers for {@code dhcp4} when {@code kea-dhcp4} is not running. */
  static final String SERVER_GONE = "unable to forward command to the dhcp4 service: No such file or"
      + " directory. The server is likely to be offline";

  private static final Set<String> COMMAND_PARAMETERS = Set.of("command", "arguments", "service",
      "remote-address");
  static final String DEFAULT_REALM = "kea-control-agent";

  /** A user the agent lets in, with its password. */
  record Credential(String user, Secret password) {
  }

  private final FakeKeaServer server;
  private final KeaHaNetwork network;
  private final FakeKeaFlavour flavour;
  private final int pid;
  private final FakeDhcp4Server dhcp4;
  private final List<Credential> credentials;
  private final String realm;

  FakeControlAgent(FakeKeaServer server, KeaHaNetwork network, FakeKeaFlavour flavour, int pid,
      FakeDhcp4Server dhcp4, List<Credential> credentials, String realm) {
    this.server = server;
    this.network = network;
    this.flavour = flavour;
    this.pid = pid;
    this.dhcp4 = dhcp4;
    this.credentials = List.copyOf(credentials);
    this.realm = realm;
  }

  KeaHttpFace.Response respond(KeaHttpFace.Request request) {
    KeaFault f = server.locked(server::faultNow);
    if (f != null) {
      switch (f.kind()) {
        case NO_ANSWER:
          return KeaHttpFace.Response.hold();
        case CONNECTION_RESET:
          return KeaHttpFace.Response.drop();
        case HTTP_500:
          return stock(500, "Internal Server Error", Map.of());
        case SLOW_ANSWER:
          try {
            Thread.sleep(f.delay().toMillis()); // the fault asked for: a late answer in real time
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return KeaHttpFace.Response.drop();
          }
          break;
        default:
          break;
      }
    }
    if (request.tooLarge()) {
      // real Kea would answer after minutes (see largeBodyDelay): no answer within any deadline
      return KeaHttpFace.Response.hold();
    }
    if (request.body().length >= LARGE_BODY) {
      // real Kea reads and parses a large body for long before it answers
      try {
        Thread.sleep(largeBodyDelay(request.body().length));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return KeaHttpFace.Response.drop();
      }
    }
    if (!"POST".equalsIgnoreCase(request.method())
        || !request.hasContentLength() || request.contentType() == null
        || !request.contentType().strip().equalsIgnoreCase("application/json")) {
      return stock(400, "Bad Request", Map.of());
    }
    FakeKeaJson.Parsed parsed = null;
    if (request.body().length > 0) {
      try {
        parsed = FakeKeaJson.parse(request.body());
      } catch (FakeKeaJson.ParseException e) {
        return stock(400, "Bad Request", Map.of());
      }
    }
    if (!credentials.isEmpty() && !authorized(request.authorization())) {
      return stock(401, "Unauthorized", Map.of("WWW-Authenticate", "Basic realm=\"" + realm
          + "\""));
    }
    FakeKeaJson.Parsed command = parsed;
    JsonNode answer = server.locked(() -> process(command));
    return new KeaHttpFace.Response(200, FakeKeaJson.toWire(answer), Map.of());
  }

  /** From this size on a request body delays the answer as real Kea's does ({@link #largeBodyDelay}). */
  static final int LARGE_BODY = 16 * 1024 * 1024;

  /**
   * How long real Kea took to answer a body of this size here (2 cores, loopback): a
   * {@code version-get} padded to 1, 8, 32 and 64 MiB was answered by the 2.2 agent after 1.7 s
   * and 11.6 s and not within 20 s (32 MiB, the server busy 18 s more and HA dropping to
   * {@code ready}); by 2.6's agent after 1.4 s, 7.9 s, not within 20 s (busy 16 s more); by
   * 3.0's own socket after 0.2 s, 1.9 s, 8.2 s and 13.8 s. Kea has no body limit: the time grows
   * with the size (about 1.45, 1.0 and 0.22 s per MiB).
   */
  long largeBodyDelay(long bytes) {
    long millisPerMib = switch (flavour) {
      case CONTROL_AGENT_2_2 -> 1450;
      case CONTROL_AGENT_2_6 -> 1000;
      case DIRECT_HTTP_3_0 -> 220;
    };
    return bytes * millisPerMib / (1024 * 1024);
  }

  private static KeaHttpFace.Response stock(int status, String text, Map<String, String> headers) {
    return new KeaHttpFace.Response(status, FakeKeaJson.toWire(answer(status, text, null)), headers);
  }

  /** Kea's {@code checkBasicHttpAuth}: scheme "basic" in any case, then the credential. */
  private boolean authorized(String header) {
    if (header == null) {
      return false;
    }
    String value = header.strip();
    if (value.length() < 8 || !value.substring(0, 5).equalsIgnoreCase("basic")) {
      return false;
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(value.substring(5).strip());
    } catch (IllegalArgumentException e) {
      return false;
    }
    String pair = new String(decoded, StandardCharsets.UTF_8);
    int colon = pair.indexOf(':');
    if (colon <= 0 || colon == pair.length() - 1) {
      return false;
    }
    String user = pair.substring(0, colon);
    Secret presented = Secret.of(pair.substring(colon + 1));
    boolean ok = false;
    for (Credential c : credentials) {
      ok |= c.user().equals(user) & c.password().equals(presented);
    }
    return ok;
  }

  /** {@code isc::config::parseCommand}. */
  private static String parseCommand(JsonNode command, boolean newer) throws CommandError {
    if (!command.isObject()) {
      throw new CommandError(newer ? "invalid command: expected toplevel entry to be a map, got "
          + (command.isArray() ? "list" : "value") + " instead"
          : "invalid command Element specified, expected map");
    }
    if (!command.has("command")) {
      throw new CommandError(newer ? "invalid command: does not contain mandatory 'command'"
          : "Invalid answer specified, does not contain mandatory 'command'");
    }
    var names = command.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!COMMAND_PARAMETERS.contains(name)) {
        throw new CommandError(newer ? "invalid command: unsupported parameter '" + name + "'"
            : "Received command contains unsupported parameter '" + name + "'");
      }
    }
    if (!command.get("command").isTextual()) {
      // real Kea 2.6 / 3.0 name the type of the command map here, not of the value
      throw new CommandError(newer ? "invalid command: expected 'command' to be a string, got map"
          + " instead" : "'command' element in command message is not a string");
    }
    return command.get("command").textValue();
  }

  JsonNode process(FakeKeaJson.Parsed parsed) {
    boolean agent = flavour.agent();
    if (parsed == null) {
      ObjectNode result = answer(1, "Command processing failed: NULL command parameter", null);
      return list(result);
    }
    JsonNode command = parsed.root();
    String name;
    try {
      name = parseCommand(command, flavour.newer());
    } catch (CommandError e) {
      // the agent (real Kea 2.2 / 2.6) answers these in a list, and capitalises the first
      String text = e.getMessage();
      if (agent && text.startsWith("invalid command Element")) {
        text = "I" + text.substring(1);
      }
      ObjectNode result = answer(1, "Error during command processing: " + text, null);
      return list(result);
    }
    JsonNode args = command.get("arguments");
    List<String> service = new ArrayList<>();
    JsonNode services = command.get("service");
    if (services != null && services.isArray()) {
      services.forEach(s -> service.add(s.isTextual() ? s.textValue() : FakeKeaJson.toWire(s)));
    }
    if (flavour == FakeKeaFlavour.DIRECT_HTTP_3_0) {
      Function<JsonNode, FakeKeaJson.Position> position = parsed::positionOf;
      ObjectNode result = dhcp4.command(name, args, position);
      server.record(name, service, args, result);
      // real Kea 3.0.4's own HTTP socket answers a JSON command with a list of one answer, as an agent does
      return list(result);
    }
    if (services != null && !services.isArray()) {
      ObjectNode result = answer(1, "service value must be a list", null);
      server.record(name, service, args, result);
      return list(result);
    }
    if (services == null || services.isEmpty()) {
      ObjectNode result = agentCommand(name);
      server.record(name, service, args, result);
      return list(result);
    }
    for (JsonNode s : services) {
      if (!s.isTextual()) {
        ObjectNode result = answer(1, "Error during command processing: stringValue() called on"
            + " non-string Element", null);
        server.record(name, service, args, result);
        return result;
      }
    }
    ArrayNode answers = NODES.arrayNode();
    KeaFault fault = server.faultNow();
    if (fault != null && fault.kind() == KeaFault.Kind.SERVER_DOWN) {
      for (JsonNode s : services) {
        ObjectNode result = s.textValue().equals("dhcp4") ? answer(1, SERVER_GONE, null)
            : answer(1, "forwarding socket is not configured for the server type " + s.textValue(), null);
        server.record(name, service, args, result);
        answers.add(result);
      }
      return answers;
    }
    // Positions are only needed for an error message: work them out on first use.
    Map<JsonNode, FakeKeaJson.Position> wire = new java.util.IdentityHashMap<>();
    Function<JsonNode, FakeKeaJson.Position> position = n -> {
      if (wire.isEmpty()) {
        wire.putAll(FakeKeaJson.wirePositions(command));
      }
      return wire.getOrDefault(n, new FakeKeaJson.Position(FakeKeaJson.WIRE, 0, 0));
    };
    for (JsonNode s : services) {
      ObjectNode result;
      if (s.textValue().equals("dhcp4")) {
        result = dhcp4.command(name, args, position);
      } else {
        result = answer(1, "forwarding socket is not configured for the server type "
            + s.textValue(), null);
      }
      server.record(name, service, args, result);
      answers.add(result);
    }
    return answers;
  }

  /** What the Control Agent answers itself (a command without {@code service}). */
  private ObjectNode agentCommand(String name) {
    switch (name) {
      case "config-get":
        return answer(0, null, agentConfiguration());
      case "list-commands": {
        ArrayNode list = NODES.arrayNode();
        FakeDhcp4Server.commandList(flavour, AGENT_COMMANDS, List.of("config-hash-get")).forEach(list::add);
        return answer(0, null, list);
      }
      case "version-get": {
        ObjectNode args = NODES.objectNode();
        args.put("extended", flavour == FakeKeaFlavour.CONTROL_AGENT_2_6 ? EXTENDED_2_6_AGENT
            : flavour.version() + AGENT_EXTENDED);
        return answer(0, flavour.version(), args);
      }
      case "status-get": {
        ObjectNode args = NODES.objectNode();
        args.put("pid", pid + 100);
        long uptime = Math.max(0, Duration.between(dhcp4.startedAt(), network.clock.instant())
            .getSeconds());
        args.put("reload", uptime);
        args.put("uptime", uptime);
        return answer(0, null, args);
      }
      default:
        if (AGENT_COMMANDS.contains(name)) {
          return FakeKeaAnswers.notModelled(name);
        }
        return answer(2, "'" + name + "' command not supported." + AGENT_NO_SERVICE, null);
    }
  }

  private ObjectNode agentConfiguration() {
    ObjectNode agent = NODES.objectNode();
    if (!credentials.isEmpty()) {
      ObjectNode auth = agent.putObject("authentication");
      ArrayNode clients = auth.putArray("clients");
      // Kea would list each client's password here; the fake never writes a secret out.
      credentials.forEach(c -> clients.addObject().put("user", c.user()));
      auth.put("directory", ""); // where Kea would look for password files: none
      auth.put("realm", realm);
      auth.put("type", "basic");
    }
    ObjectNode socket = agent.putObject("control-sockets").putObject("dhcp4");
    socket.put("socket-name", dhcp4.configuration().path("Dhcp4").path("control-socket")
        .path("socket-name").asText(KeaConfigs.FILES_DIR + "kea-dhcp4.sock"));
    socket.put("socket-type", "unix");
    agent.putArray("hooks-libraries");
    agent.put("http-host", "127.0.0.1");
    agent.put("http-port", server.facePort().orElse(8000));
    ObjectNode logger = agent.putArray("loggers").addObject();
    logger.put("debuglevel", 0);
    logger.put("name", "kea-ctrl-agent");
    if (flavour.newer()) {
      // Kea 2.6 writes the option's new name; this agent logs to stdout, as a packaged one does
      ObjectNode output = logger.putArray("output-options").addObject();
      output.put("flush", true);
      output.put("output", "stdout");
      output.put("pattern", "");
    } else {
      ObjectNode output = logger.putArray("output_options").addObject();
      output.put("flush", true);
      output.put("maxsize", 10240000);
      output.put("maxver", 1);
      output.put("output", KeaConfigs.FILES_DIR + "kea-ctrl-agent.log");
      output.put("pattern", "");
    }
    logger.put("severity", "INFO");
    ObjectNode root = NODES.objectNode();
    root.set("Control-agent", agent);
    if (flavour.newer()) {
      // Kea >= 2.4 adds the hash of the configuration it answers
      root.put("hash", FakeKeaAnswers.sha256(FakeKeaJson.toWire(agent)));
    }
    return root;
  }

  /** Answers a request body in process, as over HTTP without authentication. */
  String handle(String requestBody) {
    FakeKeaJson.Parsed parsed = null;
    if (!requestBody.isEmpty()) {
      try {
        parsed = FakeKeaJson.parse(requestBody.getBytes(StandardCharsets.UTF_8));
      } catch (FakeKeaJson.ParseException e) {
        return FakeKeaJson.toWire(answer(400, "Bad Request", null));
      }
    }
    FakeKeaJson.Parsed command = parsed;
    return FakeKeaJson.toWire(server.locked(() -> process(command)));
  }
}
