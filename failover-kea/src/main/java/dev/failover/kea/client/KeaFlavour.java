package dev.failover.kea.client;

/**
 * How a Kea DHCPv4 server is reached over HTTP. {@link KeaClient} detects it from what the
 * endpoint reports about itself (its version, and on 3.0 or later its own configuration's
 * top-level key) and remembers it for its endpoint; nobody configures it by hand. Both channels
 * answer JSON arrays (a real Kea 3.0 socket does too), so the shape of an answer tells nothing.
 */
public enum KeaFlavour {
  /**
   * A Control Agent ({@code kea-ctrl-agent}, the only HTTP channel before Kea 3.0) forwards to the
   * server. Every request names {@code "service": ["dhcp4"]}; the agent's own configuration is
   * {@code Control-agent}.
   */
  CONTROL_AGENT,
  /**
   * Kea ≥ 3.0: kea-dhcp4's own HTTP control socket ({@code control-sockets} with
   * {@code "socket-type": "http"}), whose configuration is the server's {@code Dhcp4}. Requests
   * carry no {@code service}.
   */
  SERVER_SOCKET
}
