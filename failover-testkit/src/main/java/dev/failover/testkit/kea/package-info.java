/**
 * The testkit's Kea face: {@link dev.failover.testkit.kea.FakeKeaServer}, an in-memory Kea 2.2
 * DHCPv4 server with its HA hook that answers over HTTP like a Kea Control Agent (or like Kea
 * 3.0's direct control socket), and {@link dev.failover.testkit.kea.FakeKeaPair}, two of them in
 * one HA relationship. Both run on a clock the test controls
 * ({@link dev.failover.testkit.kea.ManualClock}) and are held to recorded answers of a real
 * Kea 2.2.0 pair.
 */
package dev.failover.testkit.kea;
