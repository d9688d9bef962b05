/** Helpers shared by the API's own classes. Not API: may change without notice. */
package dev.failover.internal;
