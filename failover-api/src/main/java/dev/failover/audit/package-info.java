/** Audit events: one per attempt to apply a plan, whatever its outcome. */
@FailoverStyle
package dev.failover.audit;

import dev.failover.FailoverStyle;
