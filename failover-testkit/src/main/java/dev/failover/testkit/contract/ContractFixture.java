package dev.failover.testkit.contract;

import dev.failover.relationship.Relationship;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.ServerId;
import dev.failover.spi.FailoverBackend;
import java.util.List;

/**
 * What the {@link FailoverBackendContract} needs from a backend under test: two servers of its
 * vendor (fake or real), the backend, and a way to change a server behind the SDK's back.
 * Closed after each test.
 */
public interface ContractFixture extends AutoCloseable {

  /** {@return the inventory holding {@link #primary()} and {@link #secondary()}} */
  Inventory inventory();

  /** {@return the inventory id of the relationship's primary server} */
  ServerId primary();

  /** {@return the inventory id of the relationship's secondary server} */
  ServerId secondary();

  /** {@return the backend under test} */
  FailoverBackend backend();

  /**
   * Puts the scope on the server directly, as an operator editing the server by hand would
   * (replacing a scope of the same subnet). Scopes the contract seeds are /24s inside
   * 10.0.0.0/8 with pools, reservations and option 3 (routers) values.
   *
   * @param server the server's inventory id
   * @param scope the scope to put there
   */
  void seed(ServerId server, Scope scope);

  /**
   * {@return a valid relationship of this vendor between the primary and the secondary covering the subnets}
   *
   * @param name the relationship's name
   * @param scopes the subnets it covers
   */
  Relationship relationship(String name, List<Subnet> scopes);

  /** {@return what the kits must know of this fixture's vendor: how a setting changes, what a cut link shows} */
  ContractCapabilities capabilities();

  /**
   * Makes the server itself fail its next write with the message (a fake's own control) and
   * returns true; returns false when this face has no such control (a real server), and the
   * suite then fails that write between the backend and the server with a
   * {@link FaultInjectingBackend}.
   *
   * @param server the server's inventory id
   * @param message the failure's text
   * @return whether the fault was armed
   */
  default boolean failNextWrite(ServerId server, String message) {
    return false;
  }

  /**
   * {@return how many generated cases each property test of the suite runs against this face: the system
   * property {@code failover.contract.property.cases}, else 12} Real servers may want fewer.
   */
  default int propertyCases() {
    return Integer.getInteger("failover.contract.property.cases", 12);
  }

  @Override
  void close() throws Exception;
}
