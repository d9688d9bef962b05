/**
 * Peers that misbehave on purpose, on a loopback port of their own: one that drips its answer a
 * byte at a time, one that never stops answering. A client's deadline and size limit are tested
 * against them ({@link dev.failover.testkit.hostile.HostilePeer}).
 */
package dev.failover.testkit.hostile;
