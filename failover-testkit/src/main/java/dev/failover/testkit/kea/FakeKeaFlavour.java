package dev.failover.testkit.kea;

/**
 * Which Kea release, and so which control channel, the fake imitates. Not the SDK's
 * {@code KeaFlavour} (failover-kea's client detects only the channel, agent or the server's own
 * socket); this one also picks the release's texts, commands and parameters.
 */
public enum FakeKeaFlavour {
  /**
   * Kea 2.2's Control Agent (the recorded reference): a command names its {@code service}
   * ({@code ["dhcp4"]}) and the answer is a JSON array with one object per service; a command
   * without {@code service} is answered by the agent itself.
   */
  CONTROL_AGENT_2_2("2.2.0"),
  /**
   * Kea 2.6's Control Agent in front of {@code kea-dhcp4} 2.6 (as real Kea 2.6.3 answers): the
   * agent's envelope as 2.2's, with what Kea 2.4 brought — command errors worded as 3.0 words
   * them, the configuration hash in {@code config-set}'s answer, several hot-standby
   * relationships on one server ({@code server-name} arguments, {@code server-name} in
   * {@code status-get}), multi-threading on by default, and the 2.6 parameters
   * ({@code offer-lifetime}, {@code allocator}, {@code never-send}, …) but not 3.0's
   * ({@code control-sockets}, {@code client-classes} in a subnet or option).
   */
  CONTROL_AGENT_2_6("2.6.3"),
  /**
   * Kea 3.0's direct HTTP control socket of {@code kea-dhcp4}: no agent, {@code service} is not
   * needed (and ignored), and a JSON command is answered with a list of one answer, as an agent
   * answers (what real Kea 3.0.4 does); a body that is not a command gets a bare object. It
   * reports version 3.0.4 with the build of Debian's package (sid), lists 3.0's commands
   * ({@code subnet4-select-test}, …) and adds 3.0's {@code system-time} and {@code clock-skew} to
   * {@code status-get}; otherwise it answers as the 2.6 flavour's server does.
   */
  DIRECT_HTTP_3_0("3.0.4");

  private final String version;

  FakeKeaFlavour(String version) {
    this.version = version;
  }

  /** {@return the version {@code version-get} reports} */
  public String version() {
    return version;
  }

  /** Whether a Control Agent answers in front of {@code kea-dhcp4} (2.2, 2.6). */
  boolean agent() {
    return this != DIRECT_HTTP_3_0;
  }

  /** Whether this is Kea 2.4 or later (2.6, 3.0): hub-and-spoke, hashes, newer texts. */
  boolean newer() {
    return this != CONTROL_AGENT_2_2;
  }

  /** Whether this is Kea 3.0 or later. */
  boolean kea3() {
    return this == DIRECT_HTTP_3_0;
  }
}
