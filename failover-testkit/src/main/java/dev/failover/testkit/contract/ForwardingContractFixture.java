package dev.failover.testkit.contract;

import dev.failover.relationship.Relationship;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.ServerId;
import dev.failover.spi.FailoverBackend;
import java.util.List;

/**
 * A {@link ContractFixture} that hands the pair's inventory, servers, backend, seeding,
 * relationships, capabilities and closing to another fixture; a wrapper overrides what it changes
 * and adds what it brings. The optional hooks ({@link #failNextWrite}, {@link #propertyCases})
 * keep their defaults unless the wrapper forwards them too.
 */
public abstract class ForwardingContractFixture implements ContractFixture {

  private final ContractFixture delegate;

  /**
   * Forwards to the fixture.
   *
   * @param fixture the fixture the calls go to
   */
  protected ForwardingContractFixture(ContractFixture fixture) {
    this.delegate = fixture;
  }

  /** {@return the fixture the calls go to} */
  protected ContractFixture fixture() {
    return delegate;
  }

  @Override
  public Inventory inventory() {
    return delegate.inventory();
  }

  @Override
  public ServerId primary() {
    return delegate.primary();
  }

  @Override
  public ServerId secondary() {
    return delegate.secondary();
  }

  @Override
  public FailoverBackend backend() {
    return delegate.backend();
  }

  @Override
  public void seed(ServerId server, Scope scope) {
    delegate.seed(server, scope);
  }

  @Override
  public Relationship relationship(String name, List<Subnet> scopes) {
    return delegate.relationship(name, scopes);
  }

  @Override
  public ContractCapabilities capabilities() {
    return delegate.capabilities();
  }

  @Override
  public void close() throws Exception {
    delegate.close();
  }
}
