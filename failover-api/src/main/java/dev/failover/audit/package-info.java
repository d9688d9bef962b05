/**
 * Audit events: one per attempt to apply a plan or to change a server's state, whatever its
 * outcome, handed to an {@link dev.failover.audit.AuditListener}; a JSON Lines file
 * ({@link dev.failover.audit.JsonLinesAuditListener}) and SLF4J
 * ({@link dev.failover.audit.Slf4jAuditListener}) listeners are ready to use.
 */
@FailoverStyle
package dev.failover.audit;

import dev.failover.FailoverStyle;
