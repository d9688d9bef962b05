package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.ProgressListener;
import dev.failover.diff.ScopeDiff;
import dev.failover.plan.Change;
import dev.failover.plan.ImmutableServerPlan;
import dev.failover.plan.ItemChanged;
import dev.failover.plan.ScopeChange;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.spi.FailoverBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** An operator's edits behind the tool's back, through a backend directly: one-server plans. */
final class RealPairs {

  private RealPairs() {}

  static void createScope(FailoverBackend backend, Server server, Inventory inventory, Scope scope) {
    apply(backend, server, inventory, List.of(ScopeChange.create(scope)));
  }

  static void editScope(FailoverBackend backend, Server server, Inventory inventory, Subnet subnet,
      UnaryOperator<Scope> edit) {
    ServerState state = backend.read(server, inventory);
    Scope before = state.scopes().stream().filter(s -> s.subnet().equals(subnet)).findFirst().orElseThrow();
    List<Change> changes = new ArrayList<>();
    ScopeDiff.between(before, edit.apply(before)).forEach(c -> changes.add(ItemChanged.of(c)));
    assertThat(changes).isNotEmpty();
    apply(backend, server, inventory, changes);
  }

  private static void apply(FailoverBackend backend, Server server, Inventory inventory, List<Change> changes) {
    ServerPlan part = ImmutableServerPlan.builder().server(server.id()).vendor(server.vendor())
        .fingerprint(backend.read(server, inventory).fingerprint()).changes(changes).build();
    backend.check(server, part);
    backend.apply(server, part, ProgressListener.NONE);
  }
}
