/**
 * The tool's sandbox: the testkit's fake ISC, Kea and Windows servers on 127.0.0.1, driven by the
 * SDK's real backends, with a sample inventory, kept in a directory between runs.
 */
package dev.failover.cli.sandbox;
