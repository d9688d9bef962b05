/**
 * {@code failover}, the operator's command-line tool ({@link dev.failover.cli.FailoverCli}): servers,
 * relationships, scopes, ISC peers, replication, drift, status and partner-down over an inventory
 * file or the embedded sandbox of fake servers; every change shown as a plan first.
 */
package dev.failover.cli;
