/**
 * A DHCPv4 client probe: real DHCP packets, encoded and decoded here after RFC 2131 and RFC 2132
 * ({@link dev.failover.testkit.probe.DhcpCodec}), sent as a relay agent ({@code giaddr}) or
 * directly to the servers a test started, reporting who offered what
 * ({@link dev.failover.testkit.probe.ProbeResult}) or that no one answered within a bound.
 * {@link dev.failover.testkit.probe.DhcpProbe} sends only to loopback, or to any address when
 * the JVM itself runs inside a network namespace of its own (a test's namespace, reached with
 * {@link dev.failover.testkit.probe.ProbeMain} under {@code ip netns exec}).
 */
@FailoverStyle
package dev.failover.testkit.probe;

import dev.failover.FailoverStyle;
