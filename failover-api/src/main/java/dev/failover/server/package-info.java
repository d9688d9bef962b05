/** The servers the SDK knows: vendor, id, the address partners use, and how the SDK connects. */
package dev.failover.server;
