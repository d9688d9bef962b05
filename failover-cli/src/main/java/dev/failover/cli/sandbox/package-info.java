/**
 * The command-line tool's sandbox: three pairs of in-memory servers (ISC, Kea, Windows) with a
 * sample inventory, scopes, relationships and drift, kept between runs in a JSON state file.
 */
package dev.failover.cli.sandbox;
