/**
 * Failover relationships: a {@link dev.failover.relationship.Relationship} pairs two servers of
 * one vendor in a {@link dev.failover.relationship.FailoverMode} over a set of scopes, with the
 * vendor's own peer settings ({@link dev.failover.relationship.IscFailoverSettings},
 * {@link dev.failover.relationship.KeaHaSettings},
 * {@link dev.failover.relationship.WindowsFailoverSettings}). Each settings type carries its
 * vendor's defaults, ranges and cross-field rules (vendor-facts §1-§3), and says where values
 * are off the vendor's own recommendations.
 */
@FailoverStyle
package dev.failover.relationship;

import dev.failover.FailoverStyle;
