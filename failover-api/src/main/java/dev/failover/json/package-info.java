/** The JSON form of the SDK's values ({@link dev.failover.json.FailoverJson}). */
package dev.failover.json;
