package dev.failover.testkit.kea;

/**
 * Which Kea control channel the fake's HTTP face imitates.
 */
public enum KeaFlavour {
  /**
   * Kea 2.2's Control Agent (the recorded reference): a command names its {@code service}
   * ({@code ["dhcp4"]}) and the answer is a JSON array with one object per service; a command
   * without {@code service} is answered by the agent itself.
   */
  CONTROL_AGENT_2_2("2.2.0"),
  /**
   * Kea 3.0's direct HTTP control socket of {@code kea-dhcp4}: no agent, {@code service} is not
   * needed (and ignored), and a JSON command is answered with a list of one answer, as an agent
   * answers (what real Kea 3.0.4 does); a body that is not a command gets a bare object.
   */
  DIRECT_HTTP_3_0("3.0.0");

  private final String version;

  KeaFlavour(String version) {
    this.version = version;
  }

  /** {@return the version {@code version-get} reports} */
  public String version() {
    return version;
  }
}
