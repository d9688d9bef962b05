/**
 * Comparing scopes: the replication diff ({@link dev.failover.diff.ScopeDiff}: what makes a
 * destination equal to a source) and drift between partners ({@link dev.failover.diff.DriftReport}).
 */
@FailoverStyle
package dev.failover.diff;

import dev.failover.FailoverStyle;
