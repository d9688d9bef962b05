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

  /** The inventory holding {@link #primary()} and {@link #secondary()}. */
  Inventory inventory();

  ServerId primary();

  ServerId secondary();

  /** The backend under test. */
  FailoverBackend backend();

  /**
   * Puts the scope on the server directly, as an operator editing the server by hand would
   * (replacing a scope of the same subnet). Scopes the contract seeds are /24s inside
   * 10.0.0.0/8 with pools, reservations and option 3 (routers) values.
   */
  void seed(ServerId server, Scope scope);

  /** A valid relationship of this vendor between the primary and the secondary covering the subnets. */
  Relationship relationship(String name, List<Subnet> scopes);

  /**
   * Makes the server itself fail its next write with the message (a fake's own control) and
   * returns true; returns false when this face has no such control (a real server), and the
   * suite then fails that write between the backend and the server with a
   * {@link FaultInjectingBackend}.
   */
  default boolean failNextWrite(ServerId server, String message) {
    return false;
  }

  /**
   * How many generated cases each property test of the suite runs against this face: the system
   * property {@code failover.contract.property.cases}, else 12. Real servers may want fewer.
   */
  default int propertyCases() {
    return Integer.getInteger("failover.contract.property.cases", 12);
  }

  @Override
  void close() throws Exception;
}
