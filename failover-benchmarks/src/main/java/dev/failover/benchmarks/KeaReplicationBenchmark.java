package dev.failover.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.kea.KeaBackend;
import dev.failover.kea.client.KeaClient;
import dev.failover.kea.client.KeaFlavour;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.Plan;
import dev.failover.plan.Planner;
import dev.failover.plan.Replicate;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.Relationship;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.testkit.kea.FakeKeaServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The SDK's own work for a Kea replication at the large reference size (2,000 subnets with
 * 25 reservations each, 50,000 in all, in one hot-standby relationship the backend wrote on both
 * servers), through the Kea backend's real code: the partner {@code kea-b} differs in
 * {@code drifted} subnets (five reservations moved, one missing in each).
 *
 * <ul>
 *   <li>{@code read}: parse kea-b's configuration from its JSON text, fingerprint it, map it to a
 *       {@link ServerState} ({@link KeaBackend#state});</li>
 *   <li>{@code readAnswer}: what a real {@code read} does from the moment the HTTP answer's body
 *       has arrived: {@link KeaClient#configGetAnswer} (the code {@link KeaClient#configGet()} runs
 *       on the bytes it received) on kea-b's {@code config-get} answer as Kea 2.2 sends it (a list
 *       of one answer, laid out as Kea writes JSON, every subnet, pool, option and reservation with
 *       the defaults Kea fills in), then the fingerprint and {@link KeaBackend#state};</li>
 *   <li>{@code plan}: {@code Planner.plan(Replicate.relationship("pair-1").from("kea-a"))} over
 *       the two states;</li>
 *   <li>{@code render}: the configuration kea-b gets ({@link KeaBackend#render}, what
 *       {@code check} and {@code apply} send) and the {@code config-set} request body
 *       ({@link KeaClient#requestBody}) as bytes;</li>
 *   <li>{@code planAndRender}: mapping both configurations, planning and rendering, the SDK's
 *       whole work between the planning {@code config-get}s and the {@code config-set}.</li>
 * </ul>
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KeaReplicationBenchmark {

  private static final URI URL_A = URI.create("http://127.0.0.1:18001/");
  private static final URI URL_B = URI.create("http://127.0.0.1:18002/");

  @Param({"2000"})
  public int scopes;

  @Param({"1", "200"})
  public int drifted;

  private Inventory inventory;
  private Server a;
  private Server b;
  private Dhcp4Config configA;
  private Dhcp4Config configB;
  private String answerB;
  private byte[] keaAnswerB;
  private ServerState stateA;
  private ServerState stateB;
  private ServerPlan part;

  @Setup
  public void setUp() {
    a = Server.of("kea-a", Vendor.KEA, "127.0.0.1", URL_A);
    b = Server.of("kea-b", Vendor.KEA, "127.0.0.1", URL_B);
    inventory = Inventory.of(a, b);
    List<Scope> onA = new ArrayList<>();
    List<Scope> drift = new ArrayList<>();
    Relationship.Builder rb = Relationship.builder().name("pair-1").mode(FailoverMode.HOT_STANDBY).primary("kea-a")
        .secondary("kea-b").settings(KeaHaSettings.forPair(FailoverMode.HOT_STANDBY, a.id(), URL_A, b.id(), URL_B));
    for (int i = 0; i < scopes; i++) {
      onA.add(withId(PlanningBenchmark.scope(i, 0), i + 1));
      if (i % (scopes / drifted) == 0 && drift.size() < drifted) {
        drift.add(withId(PlanningBenchmark.scope(i, 1), i + 1));
      }
      rb.addScope(onA.get(i).subnet().toString());
    }
    Dhcp4Config a0 = base("/run/kea/kea-a.sock").withScopes(onA);
    Dhcp4Config b0 = base("/run/kea/kea-b.sock");
    // both servers as the backend leaves them after creating the relationship over every subnet
    Plan create = Planner.plan(CreateRelationship.of(rb.build()), inventory,
        List.of(KeaBackend.state(a, inventory, a0), KeaBackend.state(b, inventory, b0)));
    configA = KeaBackend.render(a, a0, create.part(a.id()).orElseThrow());
    configB = KeaBackend.render(b, b0, create.part(b.id()).orElseThrow()).withScopes(drift);
    answerB = configB.toJson();
    keaAnswerB = keaAnswer(configB);
    stateA = KeaBackend.state(a, inventory, configA);
    stateB = KeaBackend.state(b, inventory, configB);
    part = plan().part(b.id()).orElseThrow();
    if (plan().servers().size() != 1 || part.changes().size() != drifted * 6) {
      throw new IllegalStateException("expected one part for kea-b with " + drifted * 6 + " changes, got "
          + plan().summary());
    }
  }

  private static Scope withId(Scope s, long id) {
    return Scope.builder().from(s).properties(ScopeProperties.builder().from(s.properties()).id(id).build()).build();
  }

  /** A Dhcp4 configuration without subnets or hooks, with the per-server fields a real one has. */
  private static Dhcp4Config base(String socket) {
    ObjectNode dhcp4 = new ObjectMapper().createObjectNode();
    dhcp4.putObject("interfaces-config").putArray("interfaces");
    dhcp4.putObject("control-socket").put("socket-type", "unix").put("socket-name", socket);
    dhcp4.putObject("lease-database").put("type", "memfile").put("lfc-interval", 3600);
    dhcp4.put("valid-lifetime", 4000);
    dhcp4.putArray("loggers").addObject().put("name", "kea-dhcp4").put("severity", "INFO");
    return Dhcp4Config.ofDhcp4(dhcp4);
  }

  @Benchmark
  public ServerState read() {
    Dhcp4Config config = Dhcp4Config.parse(answerB);
    config.fingerprint();
    return KeaBackend.state(b, inventory, config);
  }

  @Benchmark
  public ServerState readAnswer() {
    Dhcp4Config config = KeaClient.configGetAnswer("kea-b", keaAnswerB);
    config.fingerprint();
    return KeaBackend.state(b, inventory, config);
  }

  /** {@return the size in bytes of the {@code config-get} answer {@link #readAnswer()} reads} */
  public int keaAnswerBytes() {
    return keaAnswerB.length;
  }

  /**
   * The body of Kea 2.2's answer to {@code config-get} for {@code config}: {@code [{"arguments":
   * {"Dhcp4": ...}, "result": 0}]} laid out as Kea writes JSON on the wire, every map's members sorted ({@code { "a": 1, "b": [ 2, 3 ] }}), with the defaults Kea
   * fills in for each subnet (those of the recorded answer in {@code kea-2.2-answers}), pool,
   * option and reservation.
   */
  static byte[] keaAnswer(Dhcp4Config config) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode arguments = config.toArguments();
    for (com.fasterxml.jackson.databind.JsonNode subnet : arguments.path("Dhcp4").path("subnet4")) {
      ObjectNode s = (ObjectNode) subnet;
      s.put("4o6-interface", "").put("4o6-interface-id", "").put("4o6-subnet", "").put("calculate-tee-times", false)
          .put("max-valid-lifetime", 7200).put("min-valid-lifetime", 7200).put("store-extended-info", false)
          .put("t1-percent", new java.math.BigDecimal("0.5")).put("t2-percent", new java.math.BigDecimal("0.875"));
      if (!s.has("valid-lifetime")) {
        s.put("valid-lifetime", 7200);
      }
      s.putObject("relay").putArray("ip-addresses");
      if (!s.has("option-data")) {
        s.putArray("option-data");
      }
      s.path("pools").forEach(p -> {
        if (!p.has("option-data")) {
          ((ObjectNode) p).putArray("option-data");
        }
      });
      s.path("option-data").forEach(o -> withOptionDefaults((ObjectNode) o));
      s.path("reservations").forEach(r -> {
        ObjectNode h = (ObjectNode) r;
        for (String text : List.of("boot-file-name", "hostname", "server-hostname")) {
          if (!h.has(text)) {
            h.put(text, "");
          }
        }
        if (!h.has("next-server")) {
          h.put("next-server", "0.0.0.0");
        }
        if (!h.has("client-classes")) {
          h.putArray("client-classes");
        }
        if (!h.has("option-data")) {
          h.putArray("option-data");
        }
        h.path("option-data").forEach(o -> withOptionDefaults((ObjectNode) o));
      });
    }
    ObjectNode answer = mapper.createObjectNode();
    answer.set("arguments", arguments);
    answer.put("result", 0);
    // Kea's own layout, members sorted, written by the fake Kea the testkit answers with
    return FakeKeaServer.wireForm(mapper.createArrayNode().add(answer)).getBytes(StandardCharsets.UTF_8);
  }

  private static void withOptionDefaults(ObjectNode option) {
    if (!option.has("always-send")) {
      option.put("always-send", false);
    }
    if (!option.has("csv-format")) {
      option.put("csv-format", true);
    }
    if (!option.has("space")) {
      option.put("space", "dhcp4");
    }
    if (!option.has("code") && "routers".equals(option.path("name").asText())) {
      option.put("code", 3);
    }
    if (!option.has("name") && option.path("code").asInt() == 3) {
      option.put("name", "routers");
    }
  }

  @Benchmark
  public Plan plan() {
    return Planner.plan(Replicate.relationship("pair-1").from("kea-a"), inventory, List.of(stateA, stateB));
  }

  @Benchmark
  public byte[] render() {
    return KeaClient.requestBody(KeaFlavour.CONTROL_AGENT, "config-set", KeaBackend.render(b, configB, part).toArguments());
  }

  @Benchmark
  public byte[] planAndRender() {
    ServerState sa = KeaBackend.state(a, inventory, configA);
    ServerState sb = KeaBackend.state(b, inventory, configB);
    Plan plan = Planner.plan(Replicate.relationship("pair-1").from("kea-a"), inventory, List.of(sa, sb));
    ServerPlan p = plan.part(b.id()).orElseThrow();
    return KeaClient.requestBody(KeaFlavour.CONTROL_AGENT, "config-set", KeaBackend.render(b, configB, p).toArguments());
  }
}
