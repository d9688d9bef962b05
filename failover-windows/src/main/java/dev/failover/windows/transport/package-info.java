/**
 * How scripts reach a Windows DHCP server: {@link dev.failover.windows.transport.RemoteShell}
 * runs one composed script per call, and {@link dev.failover.windows.transport.SshRemoteShell}
 * does it over SSH (Windows OpenSSH) with a pinned host key and key or password login, through
 * the launcher described in {@link dev.failover.windows.transport.PowerShellLauncher}.
 */
package dev.failover.windows.transport;
