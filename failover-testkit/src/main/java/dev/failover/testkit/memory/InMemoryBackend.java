package dev.failover.testkit.memory;

import dev.failover.errors.NotFoundException;
import dev.failover.Progress;
import dev.failover.ProgressListener;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.relationship.Relationship;
import dev.failover.scope.Subnet;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.spi.FailoverBackend;
import dev.failover.state.FailoverState;
import dev.failover.state.FailoverStatus;
import dev.failover.state.IscFailoverState;
import dev.failover.state.KeaHaState;
import dev.failover.state.WindowsFailoverState;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link FailoverBackend} over {@link InMemoryDhcpServer}s: the SDK's whole flow (plan,
 * authorise, check, apply, verify, audit) with nothing installed. One instance per vendor.
 *
 * <pre>{@code
 * InMemoryBackend windows = new InMemoryBackend(Vendor.WINDOWS);
 * windows.add(new InMemoryDhcpServer(ServerId.of("dhcp-a"), Vendor.WINDOWS).withScopes(scope));
 * Failover failover = Failover.builder().inventory(inventory).backends(windows).build();
 * }</pre>
 */
public final class InMemoryBackend implements FailoverBackend {

  private final Vendor vendor;
  private final Map<ServerId, InMemoryDhcpServer> servers = new ConcurrentHashMap<>();

  /**
   * A backend for servers of the vendor, serving none yet.
   *
   * @param vendor the vendor it stands in for
   */
  public InMemoryBackend(Vendor vendor) {
    this.vendor = vendor;
  }

  /**
   * Serves the server through this backend.
   *
   * @param server the server
   * @return this backend
   */
  public InMemoryBackend add(InMemoryDhcpServer server) {
    if (server.vendor() != vendor) {
      throw new IllegalArgumentException(server + " is not a " + vendor.displayName() + " server");
    }
    servers.put(server.id(), server);
    return this;
  }

  /**
   * {@return the server with that id}
   *
   * @param id the server's inventory id
   */
  public InMemoryDhcpServer server(ServerId id) {
    InMemoryDhcpServer s = servers.get(id);
    if (s == null) {
      throw new NotFoundException("in-memory server", id.value(), "in the " + vendor.displayName() + " backend");
    }
    return s;
  }

  @Override
  public Vendor vendor() {
    return vendor;
  }

  @Override
  public ServerState read(Server server, dev.failover.server.Inventory inventory) {
    return server(server.id()).state();
  }

  @Override
  public void check(Server server, ServerPlan part) {
    server(server.id()).check(part);
  }

  @Override
  public String apply(Server server, ServerPlan part, ProgressListener progress) {
    String fingerprint = server(server.id()).apply(part);
    int done = 0;
    int total = part.subnets().size();
    for (Subnet subnet : part.subnets()) {
      progress.onProgress(dev.failover.ImmutableProgress.builder().server(server.id()).phase(Progress.Phase.APPLY)
          .done(++done).total(total).subnet(subnet).build());
    }
    return fingerprint;
  }

  @Override
  public FailoverStatus status(Server server, Relationship relationship) {
    InMemoryDhcpServer s = server(server.id());
    Optional<FailoverState[]> set = s.failoverState(relationship.name());
    FailoverState local = set.map(x -> x[0]).orElseGet(() -> normal(relationship));
    return FailoverStatus.builder().relationship(relationship.name()).server(server.id()).local(local)
        .partner(Optional.ofNullable(set.map(x -> x[1]).orElseGet(() -> normal(relationship)))).build();
  }

  @Override
  public void partnerDown(Server server, Relationship relationship) {
    FailoverState down = switch (vendor) {
      case ISC -> IscFailoverState.PARTNER_DOWN;
      case KEA -> KeaHaState.PARTNER_DOWN;
      case WINDOWS -> WindowsFailoverState.PARTNER_DOWN;
    };
    server(server.id()).setState(relationship.name(), down, null);
  }

  FailoverState normal(Relationship r) {
    return switch (vendor) {
      case ISC -> IscFailoverState.NORMAL;
      case KEA -> r.mode() == dev.failover.relationship.FailoverMode.LOAD_BALANCING ? KeaHaState.LOAD_BALANCING
          : KeaHaState.HOT_STANDBY;
      case WINDOWS -> WindowsFailoverState.NORMAL;
    };
  }
}
