/**
 * The Windows Server DHCP backend of the failover SDK: {@link dev.failover.windows.WindowsBackend}
 * (found through {@link dev.failover.windows.WindowsBackendProvider}) and its default SSH access,
 * {@link dev.failover.windows.SshShellFactory}. The cmdlets it runs live in
 * {@code dev.failover.windows.ps}, the transport in {@code dev.failover.windows.transport}.
 */
package dev.failover.windows;
