/**
 * Permissions: {@link dev.failover.access.Principal principals} with built-in roles and access
 * bits, and the {@link dev.failover.access.AccessPolicy predicates} that decide, with a reason,
 * whether a plan may be applied.
 */
@FailoverStyle
package dev.failover.access;

import dev.failover.FailoverStyle;
