/**
 * The testkit's Windows face: {@link dev.failover.testkit.windows.FakeWindowsDhcpServer}, an
 * in-memory Windows DHCP server held to the DhcpServer cmdlets' documented rules; the
 * interpreter of exactly the PowerShell scripts the Windows backend composes
 * ({@link dev.failover.testkit.windows.WindowsScriptInterpreter}); and
 * {@link dev.failover.testkit.windows.FakeWindowsSshServer}, which serves a fake over a real SSH
 * connection on a loopback port.
 */
package dev.failover.testkit.windows;
