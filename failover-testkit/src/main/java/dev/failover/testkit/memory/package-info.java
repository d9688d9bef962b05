/**
 * DHCP servers held in memory in the SDK's own terms, and a backend over them: the whole flow
 * of the SDK with nothing installed (the command-line sandbox and the examples use it).
 */
package dev.failover.testkit.memory;
