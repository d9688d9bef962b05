/**
 * The whole fleet at once: {@link dev.failover.fleet.Fleet} asks every server of the inventory
 * (or of a selection of relationships) for its state, failover status and drift, a bounded number
 * at a time and each within a timeout, and answers with each server's answer or its problem; a
 * {@link dev.failover.fleet.FleetWatch} asks on a schedule and tells a listener what changed.
 */
@FailoverStyle
package dev.failover.fleet;

import dev.failover.FailoverStyle;
