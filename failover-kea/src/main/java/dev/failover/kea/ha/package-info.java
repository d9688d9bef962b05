/**
 * Kea's High Availability hook configuration in the SDK's terms: {@link dev.failover.kea.ha.KeaHaMapping}
 * turns one {@code high-availability} entry into a mode and {@link dev.failover.relationship.KeaHaSettings}
 * and back, keeping every field it does not know; {@link dev.failover.kea.ha.KeaHaEntry} is what one entry
 * holds.
 */
package dev.failover.kea.ha;
