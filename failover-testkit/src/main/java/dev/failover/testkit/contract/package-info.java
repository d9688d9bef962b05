/**
 * The contract suite every backend passes: {@link dev.failover.testkit.contract.FailoverBackendContract},
 * extended once per face a backend is tested through, with a
 * {@link dev.failover.testkit.contract.ContractFixture}.
 */
package dev.failover.testkit.contract;
