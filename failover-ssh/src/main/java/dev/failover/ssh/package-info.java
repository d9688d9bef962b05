/**
 * The SSH login shared by the backends that reach their servers over SSH (Windows OpenSSH for
 * the Windows DHCP backend, the dhcpd hosts of the ISC backend): {@link dev.failover.ssh.SshLogin}
 * connects with a pinned host key ({@link dev.failover.ssh.HostKeyPolicy}) and a password or key,
 * within bounded timeouts, and never dumps packets to a log.
 */
package dev.failover.ssh;
