/**
 * The HTTP client of Kea's control channel ({@link dev.failover.kea.client.KeaClient}): one POST
 * per command, through the Control Agent of Kea 2.2–2.6 or the server's own socket of Kea ≥ 3.0
 * (detected), with typed answers for the commands the backend uses ({@code status-get},
 * {@code ha-heartbeat}, {@code version-get}, …) and Kea's own result codes and texts on failure.
 */
package dev.failover.kea.client;
