/**
 * Scopes and what they hold: the subnet, option values, address pools, exclusions and
 * reservations, in the words every vendor shares. The Kea backend maps {@code subnet4} onto
 * {@link dev.failover.scope.Scope}, the ISC backend maps {@code subnet} declarations, and the
 * Windows backend maps DHCP scopes.
 */
@FailoverStyle
package dev.failover.scope;

import dev.failover.FailoverStyle;
