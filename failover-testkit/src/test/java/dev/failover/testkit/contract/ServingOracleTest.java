package dev.failover.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.Failover;
import dev.failover.scope.AddressRange;
import dev.failover.scope.ImmutablePool;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.testkit.memory.InMemoryPair;
import dev.failover.testkit.probe.DhcpClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ServingOracleTest {

  private static final Subnet NET = Subnet.parse("10.95.0.0/24");
  private static final List<DhcpClient> CLIENTS = List.of(DhcpClient.of("02:00:5e:00:01:01"),
      DhcpClient.of("02:00:5e:00:01:02"), DhcpClient.of("02:00:5e:00:01:03"), DhcpClient.of("02:00:5e:00:01:04"));

  private final InMemoryPair pair = InMemoryPair.of(Vendor.KEA);
  private final ContractFixture fixture = pair.contractFixture();
  private final ServingOracle oracle = ServingOracle.of(fixture);
  private final Failover failover = pair.failover();

  private List<Map<ServerId, Ipv4Address>> ask(List<DhcpClient> clients) {
    return oracle.answers(failover, NET, clients);
  }

  private static Pool pool(String start, String end, String clientClass) {
    ImmutablePool.Builder b = ImmutablePool.builder().range(AddressRange.of(start, end));
    return clientClass == null ? b.build() : b.clientClass(clientClass).build();
  }

  @Test
  @DisplayName("a survivor left with pools limited to HA_ classes and no HA relationship serves nobody (the load-balancing removal defect, seen through the model); whole pools serve every client")
  void haClassesWithoutRelationshipServeNobody() {
    fixture.seed(InMemoryPair.A, Scope.builder().subnet(NET).addPool(pool("10.95.0.100", "10.95.0.150", "HA_mem-a"))
        .addPool(pool("10.95.0.151", "10.95.0.200", "HA_mem-b")).build());
    assertThat(ask(CLIENTS)).allSatisfy(a -> assertThat(a).isEmpty());
    fixture.seed(InMemoryPair.A, Scope.builder().subnet(NET).addPool(pool("10.95.0.100", "10.95.0.200", null)).build());
    assertThat(ask(CLIENTS)).allSatisfy(a -> assertThat(a).containsOnlyKeys(InMemoryPair.A));
  }

  @Test
  @DisplayName("a disabled scope and a stopped server serve nobody; a running server with the scope enabled does")
  void disabledAndStoppedServeNobody() {
    Scope open = Scope.builder().subnet(NET).addPool(pool("10.95.0.100", "10.95.0.200", null)).build();
    fixture.seed(InMemoryPair.A, open);
    fixture.seed(InMemoryPair.B, Scope.builder().from(open).properties(ScopeProperties.builder().enabled(false).build())
        .build());
    assertThat(ask(CLIENTS)).allSatisfy(a -> assertThat(a).containsOnlyKeys(InMemoryPair.A));
    oracle.stopped(InMemoryPair.A, true);
    assertThat(ask(CLIENTS)).allSatisfy(a -> assertThat(a).isEmpty());
    oracle.stopped(InMemoryPair.A, false);
    assertThat(ask(CLIENTS)).allSatisfy(a -> assertThat(a).containsOnlyKeys(InMemoryPair.A));
  }

  @Test
  @DisplayName("a pool limited to VENDOR_CLASS_x serves only clients sending vendor class x; an ISC pool allowing members of x likewise, one denying them only the others")
  void classPools() {
    AddressRange range = AddressRange.of("10.95.0.20", "10.95.0.30");
    DhcpClient phone = DhcpClient.of("02:00:5e:00:02:01").withVendorClass("phone");
    DhcpClient laptop = DhcpClient.of("02:00:5e:00:02:02").withVendorClass("laptop");
    fixture.seed(InMemoryPair.A, Scope.builder().subnet(NET).addPool(ServiceFixture.keaClassPool(range, "phone")
        .orElseThrow()).build());
    assertThat(ask(List.of(phone, laptop))).extracting(Map::size).containsExactly(1, 0);
    fixture.seed(InMemoryPair.A, Scope.builder().subnet(NET).addPool(ServiceFixture.iscClassPool(range, "phone")
        .orElseThrow()).build());
    assertThat(ask(List.of(phone, laptop))).extracting(Map::size).containsExactly(1, 0);
    fixture.seed(InMemoryPair.A, Scope.builder().subnet(NET).addPool(ImmutablePool.builder().range(range)
        .addIscStatements("deny members of \"phone\"").build()).build());
    assertThat(ask(List.of(phone, laptop))).extracting(Map::size).containsExactly(0, 1);
  }
}
