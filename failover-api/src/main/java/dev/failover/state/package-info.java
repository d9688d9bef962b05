/**
 * Failover states: each vendor's own state words ({@link dev.failover.state.IscFailoverState},
 * {@link dev.failover.state.KeaHaState}, {@link dev.failover.state.WindowsFailoverState}), the
 * vendor-neutral {@link dev.failover.state.CommonState} every one of them maps onto, and the
 * {@link dev.failover.state.FailoverStatus} a backend reports for one server of a relationship.
 */
@FailoverStyle
package dev.failover.state;

import dev.failover.FailoverStyle;
