package dev.failover.kea;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.KeaPeer;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.ServerRole;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.testkit.kea.FakeKeaPair;
import dev.failover.testkit.kea.FakeKeaServer;
import dev.failover.testkit.kea.FakeKeaFlavour;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Three of the testkit's fake Kea servers on their own 127.0.0.1 ports, in one HA network, started
 * without HA and without subnets: {@code hub} and its two spokes {@code spoke-1} and
 * {@code spoke-2}. {@link #relationship} gives the hub its own peer name in each relationship
 * ({@code hub-<relationship>}), as Kea requires of a server with several.
 */
final class KeaHubFixture implements AutoCloseable {

  static final ServerId HUB = ServerId.of("hub");
  static final ServerId SPOKE_1 = ServerId.of("spoke-1");
  static final ServerId SPOKE_2 = ServerId.of("spoke-2");

  private final FakeKeaPair pair;
  private final FakeKeaServer spoke2;
  private final Inventory inventory;
  private final KeaBackend backend = new KeaBackend();

  KeaHubFixture(FakeKeaFlavour flavour) {
    pair = FakeKeaPair.hotStandby().flavour(flavour).start();
    FakeKeaServer third = null;
    try {
      for (FakeKeaServer s : pair.servers()) {
        KeaFakeFixture.set(s, bare(s));
      }
      ObjectNode config = bare(pair.secondary()).dhcp4();
      config.putObject("control-socket").put("socket-name", "/tmp/kea-fake/kea3.sock").put("socket-type", "unix");
      ObjectNode root = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
      root.set("Dhcp4", config);
      third = FakeKeaServer.builder().flavour(flavour).configuration(root).startBeside(pair.primary());
    } catch (RuntimeException e) {
      pair.close();
      throw e;
    }
    spoke2 = third;
    inventory = Inventory.of(server(HUB, pair.primary()), server(SPOKE_1, pair.secondary()), server(SPOKE_2, spoke2));
  }

  private static Dhcp4Config bare(FakeKeaServer s) {
    ObjectNode dhcp4 = (ObjectNode) s.configuration().get("Dhcp4");
    dhcp4.remove("hooks-libraries");
    dhcp4.remove("subnet4");
    return Dhcp4Config.ofDhcp4(dhcp4);
  }

  private static Server server(ServerId id, FakeKeaServer fake) {
    return Server.builder().id(id).vendor(Vendor.KEA).address("127.0.0.1").endpoint(fake.url()).build();
  }

  Inventory inventory() {
    return inventory;
  }

  KeaBackend backend() {
    return backend;
  }

  /** Moves the three fakes' shared clock. */
  void advance(java.time.Duration step) {
    pair.advance(step);
  }

  FakeKeaServer fake(ServerId id) {
    return Map.of(HUB, pair.primary(), SPOKE_1, pair.secondary(), SPOKE_2, spoke2).get(id);
  }

  Dhcp4Config config(ServerId id) {
    return Dhcp4Config.of(fake(id).configuration());
  }

  void set(ServerId id, Dhcp4Config config) {
    KeaFakeFixture.set(fake(id), config);
  }

  /** Writes scopes into a fake's configuration in process, as an operator would; each keeps its id. */
  void seed(ServerId id, List<Scope> scopes) {
    set(id, config(id).withScopes(scopes));
  }

  static Scope scope(String subnet, long id) {
    Scope sample = dev.failover.testkit.contract.FailoverBackendContract.sampleScope(subnet, 2);
    return Scope.builder().from(sample).properties(ScopeProperties.builder().from(sample.properties()).id(id).build())
        .build();
  }

  /**
   * The hot-standby relationship {@code name} between the hub (primary, peer name
   * {@code hub-<name>}) and {@code spoke} (standby, named after its server); both peers' URLs are
   * the fakes' own, the hub's the same in every relationship (the fake's HA reaches a peer by name).
   */
  Relationship relationship(String name, ServerId spoke) {
    return relationship(name, FailoverMode.HOT_STANDBY, "hub-" + name, spoke);
  }

  Relationship relationship(String name, FailoverMode mode, String hubPeerName, ServerId spoke) {
    KeaHaSettings settings = KeaHaSettings.builder()
        .addPeer(KeaPeer.builder().server(HUB).name(hubPeerName).url(fake(HUB).url()).role(ServerRole.PRIMARY).build())
        .addPeer(KeaPeer.of(spoke, fake(spoke).url(), KeaHaSettings.partnerRole(mode)))
        .heartbeatDelay(Duration.ofMillis(1000)).maxResponseDelay(Duration.ofMillis(5000))
        .maxAckDelay(Duration.ofMillis(1000)).maxUnackedClients(0).build();
    return Relationship.builder().name(name).mode(mode).primary(HUB).secondary(spoke).settings(settings).build();
  }

  @Override
  public void close() {
    try {
      pair.close();
    } finally {
      spoke2.close();
    }
  }
}
