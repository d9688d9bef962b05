/**
 * What goes wrong, beside the facade ({@link dev.failover.Failover}): {@link
 * dev.failover.errors.FailoverException} and its kinds, and the {@link
 * dev.failover.errors.Violation}s a {@link dev.failover.errors.ValidationException} lists (collected
 * with {@link dev.failover.errors.Violations}). Every message is in an operator's words and names
 * no secret; failover-api/README.md says when each is thrown.
 */
package dev.failover.errors;

import dev.failover.Failover;
