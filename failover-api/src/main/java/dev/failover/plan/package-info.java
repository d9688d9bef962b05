/**
 * Plans: {@link dev.failover.plan.Operation operations} a caller asks for, the
 * {@link dev.failover.plan.ServerState state} each server is in, the
 * {@link dev.failover.plan.Planner planner} that turns both into a
 * {@link dev.failover.plan.Plan plan} of item-level {@link dev.failover.plan.Change changes} per
 * server, with warnings and fingerprints.
 */
@FailoverStyle
package dev.failover.plan;

import dev.failover.FailoverStyle;
