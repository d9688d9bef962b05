/**
 * The DhcpServer PowerShell module as data: typed commands for every cmdlet the Windows backend
 * needs ({@link dev.failover.windows.ps.DhcpCommands}), one script per server per plan
 * ({@link dev.failover.windows.ps.ScriptComposer}), and the typed reading of what
 * {@code ConvertTo-Json} prints back ({@link dev.failover.windows.ps.ScriptReport}).
 *
 * <p>Every value reaches PowerShell as a single-quoted literal or as typed data, never as code:
 * see {@link dev.failover.windows.ps.PsLiteral}.
 */
package dev.failover.windows.ps;
