/**
 * Internals of the Kea backend shared by its packages (the JSON mapper and canonical form).
 * Not API: may change without notice.
 */
package dev.failover.kea.internal;
