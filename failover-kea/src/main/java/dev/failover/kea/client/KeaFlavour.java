package dev.failover.kea.client;

/**
 * How a Kea DHCPv4 server is reached over HTTP. {@link KeaClient} detects it from the shape of
 * the first answer and remembers it for its endpoint; nobody configures it by hand.
 */
public enum KeaFlavour {
  /**
   * Kea 2.2 to 2.6: the Control Agent ({@code kea-ctrl-agent}) forwards to the server. Every
   * request names {@code "service": ["dhcp4"]}, and the answer is a JSON array with one object
   * per service.
   */
  CONTROL_AGENT,
  /**
   * Kea ≥ 3.0: kea-dhcp4's own HTTP control socket. Requests carry no {@code service}, and the
   * answer is a bare JSON object.
   */
  SERVER_SOCKET
}
