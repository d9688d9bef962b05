package dev.failover.server;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.errors.NotFoundException;
import dev.failover.errors.Violations;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * The servers the SDK knows. Both servers of a relationship must be in it before anything is
 * planned; ids are unique.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableInventory.class)
@JsonDeserialize(as = ImmutableInventory.class)
public interface Inventory {

  /** {@return every server, in the order given} */
  List<Server> servers();

  /**
   * {@return an inventory of these servers}
   *
   * @param servers the servers; ids must be unique
   */
  static Inventory of(Server... servers) {
    return ImmutableInventory.builder().addAllServers(Arrays.asList(servers)).build();
  }

  /**
   * {@return an inventory of these servers}
   *
   * @param servers the servers; ids must be unique
   */
  static Inventory of(List<Server> servers) {
    return ImmutableInventory.builder().addAllServers(servers).build();
  }

  /**
   * {@return the server with that id, if known}
   *
   * @param id the server's inventory id
   */
  default Optional<Server> find(ServerId id) {
    return servers().stream().filter(s -> s.id().equals(id)).findFirst();
  }

  /**
   * {@return the server with that id}
   *
   * @param id the server's inventory id
   * @throws NotFoundException naming the known ids when it is not in the inventory
   *
   */
  default Server require(ServerId id) {
    return find(id).orElseThrow(() -> new NotFoundException("server", id.value(),
        "in the inventory (known: " + servers().stream().map(s -> s.id().value()).sorted().toList() + ")"));
  }

  /**
   * {@return the server with that id}
   *
   * @param id the server's inventory id
   * @throws NotFoundException naming the known ids when it is not in the inventory
   */
  default Server require(String id) {
    return require(ServerId.of(id));
  }

  /** Checks that server ids are unique when an inventory is built. */
  @Value.Check
  default void check() {
    Set<ServerId> seen = new HashSet<>();
    Violations v = Violations.collect();
    for (Server s : servers()) {
      v.check(seen.add(s.id()), "servers.id", s.id(), "must be unique in the inventory");
    }
    v.throwIfAny("inventory");
  }
}
