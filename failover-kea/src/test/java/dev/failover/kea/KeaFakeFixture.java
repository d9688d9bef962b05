package dev.failover.kea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.kea.internal.KeaJson;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.Relationship;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.testkit.contract.ContractCapabilities;
import dev.failover.testkit.contract.ContractFixture;
import dev.failover.testkit.kea.FakeKeaPair;
import dev.failover.testkit.kea.FakeKeaServer;
import dev.failover.testkit.kea.KeaContractCapabilities;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Two of the testkit's fake Kea 2.2 servers, each on its own 127.0.0.1 port, reaching each
 * other's HA hook in process, started without HA and without subnets: {@code kea-a} and
 * {@code kea-b}, whose inventory endpoints are the fakes' URLs. {@link #seed} writes a subnet
 * into a fake's configuration directly (an in-process {@code config-set}, as an operator would).
 */
final class KeaFakeFixture implements ContractFixture {

  static final ServerId A = ServerId.of("kea-a");
  static final ServerId B = ServerId.of("kea-b");

  private final FakeKeaPair pair;
  private final Inventory inventory;
  private final KeaBackend backend = new KeaBackend();

  KeaFakeFixture() {
    this(FakeKeaPair.hotStandby());
  }

  KeaFakeFixture(FakeKeaPair.Builder builder) {
    pair = builder.start();
    try {
      for (FakeKeaServer s : pair.servers()) {
        ObjectNode dhcp4 = (ObjectNode) s.configuration().get("Dhcp4");
        dhcp4.remove("hooks-libraries");
        dhcp4.remove("subnet4");
        set(s, Dhcp4Config.ofDhcp4(dhcp4));
      }
    } catch (RuntimeException e) {
      pair.close();
      throw e;
    }
    inventory = Inventory.of(
        Server.builder().id(A).vendor(Vendor.KEA).address("127.0.0.1").endpoint(pair.primary().url()).build(),
        Server.builder().id(B).vendor(Vendor.KEA).address("127.0.0.1").endpoint(pair.secondary().url()).build());
  }

  FakeKeaServer fake(ServerId id) {
    return id.equals(A) ? pair.primary() : pair.secondary();
  }

  FakeKeaPair pair() {
    return pair;
  }

  /** The fake's configuration, read in process. */
  Dhcp4Config config(ServerId id) {
    return Dhcp4Config.of(fake(id).configuration());
  }

  /** Sets the configuration in process, as an operator would; fails unless the fake accepts it. */
  static void set(FakeKeaServer fake, Dhcp4Config config) {
    ObjectNode request = KeaJson.object().put("command", "config-set");
    request.putArray("service").add("dhcp4");
    request.set("arguments", config.toArguments());
    try {
      JsonNode answer = KeaJson.parse(fake.handle(KeaJson.write(request)));
      JsonNode first = answer.isArray() ? answer.get(0) : answer;
      if (first.path("result").asInt(-1) != 0) {
        throw new IllegalStateException("the fake refused the configuration: " + first.path("text").asText());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void set(ServerId id, Dhcp4Config config) {
    set(fake(id), config);
  }

  @Override
  public Inventory inventory() {
    return inventory;
  }

  @Override
  public ServerId primary() {
    return A;
  }

  @Override
  public ServerId secondary() {
    return B;
  }

  @Override
  public KeaBackend backend() {
    return backend;
  }

  @Override
  public void seed(ServerId server, Scope scope) {
    seedAll(server, List.of(scope));
  }

  /** Seeds several scopes with one configuration change; scopes without an id get the next free ones. */
  void seedAll(ServerId server, Collection<Scope> scopes) {
    Dhcp4Config config = config(server);
    long next = config.nextSubnetId();
    List<Scope> withIds = new java.util.ArrayList<>();
    for (Scope scope : scopes) {
      if (scope.properties().id().isPresent() || config.subnet(scope.subnet()).isPresent()) {
        withIds.add(scope);
      } else {
        withIds.add(Scope.builder().from(scope)
            .properties(ScopeProperties.builder().from(scope.properties()).id(next++).build()).build());
      }
    }
    set(server, config.withScopes(withIds));
  }

  @Override
  public ContractCapabilities capabilities() {
    return new KeaContractCapabilities();
  }

  @Override
  public Relationship relationship(String name, List<Subnet> scopes) {
    return relationship(name, FailoverMode.HOT_STANDBY, scopes);
  }

  Relationship relationship(String name, FailoverMode mode, List<Subnet> scopes) {
    KeaHaSettings settings = KeaHaSettings.builder().from(KeaHaSettings.forPair(mode, A, pair.primary().url(), B,
            pair.secondary().url()))
        .heartbeatDelay(Duration.ofMillis(1000)).maxResponseDelay(Duration.ofMillis(5000))
        .maxAckDelay(Duration.ofMillis(1000)).maxUnackedClients(0).build();
    return Relationship.builder().name(name).mode(mode).primary(A).secondary(B).settings(settings)
        .scopes(scopes).build();
  }

  @Override
  public void close() {
    pair.close();
  }
}
