package dev.failover.relationship;

/**
 * The role a server plays in a relationship, in the vendors' words: ISC knows primary and
 * secondary; Kea primary, secondary (load balancing), standby (hot standby) and backup;
 * Windows a primary and a secondary server (load balancing) or an active and a standby server
 * (hot standby), where the active one is reported as {@link #PRIMARY}.
 */
public enum ServerRole {
  /** The primary server (Windows hot standby: the active server). */
  PRIMARY,
  /** The secondary server of an ISC pair or of a load-balancing pair. */
  SECONDARY,
  /** The standby server of a hot-standby pair (Kea, Windows). */
  STANDBY,
  /** A Kea backup server: receives lease updates, never serves unless reconfigured. */
  BACKUP
}
