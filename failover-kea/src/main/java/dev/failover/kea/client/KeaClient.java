package dev.failover.kea.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.errors.BackendException;
import dev.failover.Secret;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violations;
import dev.failover.spi.Texts;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.kea.internal.KeaJson;
import dev.failover.kea.internal.ParsedConfigs;
import dev.failover.server.Credential;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of one Kea DHCPv4 server's HTTP control channel: one HTTP POST per Kea command
 * (a whole configuration travels in one {@code config-set}, never one request per subnet).
 *
 * <p>It speaks both channels Kea has had, and finds out which one an endpoint is on its own
 * ({@link #flavour()}): the Control Agent of Kea 2.2–2.6 (requests name
 * {@code "service": ["dhcp4"]}) and the server's own HTTP control socket of Kea ≥ 3.0 (no
 * {@code service}). Both answer JSON arrays. Detection asks the endpoint what it is on first use
 * ({@code version-get} without {@code service}; on 3.0 or later also {@code config-get} without
 * {@code service}, whose top-level key names an agent or a DHCPv4 server); the result is
 * remembered for the endpoint.
 *
 * <p>Results 0 (success) and 3 (empty) are answers; 1 (error), 2 (unsupported) and the agent's
 * own 400-style codes throw {@link BackendException} of kind {@code REJECTED} with Kea's text and
 * code. Connection failures, time-outs, HTTP statuses other than 200, answers that are not
 * Kea JSON, and an agent's "unable to forward command to the dhcp4 service" (the server behind a
 * running agent is down; result 1, Kea's text kept) throw kind {@code TRANSPORT}. A basic-auth password never appears in a log line, an
 * exception or {@link #toString()}.
 *
 * <p>Kea 2.2 writes each byte of a non-ASCII character as its own {@code \\u00XX} escape (a
 * real server's behaviour, shown by the integration tests); answers are decoded back to the
 * text that was configured, so a name with {@code é} reads
 * back as {@code é} and does not grow with every replication.
 *
 * <pre>{@code
 * KeaClient kea = KeaClient.builder(URI.create("http://127.0.0.1:8000/"))
 *     .credential(Credential.of("admin", Secret.of(password)))
 *     .build();
 * HaHeartbeat beat = kea.haHeartbeat();          // beat.state() == "hot-standby"
 * }</pre>
 *
 * <p>Instances are immutable apart from the remembered flavour and whether they are closed, and
 * safe to share between threads. {@link #close} releases the HTTP client and its connections.
 */
public final class KeaClient implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KeaClient.class);
  private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)");
  private static final int SHOWN_BODY = 200;
  /** How a Kea 2.2 agent starts its answer when the server behind it is down. */
  private static final String AGENT_CANNOT_FORWARD = "unable to forward command to the ";

  /** The default time to open a TCP (and TLS) connection. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /**
   * The default deadline for a whole exchange (connection, request, headers and every byte of the
   * answer); Kea 2.2 needs 2.7 s for a 4.7 MB {@code config-set}.
   */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
  /**
   * The default limit on one answer's body: 32 MiB, about three times the largest answer expected
   * (Kea 2.2's {@code config-get} of 2,000 subnets and 50,000 reservations is 11 MB).
   */
  public static final long DEFAULT_MAX_ANSWER_BYTES = 32L * 1024 * 1024;

  private final URI endpoint;
  private final String server;
  private final Duration requestTimeout;
  private final long maxAnswerBytes;
  private final Optional<Credential> credential;
  /** The HTTP client; null once closed, so that nothing here keeps it (and its selector thread) alive. */
  private final AtomicReference<HttpClient> http = new AtomicReference<>();
  private final AtomicReference<KeaFlavour> flavour = new AtomicReference<>();
  /** The version text the detection's {@code version-get} answered with ("" when it gave none). */
  private final AtomicReference<String> channelVersion = new AtomicReference<>();

  private KeaClient(Builder b) {
    this.endpoint = b.endpoint;
    this.server = b.name != null ? b.name : b.endpoint.getHost() + ":" + port(b.endpoint);
    this.requestTimeout = b.requestTimeout;
    this.maxAnswerBytes = b.maxAnswerBytes;
    this.credential = Optional.ofNullable(b.credential);
    HttpClient.Builder http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(b.connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER);
    if (b.tls != null) {
      http.sslContext(TlsContexts.of(b.tls));
    } else if ("http".equalsIgnoreCase(b.endpoint.getScheme())) {
      // a plain-HTTP endpoint never shakes hands: without these the client would build the JDK's
      // default TLS context (every CA certificate of the trust store parsed, the providers' cipher
      // suites listed), a sizeable share of a short CLI run's CPU
      http.sslContext(TlsContexts.plainHttp()).sslParameters(new SSLParameters());
    }
    this.http.set(http.build());
  }

  /**
   * Closes the client: no request is sent after it (each fails as a transport error saying the
   * client was closed), and its HTTP client with its idle connections and selector thread is
   * released: at once on a Java runtime whose HTTP client can be closed (21 and later), else as
   * soon as the garbage collector finds it unreferenced, which this client no longer prevents.
   * Closing again does nothing.
   */
  @Override
  public void close() {
    HttpClient client = http.getAndSet(null);
    if (client instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.debug("kea {}: closing the HTTP client failed: {}", server, e.toString());
      }
    }
  }

  /**
   * {@return a builder for a client of the Kea endpoint at {@code endpoint} ({@code http://127.0.0.1:8000/})}
   *
   * @param endpoint the Control Agent's or server's URL
   */
  public static Builder builder(URI endpoint) {
    return new Builder(endpoint);
  }

  /** {@return the endpoint this client talks to} */
  public URI endpoint() {
    return endpoint;
  }

  /** {@return the name that identifies the server in exceptions and logs} */
  public String server() {
    return server;
  }

  /**
   * {@return how the endpoint is reached: detected on first use from what the endpoint reports
   * about itself, and remembered} First {@code version-get} without {@code service}: before Kea 3.0
   * kea-dhcp4 has no HTTP socket at all, so an endpoint reporting 2.x is a Control Agent. An
   * endpoint reporting 3.0 or later (or no version) is asked {@code config-get} without
   * {@code service}: an agent answers with its own configuration (top-level {@code Control-agent}),
   * kea-dhcp4's own HTTP control socket with the server's ({@code Dhcp4}). The shape of the answer
   * does not tell them apart: a real Kea 3.0 socket answers JSON arrays, as an agent does.
   *
   * @throws BackendException REJECTED when the endpoint refuses either command, TRANSPORT when it
   *     cannot be reached or its configuration is neither an agent's nor a DHCPv4 server's
   */
  public KeaFlavour flavour() {
    KeaFlavour known = flavour.get();
    if (known != null) {
      return known;
    }
    JsonNode version = ownAnswer("version-get");
    String text = version.path("text").isTextual() ? version.path("text").asText() : "";
    Matcher m = VERSION.matcher(text);
    KeaFlavour found;
    if (m.find() && Integer.parseInt(m.group(1)) < 3) {
      found = KeaFlavour.CONTROL_AGENT;
    } else {
      JsonNode config = ownAnswer("config-get").path("arguments");
      if (config.has("Control-agent")) {
        found = KeaFlavour.CONTROL_AGENT;
      } else if (config.has("Dhcp4")) {
        found = KeaFlavour.SERVER_SOCKET;
      } else {
        throw transport("config-get", "the endpoint's own configuration is neither a Control Agent's nor a"
            + " DHCPv4 server's (top-level keys: " + shown(KeaJson.write(fieldNames(config))) + ")", null);
      }
    }
    channelVersion.compareAndSet(null, text);
    flavour.compareAndSet(null, found);
    LOG.debug("kea {}: detected {} reporting version {}", server, found, text);
    return flavour.get();
  }

  /** The endpoint's own answer to {@code command} without {@code service} (the one object, array or not). */
  private JsonNode ownAnswer(String command) {
    JsonNode answer = json(server, command, post(command, KeaJson.writeBytes(KeaJson.object().put("command", command))));
    JsonNode first = answer.isArray() && answer.size() == 1 ? answer.get(0) : answer;
    if (!first.isObject()) {
      throw transport(command, "answer is neither an object nor a list of one: " + shown(KeaJson.write(answer)),
          null);
    }
    int result = resultOf(server, command, first);
    if (result != KeaAnswer.SUCCESS) {
      // a bare object with a 400-style code is also how an agent refuses a request it cannot parse
      throw rejected(server, command, first, result);
    }
    return first;
  }

  private static JsonNode fieldNames(JsonNode node) {
    com.fasterxml.jackson.databind.node.ArrayNode names = KeaJson.array();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /**
   * {@return the version the channel gave when it was detected ({@link #flavour()}, detected first if it
   * was not yet; no further request): a Control Agent answers {@code version-get} without
   * {@code service} for itself, with its own version, which is the DHCP server's in every
   * installation Kea's packages make (both come from one release); a Kea ≥ 3.0 server answers
   * for itself} Empty when the answer's text does not start with a version.
   */
  public Optional<KeaVersion> channelVersion() {
    flavour();
    String text = channelVersion.get();
    Matcher m = VERSION.matcher(text == null ? "" : text);
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(ImmutableKeaVersion.builder().text(text).major(Integer.parseInt(m.group(1)))
        .minor(Integer.parseInt(m.group(2))).patch(Integer.parseInt(m.group(3))).build());
  }

  // ---------------------------------------------------------------------------------------------
  // commands

  /**
   * Sends one command and returns its answer (result 0 or 3).
   *
   * @param arguments the command's {@code arguments}, or null for none
   * @param command the command, for example {@code config-get}
   * @return the answer
   * @throws BackendException REJECTED for results 1, 2 and other codes; TRANSPORT when the server
   *     cannot be reached or its answer understood
   */
  public KeaAnswer command(String command, ObjectNode arguments) {
    Objects.requireNonNull(command, "command");
    Violations.collect()
        .check(command.matches("[a-z0-9][a-z0-9-]{0,99}"), "command", Texts.quoted(command),
            "must be a Kea command name (lower-case letters, digits and dashes)")
        .throwIfAny("Kea command");
    return answer(server, command, post(command, requestBody(flavour(), command, arguments)));
  }

  /**
   * The answer in the body of an HTTP 200 answer to {@code command}: parsed straight from the
   * bytes, Kea's byte escapes repaired, one answer (alone or in a list of one) whose result is 0
   * or 3; the parsed tree is the answer's own (nobody else holds it).
   */
  private static KeaAnswer answer(String server, String command, byte[] bytes) {
    JsonNode body = json(server, command, bytes);
    JsonNode answer = body;
    if (body.isArray()) {
      if (body.size() != 1 || !body.get(0).isObject()) {
        throw transport(server, command, "answer is a list of " + body.size() + " entries, expected one object",
            null);
      }
      answer = body.get(0);
    } else if (!body.isObject()) {
      throw transport(server, command, "answer is neither an object nor a list: " + shown(KeaJson.write(body)),
          null);
    }
    int result = resultOf(server, command, answer);
    if (result != KeaAnswer.SUCCESS && result != KeaAnswer.EMPTY) {
      throw rejected(server, command, answer, result);
    }
    JsonNode text = answer.get("text");
    return new KeaAnswer(command, result, text != null && text.isTextual() ? text.asText() : null,
        answer.get("arguments"));
  }

  /** The JSON of an answer's body, Kea's byte escapes repaired. */
  private static JsonNode json(String server, String command, byte[] answer) {
    try {
      return KeaJson.parseAnswer(answer);
    } catch (IOException e) {
      throw transport(server, command, "answer is not JSON: " + shown(new String(answer, StandardCharsets.UTF_8)),
          e);
    }
  }

  /** {@return {@code version-get}: the DHCPv4 server's version (through the agent: the server's, not the agent's)} */
  public KeaVersion versionGet() {
    KeaAnswer answer = command("version-get", null);
    String text = answer.text().orElse("");
    Matcher m = VERSION.matcher(text);
    if (!m.find()) {
      throw transport("version-get", "answer has no version in its text: " + shown(text), null);
    }
    JsonNode extended = answer.argumentsOrMissing().path("extended");
    return ImmutableKeaVersion.builder().text(text).major(Integer.parseInt(m.group(1)))
        .minor(Integer.parseInt(m.group(2))).patch(Integer.parseInt(m.group(3)))
        .extended(extended.isTextual() ? Optional.of(extended.asText()) : Optional.empty()).build();
  }

  /** {@return {@code list-commands}: the commands the server supports, its hooks' included} */
  public List<String> listCommands() {
    KeaAnswer answer = command("list-commands", null);
    JsonNode list = answer.argumentsOrMissing();
    if (!list.isArray()) {
      throw transport("list-commands", "answer's arguments are not a list", null);
    }
    List<String> out = new ArrayList<>(list.size());
    list.forEach(c -> out.add(c.asText()));
    return List.copyOf(out);
  }

  /** {@return {@code config-get}: the running configuration} */
  public Dhcp4Config configGet() {
    return configGetAnswer(server, post("config-get", requestBody(flavour(), "config-get", null)));
  }

  /**
   * {@return the configuration in the body of a {@code config-get} answer, read exactly as
   * {@link #configGet()} reads the body it receives: parsed straight from the bytes, Kea's byte
   * escapes repaired, the same checks and the same errors} For an answer kept or recorded, and
   * for measuring what a read costs without a server.
   *
   * @param server the server's name, for the exceptions
   * @param body the HTTP answer's body: UTF-8 JSON, a list of one answer (as Kea sends it) or one answer
   * @throws BackendException REJECTED when the answer's result is an error (1, 2 or another code);
   *     TRANSPORT when the body is not a Kea answer holding a DHCPv4 configuration
   */
  public static Dhcp4Config configGetAnswer(String server, byte[] body) {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(body, "body");
    KeaAnswer answer = answer(server, "config-get", body);
    JsonNode arguments = answer.argumentsOrMissing();
    if (!arguments.path("Dhcp4").isObject()) {
      throw transport(server, "config-get", "answer's arguments hold no Dhcp4 object"
          + (arguments.has("Control-agent") ? " (the Control Agent answered for itself)" : ""), null);
    }
    try {
      // the answer's tree is nobody else's: taken over, not copied
      return ParsedConfigs.adopt(arguments);
    } catch (ValidationException e) {
      throw transport(server, "config-get", "answer is not a Dhcp4 configuration: " + e.getMessage(), e);
    }
  }

  /**
   * {@return the bytes of the request this client posts for {@code command} over a channel of
   * {@code flavour}: {@code "service": ["dhcp4"]} for a Control Agent, none for Kea ≥ 3.0's own
   * socket; {@code arguments} as given (null for none)} The command name is not checked here.
   *
   * @param flavour the channel: Control Agent or Kea's own socket
   * @param command the command
   * @param arguments the command's {@code arguments}, or null
   */
  public static byte[] requestBody(KeaFlavour flavour, String command, ObjectNode arguments) {
    ObjectNode request = KeaJson.object().put("command", command);
    if (flavour == KeaFlavour.CONTROL_AGENT) {
      request.set("service", KeaJson.array().add("dhcp4"));
    }
    if (arguments != null) {
      request.set("arguments", arguments);
    }
    return KeaJson.writeBytes(request);
  }

  /**
   * {@return {@code config-test}: Kea checks the configuration without applying it}
   *
   * @param config the configuration to check
   */
  public KeaAnswer configTest(Dhcp4Config config) {
    return command("config-test", config.toArguments());
  }

  /**
   * {@return {@code config-set}: Kea applies the configuration; when it refuses, the previous one stays in force}
   *
   * @param config the configuration to apply
   */
  public KeaAnswer configSet(Dhcp4Config config) {
    return command("config-set", config.toArguments());
  }

  /** {@return {@code config-write} to the file the server was started with} */
  public WrittenConfig configWrite() {
    return configWrite(null);
  }

  /**
   * {@return {@code config-write} to {@code filename} (null: the file the server was started with)}
   *
   * @param filename the file to write; null for the one the server was started with
   */
  public WrittenConfig configWrite(String filename) {
    ObjectNode arguments = null;
    if (filename != null) {
      Violations.collect()
          .check(!filename.isEmpty() && Texts.printable(filename), "filename", Texts.quoted(filename),
              "must be a non-empty path without control characters")
          .throwIfAny("Kea config-write");
      arguments = KeaJson.object().put("filename", filename);
    }
    KeaAnswer answer = command("config-write", arguments);
    JsonNode args = answer.argumentsOrMissing();
    JsonNode written = args.path("filename");
    JsonNode size = args.path("size");
    return ImmutableWrittenConfig.builder()
        .filename(written.isTextual() ? written.asText() : filename == null ? "" : filename)
        .size(size.canConvertToLong() ? OptionalLong.of(size.asLong()) : OptionalLong.empty()).build();
  }

  /** {@return {@code config-reload}: the server reads its configuration file again} */
  public KeaAnswer configReload() {
    return command("config-reload", null);
  }

  /** {@return {@code status-get}: process facts and the HA relationships' status} */
  public KeaStatus statusGet() {
    JsonNode args = command("status-get", null).argumentsOrMissing();
    var status = ImmutableKeaStatus.builder();
    longOf(args, "pid").ifPresent(status::pid);
    longOf(args, "uptime").ifPresent(status::uptime);
    longOf(args, "reload").ifPresent(status::reload);
    JsonNode list = args.path("high-availability");
    if (!list.isMissingNode() && !list.isArray()) {
      throw transport("status-get", "high-availability is not a list", null);
    }
    for (JsonNode r : list) {
      status.addHighAvailability(relationship(r));
    }
    return status.build();
  }

  private HaRelationshipStatus relationship(JsonNode r) {
    JsonNode servers = r.path("ha-servers");
    JsonNode local = servers.path("local");
    var out = ImmutableHaRelationshipStatus.builder()
        .haMode(text("status-get", r, "ha-mode"))
        .local(ImmutableHaLocalServer.builder()
            .role(text("status-get", local, "role"))
            .state(text("status-get", local, "state"))
            .scopes(strings(local.path("scopes")))
            .serverName(optionalText(local, "server-name"))
            .build());
    JsonNode remote = servers.path("remote");
    if (remote.isObject()) {
      out.remote(ImmutableHaRemoteServer.builder()
          .role(text("status-get", remote, "role"))
          .lastState(text("status-get", remote, "last-state"))
          .lastScopes(strings(remote.path("last-scopes")))
          .age(remote.path("age").asLong(0))
          .inTouch(remote.path("in-touch").asBoolean(false))
          .communicationInterrupted(remote.path("communication-interrupted").asBoolean(false))
          .analyzedPackets(remote.path("analyzed-packets").asLong(0))
          .connectingClients(remote.path("connecting-clients").asLong(0))
          .unackedClients(remote.path("unacked-clients").asLong(0))
          .unackedClientsLeft(remote.path("unacked-clients-left").asLong(0))
          .serverName(optionalText(remote, "server-name"))
          .build());
    }
    return out.build();
  }

  /** {@return {@code ha-heartbeat}: the server's HA state (Kea 2.2 has one relationship per server)} */
  public HaHeartbeat haHeartbeat() {
    return heartbeat(null);
  }

  /**
   * {@return {@code ha-heartbeat} of the relationship that {@code serverName} belongs to (Kea ≥ 2.6)}
   *
   * @param serverName a peer name of the relationship
   */
  public HaHeartbeat haHeartbeat(String serverName) {
    return heartbeat(serverNameArgument(serverName));
  }

  private HaHeartbeat heartbeat(ObjectNode arguments) {
    JsonNode args = command("ha-heartbeat", arguments).argumentsOrMissing();
    String dateTime = text("ha-heartbeat", args, "date-time");
    Optional<Instant> instant;
    try {
      instant = Optional.of(ZonedDateTime.parse(dateTime, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      instant = Optional.empty();
    }
    return ImmutableHaHeartbeat.builder()
        .state(text("ha-heartbeat", args, "state"))
        .dateTime(dateTime)
        .instant(instant)
        .scopes(strings(args.path("scopes")))
        .unsentUpdateCount(args.path("unsent-update-count").asLong(0))
        .build();
  }

  /**
   * {@return {@code ha-maintenance-start}, sent to the server that stays up: it goes to
   * {@code partner-in-maintenance} and its partner to {@code in-maintenance}, which may then be
   * shut down}
   */
  public KeaAnswer haMaintenanceStart() {
    return command("ha-maintenance-start", null);
  }

  /** {@return {@code ha-maintenance-cancel}: back from {@code partner-in-maintenance}} */
  public KeaAnswer haMaintenanceCancel() {
    return command("ha-maintenance-cancel", null);
  }

  /** {@return {@code ha-continue}: resumes a paused HA state machine} */
  public KeaAnswer haContinue() {
    return command("ha-continue", null);
  }

  /**
   * {@return {@code ha-continue} of the relationship that {@code serverName} belongs to (Kea ≥ 2.6)}
   *
   * @param serverName a peer name of the relationship
   */
  public KeaAnswer haContinue(String serverName) {
    return command("ha-continue", serverNameArgument(serverName));
  }

  /** {@return {@code ha-reset}: the HA state machine starts again from {@code waiting}} */
  public KeaAnswer haReset() {
    return command("ha-reset", null);
  }

  /**
   * {@return {@code ha-sync}: fetch the leases of peer {@code serverName} into this server, its DHCP
   * service paused at most {@code maxPeriod} (whole seconds; null: Kea's default)}
   *
   * @param serverName the peer whose leases are fetched
   * @param maxPeriod the longest pause of its service; null for Kea's default
   */
  public KeaAnswer haSync(String serverName, Duration maxPeriod) {
    ObjectNode arguments = serverNameArgument(serverName);
    if (maxPeriod != null) {
      Violations.collect()
          .check(maxPeriod.getSeconds() >= 1 && maxPeriod.getNano() == 0 && maxPeriod.getSeconds() <= 4294967295L,
              "maxPeriod", maxPeriod, "must be a whole number of seconds from 1 to 4294967295")
          .throwIfAny("Kea ha-sync");
      arguments.put("max-period", maxPeriod.getSeconds());
    }
    return command("ha-sync", arguments);
  }

  /**
   * {@return {@code ha-scopes}: the scopes (server names) this server serves; empty serves none}
   *
   * @param scopes the peer names whose scopes this server serves
   */
  public KeaAnswer haScopes(List<String> scopes) {
    ArrayNode list = KeaJson.array();
    for (String s : scopes) {
      list.add(checkedName("scopes", s));
    }
    ObjectNode arguments = KeaJson.object();
    arguments.set("scopes", list);
    return command("ha-scopes", arguments);
  }

  /**
   * {@return {@code dhcp-disable}: the server stops answering clients, for at most {@code maxPeriod} (null: until enabled)}
   *
   * @param maxPeriod the longest pause; null until enabled
   */
  public KeaAnswer dhcpDisable(Duration maxPeriod) {
    ObjectNode arguments = null;
    if (maxPeriod != null) {
      Violations.collect()
          .check(maxPeriod.getSeconds() >= 1 && maxPeriod.getNano() == 0, "maxPeriod", maxPeriod,
              "must be a whole number of seconds, at least 1")
          .throwIfAny("Kea dhcp-disable");
      arguments = KeaJson.object().put("max-period", maxPeriod.getSeconds());
    }
    return command("dhcp-disable", arguments);
  }

  /** {@return {@code dhcp-enable}: the server answers clients again} */
  public KeaAnswer dhcpEnable() {
    return command("dhcp-enable", null);
  }

  // ---------------------------------------------------------------------------------------------
  // wire

  /** Posts the request and returns the body of its HTTP 200 answer, unparsed. */
  private byte[] post(String command, byte[] body) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
        .timeout(requestTimeout)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    credential.ifPresent(c -> builder.header("Authorization", basic(c)));
    long started = System.nanoTime();
    AtomicReference<CappedBody> reading = new AtomicReference<>();
    HttpClient client = http.get();
    if (client == null) {
      throw new BackendException(BackendException.Kind.TRANSPORT, server, command + ": not sent, the connection"
          + " to the server was closed", "closed", false, null);
    }
    CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(builder.build(), info -> {
      CappedBody b = new CappedBody(maxAnswerBytes, info.headers().firstValueAsLong("Content-Length").orElse(-1));
      reading.set(b);
      return b;
    });
    HttpResponse<byte[]> response;
    try {
      // one deadline for the whole exchange: connection, request, headers and every byte of the body
      response = exchange.get(requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      CappedBody b = reading.get();
      if (b != null) {
        b.cancel();
      }
      throw transport(command, "no complete answer within the time-out, the deadline of " + requestTimeout
          + " for the whole exchange" + (b != null ? " (" + b.received() + " bytes of the answer received)"
          : " (no answer)"), null);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof AnswerTooLarge) {
        throw new BackendException(BackendException.Kind.TRANSPORT, server, command + ": " + cause.getMessage(),
            "answer too large", false, cause);
      }
      if (cause instanceof HttpTimeoutException) {
        // the HTTP client's own timer (the same deadline) fired first: said as the deadline above
        CappedBody b = reading.get();
        throw transport(command, "no complete answer within the time-out, the deadline of " + requestTimeout
            + " for the whole exchange" + (b != null ? " (" + b.received() + " bytes of the answer received)"
            : " (no answer)"), cause);
      }
      Optional<String> certificate = certificateFailure(cause);
      if (certificate.isPresent()) {
        throw new BackendException(BackendException.Kind.TRANSPORT, server, command
            + ": the TLS handshake failed, the server's certificate was not accepted (" + certificate.get()
            + "); retrying will not help until the certificate or the trust anchor changes", "tls", false, cause);
      }
      throw transport(command, "request to " + endpoint() + " failed: " + dev.failover.spi.Texts.failure(cause),
          cause);
    } catch (InterruptedException e) {
      exchange.cancel(true);
      Thread.currentThread().interrupt();
      throw transport(command, "interrupted while waiting for the answer", e);
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    byte[] answer = response.body() == null ? new byte[0] : response.body();
    LOG.debug("kea {}: {} ({} bytes) -> HTTP {} ({} bytes) in {} ms", server, command, body.length,
        response.statusCode(), answer.length, millis);
    if (response.statusCode() != 200) {
      String text = "HTTP " + response.statusCode();
      try {
        JsonNode json = KeaJson.parse(answer);
        JsonNode first = json.isArray() && json.size() > 0 ? json.get(0) : json;
        if (first.path("text").isTextual()) {
          text = text + ": " + first.path("text").asText();
        }
      } catch (IOException notJson) {
        text = text + ": " + shown(new String(answer, StandardCharsets.UTF_8));
      }
      if (response.statusCode() == 401 || response.statusCode() == 403) {
        throw BackendException.credentials(server, command + ": " + text, "HTTP " + response.statusCode());
      }
      boolean retry = response.statusCode() >= 500;
      throw new BackendException(BackendException.Kind.TRANSPORT, server, command + ": " + text,
          "HTTP " + response.statusCode(), retry, null);
    }
    return answer;
  }

  /**
   * The certificate problem behind a TLS failure, if that is what it is: a certificate the trust
   * anchor did not sign, an expired one, one for another name. Not a passing failure.
   */
  private static Optional<String> certificateFailure(Throwable failure) {
    boolean handshake = false;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof javax.net.ssl.SSLHandshakeException || t instanceof javax.net.ssl.SSLPeerUnverifiedException) {
        handshake = true;
      }
      if (handshake && (t instanceof java.security.cert.CertificateException
          || t instanceof java.security.cert.CertPathValidatorException
          || t instanceof javax.net.ssl.SSLPeerUnverifiedException)) {
        return Optional.of(String.valueOf(t.getMessage()));
      }
    }
    return Optional.empty();
  }

  /** An answer over the size limit; the exchange is cancelled when it is raised. */
  static final class AnswerTooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    AnswerTooLarge(long limit, long seen) {
      super("the answer is larger than the limit of " + limit + " bytes (" + seen + " bytes"
          + " announced or received); nothing of it was read further");
    }
  }

  /**
   * Collects an answer's body up to a limit: a body announced or grown beyond it cancels the
   * exchange (the connection is closed) and fails with {@link AnswerTooLarge}.
   */
  private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final long limit;
    private final long announced;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    private volatile Flow.Subscription subscription;
    private volatile long received;

    CappedBody(long limit, long announced) {
      this.limit = limit;
      this.announced = announced;
    }

    long received() {
      return received;
    }

    void cancel() {
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
      result.cancel(false);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (announced > limit) {
        s.cancel();
        result.completeExceptionally(new AnswerTooLarge(limit, announced));
        return;
      }
      s.request(Long.MAX_VALUE);
    }

    @Override
    public synchronized void onNext(List<java.nio.ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (java.nio.ByteBuffer item : items) {
        int n = item.remaining();
        if (received + n > limit) {
          subscription.cancel();
          result.completeExceptionally(new AnswerTooLarge(limit, received + n));
          return;
        }
        byte[] chunk = new byte[n];
        item.get(chunk);
        bytes.write(chunk, 0, n);
        received += n;
      }
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public synchronized void onComplete() {
      result.complete(bytes.toByteArray());
    }

    @Override
    public java.util.concurrent.CompletionStage<byte[]> getBody() {
      return result;
    }
  }

  /** {@code Basic base64(user:password)}, built from bytes so the password never sits in a joined String. */
  private static String basic(Credential c) {
    byte[] user = c.user().getBytes(StandardCharsets.UTF_8);
    byte[] password = c.secret().reveal().getBytes(StandardCharsets.UTF_8);
    byte[] joined = new byte[user.length + 1 + password.length];
    System.arraycopy(user, 0, joined, 0, user.length);
    joined[user.length] = ':';
    System.arraycopy(password, 0, joined, user.length + 1, password.length);
    byte[] encoded = Base64.getEncoder().encode(joined);
    byte[] header = new byte[6 + encoded.length];
    System.arraycopy("Basic ".getBytes(StandardCharsets.US_ASCII), 0, header, 0, 6);
    System.arraycopy(encoded, 0, header, 6, encoded.length);
    String value = new String(header, StandardCharsets.US_ASCII);
    Arrays.fill(password, (byte) 0);
    Arrays.fill(joined, (byte) 0);
    Arrays.fill(encoded, (byte) 0);
    Arrays.fill(header, (byte) 0);
    return value;
  }

  private static int resultOf(String server, String command, JsonNode answer) {
    JsonNode result = answer.get("result");
    if (result == null || !result.isIntegralNumber()) {
      throw transport(server, command, "answer has no integer result: " + shown(KeaJson.write(answer)), null);
    }
    return result.asInt();
  }

  private static BackendException rejected(String server, String command, JsonNode answer, int result) {
    JsonNode text = answer.get("text");
    String message = text != null && text.isTextual() ? text.asText() : "(no text)";
    LOG.debug("kea {}: {} refused with result {}: {}", server, command, result, message);
    if (result == KeaAnswer.ERROR && message.startsWith(AGENT_CANNOT_FORWARD)) {
      // the agent is up but the DHCP server behind it is not: unreachable, not refused
      return new BackendException(BackendException.Kind.TRANSPORT, server, message, Integer.toString(result), true,
          null);
    }
    return BackendException.rejected(server, message, Integer.toString(result));
  }

  private BackendException transport(String command, String message, Throwable cause) {
    return transport(server, command, message, cause);
  }

  private static BackendException transport(String server, String command, String message, Throwable cause) {
    return BackendException.transport(server, command + ": " + message, cause);
  }

  private String text(String command, JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isTextual()) {
      throw transport(command, "answer has no text " + field, null);
    }
    return value.asText();
  }

  private static Optional<String> optionalText(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
  }

  private static OptionalLong longOf(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.canConvertToLong() && value.isNumber() ? OptionalLong.of(value.asLong()) : OptionalLong.empty();
  }

  private static List<String> strings(JsonNode list) {
    List<String> out = new ArrayList<>();
    if (list.isArray()) {
      list.forEach(s -> out.add(s.asText()));
    }
    return out;
  }

  private static ObjectNode serverNameArgument(String serverName) {
    return KeaJson.object().put("server-name", checkedName("serverName", serverName));
  }

  private static String checkedName(String field, String name) {
    Objects.requireNonNull(name, field);
    Violations.collect()
        .check(!name.isEmpty() && name.length() <= 256 && Texts.printable(name), field, Texts.quoted(name),
            "must be 1 to 256 characters without control characters")
        .throwIfAny("Kea command argument");
    return name;
  }

  private static String shown(String text) {
    String cut = text.length() > SHOWN_BODY ? text.substring(0, SHOWN_BODY) + "…" : text;
    return Texts.quoted(cut);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  /** The endpoint and server name; never credentials. */
  @Override
  public String toString() {
    return "KeaClient[" + server + " " + endpoint + (credential.isPresent() ? ", basic auth as "
        + Texts.quoted(credential.get().user()) : "") + "]";
  }

  /** Builds a {@link KeaClient}; every setting is checked when {@link #build()} is called. */
  public static final class Builder {

    private final URI endpoint;
    private String name;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private long maxAnswerBytes = DEFAULT_MAX_ANSWER_BYTES;
    private Credential credential;
    private KeaTls tls;

    private Builder(URI endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /**
     * The server's name in exceptions and logs (default: host:port of the endpoint).
     *
     * @param name the server's name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Time to open a connection (default 5 s).
     *
     * @param timeout the connect time-out
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /**
     * The deadline for a whole exchange, every byte of the answer included (default 60 s).
     *
     * @param timeout the deadline for one exchange
     * @return this builder
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    /**
     * The limit on one answer's body (default 32 MiB); a larger answer is a TRANSPORT failure.
     *
     * @param bytes the largest answer body accepted
     * @return this builder
     */
    public Builder maxAnswerBytes(long bytes) {
      this.maxAnswerBytes = bytes;
      return this;
    }

    /**
     * HTTP basic authentication (Kea's {@code basic-authentications}).
     *
     * @param credential the user and password
     * @return this builder
     */
    public Builder credential(Credential credential) {
      this.credential = credential;
      return this;
    }

    /**
     * HTTP basic authentication as {@code user} with {@code password}.
     *
     * @param user the user
     * @param password the password
     * @return this builder
     */
    public Builder basicAuth(String user, Secret password) {
      return credential(Credential.of(user, password));
    }

    /**
     * TLS settings for an {@code https} endpoint.
     *
     * @param tls the trust anchor and optional client certificate
     * @return this builder
     */
    public Builder tls(KeaTls tls) {
      this.tls = tls;
      return this;
    }

    /**
     * {@return the client}
     *
     * @throws ValidationException listing every bad setting
     *
     */
    public KeaClient build() {
      Violations v = Violations.collect();
      String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(java.util.Locale.ROOT);
      // user info may hold a password: messages show the URL without it
      String shown = endpoint.getRawUserInfo() == null ? endpoint.toString()
          : endpoint.toString().replace(endpoint.getRawUserInfo() + "@", "***@");
      v.check(scheme.equals("http") || scheme.equals("https"), "endpoint", shown, "must be an http or https URL");
      v.check(endpoint.getHost() != null, "endpoint", shown, "must name a host");
      v.check(endpoint.getRawUserInfo() == null, "endpoint", shown, "must not carry user info; use credential(...)");
      v.check(endpoint.getRawQuery() == null && endpoint.getRawFragment() == null, "endpoint", shown,
          "must have no query or fragment");
      v.check(tls == null || scheme.equals("https"), "tls", shown, "is only used with an https endpoint");
      v.check(name == null || (!name.isEmpty() && name.length() <= 256 && Texts.printable(name)), "name",
          name == null ? "" : Texts.quoted(name), "must be 1 to 256 characters without control characters");
      v.check(positive(connectTimeout), "connectTimeout", connectTimeout, "must be greater than zero");
      v.check(positive(requestTimeout), "requestTimeout", requestTimeout, "must be greater than zero");
      v.check(maxAnswerBytes >= 1024 && maxAnswerBytes <= Integer.MAX_VALUE - 8, "maxAnswerBytes", maxAnswerBytes,
          "must be between 1024 and " + (Integer.MAX_VALUE - 8) + " bytes");
      v.check(credential == null || credential.user().indexOf(':') < 0, "credential.user",
          credential == null ? "" : Texts.quoted(credential.user()), "must not contain ':' (HTTP basic auth)");
      v.check(credential == null || !credential.secret().isRedacted(), "credential.secret", "***",
          "was redacted (read back from JSON); supply it again");
      v.throwIfAny("Kea client settings");
      return new KeaClient(this);
    }

    private static boolean positive(Duration d) {
      return d != null && !d.isNegative() && !d.isZero();
    }
  }
}
