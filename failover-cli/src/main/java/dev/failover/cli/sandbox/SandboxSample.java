package dev.failover.cli.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.Failover;
import dev.failover.ProgressListener;
import dev.failover.diff.ScopeDiff;
import dev.failover.json.FailoverJson;
import dev.failover.plan.Change;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.ImmutableServerPlan;
import dev.failover.plan.ItemChanged;
import dev.failover.plan.ScopeChange;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.scope.AddressRange;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.spi.FailoverBackend;
import dev.failover.testkit.kea.FakeKeaServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The sandbox's sample, built through the SDK's backends over the fakes: the scopes are put on
 * the first server of each pair by a one-server plan that creates them, the relationships are
 * planned and applied (so the ISC peers and the partners' copies are what the planner makes), and
 * then a few items on the partners are changed by one-server plans applied with the backend
 * directly — an operator's edit behind the relationship's back, which is the drift.
 */
final class SandboxSample {

  private static final ObjectMapper JSON = FailoverJson.mapper();

  private SandboxSample() {}

  static void build(Sandbox s) throws IOException {
    for (String id : Sandbox.KEA) {
      // the fake pair starts with an HA hook and subnets of its own: start from an empty server
      ObjectNode config = s.kea(id).configuration();
      ObjectNode dhcp4 = (ObjectNode) config.get("Dhcp4");
      dhcp4.remove("hooks-libraries");
      dhcp4.remove("subnet4");
      configSet(s.kea(id), config);
    }

    create(s, s.iscBackend(), "isc-a",
        scope("10.10.0.0/24", "", 0, "10.10.0.100", "10.10.0.199", "10.10.0.1",
            res("00:16:3e:10:00:01", "10.10.0.10", "printer-1"), res("00:16:3e:10:00:02", "10.10.0.11", "printer-2")),
        scope("10.11.0.0/24", "", 0, "10.11.0.50", "10.11.0.150", "10.11.0.1",
            res("00:16:3e:11:00:01", "10.11.0.20", "scope-analyser")),
        scope("10.19.0.0/24", "", 0, "10.19.0.10", "10.19.0.250", "10.19.0.1"));
    create(s, s.keaBackend(), "kea-a",
        scope("10.20.0.0/24", "campus", 20, "10.20.0.100", "10.20.0.200", "10.20.0.1",
            res("00:16:3e:20:00:01", "10.20.0.10", "badge-reader"), res("00:16:3e:20:00:02", "10.20.0.11", "door-1")),
        scope("10.21.0.0/24", "voip", 21, "10.21.0.100", "10.21.0.200", "10.21.0.1",
            res("00:16:3e:21:00:01", "10.21.0.10", "pbx")));
    List<Scope> windowsScopes = new ArrayList<>();
    for (int i = 30; i <= 37; i++) {
      String net = "10." + i + ".0.";
      windowsScopes.add(windows(net + "0/24", "floor " + (i - 29), 0, net + "50", net + "240", net + "1",
          res("00:16:3e:" + i + ":00:01", net + "10", "printer-floor-" + (i - 29))));
    }
    windowsScopes.add(windows("10.39.0.0/24", "lobby (not in failover)", 0, "10.39.0.50", "10.39.0.99", "10.39.0.1"));
    create(s, s.windowsDirect(), "win-a", windowsScopes.toArray(Scope[]::new));

    Failover setup = s.setupFacade();
    apply(setup, CreateRelationship.of(Relationship.builder().name("isc-pair").mode(FailoverMode.LOAD_BALANCING)
        .primary("isc-a").secondary("isc-b")
        .settings(IscFailoverSettings.forMode(FailoverMode.LOAD_BALANCING, "192.0.2.11", "192.0.2.12"))
        .addScope("10.10.0.0/24").addScope("10.11.0.0/24").build()));
    apply(setup, CreateRelationship.of(Relationship.builder().name("kea-pair").mode(FailoverMode.HOT_STANDBY)
        .primary("kea-a").secondary("kea-b")
        .settings(KeaHaSettings.forPair(FailoverMode.HOT_STANDBY, ServerId.of("kea-a"), s.kea("kea-a").url(),
            ServerId.of("kea-b"), s.kea("kea-b").url()))
        .addScope("10.20.0.0/24").addScope("10.21.0.0/24").build()));
    Relationship.Builder win = Relationship.builder().name("win-pair").mode(FailoverMode.HOT_STANDBY)
        .primary("win-a").secondary("win-b")
        .settings(WindowsFailoverSettings.builder().from(WindowsFailoverSettings.hotStandby(5))
            .sharedSecret(s.sharedSecret()).messageAuthentication(true).build());
    for (int i = 30; i <= 37; i++) {
      win.addScope("10." + i + ".0.0/24");
    }
    apply(setup, CreateRelationship.of(win.build()));
    s.declareOmapiPeers();

    // the drift: someone edited the partners by hand
    edit(s, s.iscBackend(), "isc-b", "10.11.0.0/24", sc -> Scope.builder().from(sc)
        .reservations(List.of(res("00:16:3e:11:00:01", "10.11.0.21", "scope-analyser")))
        .options(List.of(iscOption(3, "routers", "10.11.0.1"), iscOption(6, "domain-name-servers", "192.0.2.53")))
        .build());
    edit(s, s.keaBackend(), "kea-b", "10.20.0.0/24", sc -> Scope.builder().from(sc)
        .reservations(List.of(res("00:16:3e:20:00:01", "10.20.0.10", "badge-reader")))
        .options(List.of(OptionValue.of(3, "10.20.0.1"), OptionValue.of(6, "192.0.2.53"))).build());
    edit(s, s.windowsDirect(), "win-b", "10.30.0.0/24", sc -> Scope.builder().from(sc)
        .addReservation(res("00:16:3e:30:00:99", "10.30.0.99", "someone's laptop")).build());
    edit(s, s.windowsDirect(), "win-b", "10.33.0.0/24", sc -> Scope.builder().from(sc)
        .pools(List.of(Pool.of(AddressRange.of("10.33.0.50", "10.33.0.200")))).build());
  }

  /** Creates scopes on one server with a one-server plan, through its backend. */
  private static void create(Sandbox s, FailoverBackend backend, String id, Scope... scopes) {
    List<Change> changes = new ArrayList<>();
    for (Scope scope : scopes) {
      changes.add(ScopeChange.create(scope));
    }
    applyDirectly(s, backend, id, changes);
  }

  /** Changes one scope on one server, item by item, through its backend: an edit outside any relationship. */
  private static void edit(Sandbox s, FailoverBackend backend, String id, String subnet, UnaryOperator<Scope> change) {
    Server server = s.server(id);
    Subnet net = Subnet.parse(subnet);
    Scope before = backend.read(server, s.inventory().inventory()).scopes().stream()
        .filter(sc -> sc.subnet().equals(net)).findFirst()
        .orElseThrow(() -> new IllegalStateException("the sandbox sample has no scope " + subnet + " on " + id));
    List<Change> changes = new ArrayList<>();
    ScopeDiff.between(before, change.apply(before)).forEach(c -> changes.add(ItemChanged.of(c)));
    applyDirectly(s, backend, id, changes);
  }

  private static void applyDirectly(Sandbox s, FailoverBackend backend, String id, List<Change> changes) {
    Server server = s.server(id);
    ServerState state = backend.read(server, s.inventory().inventory());
    ServerPlan part = ImmutableServerPlan.builder().server(server.id()).vendor(server.vendor())
        .fingerprint(state.fingerprint()).changes(changes).build();
    backend.check(server, part);
    backend.apply(server, part, ProgressListener.NONE);
  }

  private static void apply(Failover failover, dev.failover.plan.Operation op) {
    failover.apply(failover.plan(op), Sandbox.SETUP);
  }

  /** Sets a Kea fake's configuration in process ({@code config-set}, as an operator would); fails unless it accepts it. */
  static void configSet(FakeKeaServer fake, ObjectNode configuration) throws IOException {
    ObjectNode request = JSON.createObjectNode().put("command", "config-set");
    request.putArray("service").add("dhcp4");
    request.set("arguments", configuration);
    JsonNode answer = JSON.readTree(fake.handle(JSON.writeValueAsString(request)));
    JsonNode first = answer.isArray() ? answer.get(0) : answer;
    if (first == null || first.path("result").asInt(-1) != 0) {
      throw new IllegalStateException("the sandbox's Kea fake " + fake + " refused its kept configuration: "
          + (first == null ? answer : first.path("text").asText()) + " (start over with --sandbox-reset)");
    }
  }

  private static Scope scope(String subnet, String name, long keaId, String poolStart, String poolEnd, String router,
      Reservation... reservations) {
    var props = ScopeProperties.builder().name(name); // dhcpd subnets have no name: "" there
    if (keaId > 0) {
      props.id(keaId);
    }
    boolean isc = name.isEmpty();
    return Scope.builder().subnet(Subnet.parse(subnet)).properties(props.build())
        .addPool(Pool.of(poolStart, poolEnd))
        .addOption(isc ? iscOption(3, "routers", router) : OptionValue.of(3, router))
        .addOption(isc ? iscOption(6, "domain-name-servers", "192.0.2.53, 192.0.2.54")
            : OptionValue.of(6, "192.0.2.53, 192.0.2.54"))   // two elements, as the Windows backend reads them
        .addReservations(reservations)
        .build();
  }

  /** A Windows scope: every one has a lease duration (eight days, Windows' default). */
  private static Scope windows(String subnet, String name, long keaId, String poolStart, String poolEnd, String router,
      Reservation... reservations) {
    Scope sc = scope(subnet, name, keaId, poolStart, poolEnd, router, reservations);
    return Scope.builder().from(sc).properties(ScopeProperties.builder().from(sc.properties())
        .leaseTime(Duration.ofDays(8)).build()).build();
  }

  /** An option as dhcpd.conf holds it: by name, lists in dhcpd's notation. */
  private static OptionValue iscOption(int code, String name, String value) {
    return OptionValue.builder().code(code).name(name).value(value).build();
  }

  private static Reservation res(String mac, String address, String name) {
    return Reservation.builder().identifier(mac).address(Ipv4Address.parse(address)).name(name).build();
  }
}
