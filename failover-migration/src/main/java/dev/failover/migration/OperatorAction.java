package dev.failover.migration;

/**
 * Something the operator's own tooling does during the cutover, such as stopping or starting
 * dhcpd on one side ({@code systemctl stop isc-dhcp-server} over SSH, a signal to a known PID, a
 * call into an orchestration system): how ISC is stopped is the operator's, the SDK does not guess.
 * It throws when it did not do what it says; the message says why, in the operator's words.
 */
@FunctionalInterface
public interface OperatorAction {

  /**
   * Does it.
   *
   * @throws Exception when it did not; the cutover stops and goes back over what it did
   */
  void run() throws Exception;
}
