package dev.failover.state;

import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.spi.Texts;
import dev.failover.server.Vendor;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The failover states of ISC dhcpd 4.x (vendor-facts §2.3), with the numbers OMAPI's
 * {@code failover-state} object reports in {@code local-state}/{@code partner-state} (4.x
 * numbering, failover.h) and the tokens dhcpd writes in lease files and logs
 * ({@code failover peer fo1: I move from recover to recover-done}).
 *
 * <p>dhcpd 3.0.x numbered the states differently; {@link #fromLegacyCode(int)} reads that
 * numbering. A state parser must know which version it talks to.
 */
public enum IscFailoverState implements FailoverState {
  /** {@code unknown-state} (0): what a server records for a partner it has not heard from yet. */
  UNKNOWN_STATE(0, -1, "unknown-state", CommonState.UNKNOWN),
  /** {@code startup} (1): probing the partner before serving. */
  STARTUP(1, 10, "startup", CommonState.STARTING),
  /** {@code normal} (2): both servers in touch, serving by the split. */
  NORMAL(2, 2, "normal", CommonState.NORMAL),
  /** {@code communications-interrupted} (3): partner unreachable, not assumed down. */
  COMMUNICATIONS_INTERRUPTED(3, 3, "communications-interrupted", CommonState.COMMUNICATION_INTERRUPTED),
  /** {@code partner-down} (4): serving alone; after STOS + MCLT it reclaims the partner's free leases. */
  PARTNER_DOWN(4, 1, "partner-down", CommonState.PARTNER_DOWN),
  /** {@code potential-conflict} (5): both may have served alone; resolving. */
  POTENTIAL_CONFLICT(5, 5, "potential-conflict", CommonState.CONFLICT),
  /** {@code recover} (6): requesting the partner's whole database. */
  RECOVER(6, 6, "recover", CommonState.RECOVERING),
  /** {@code paused} (7). */
  PAUSED(7, 9, "paused", CommonState.PAUSED),
  /** {@code shutdown} (8). */
  SHUTDOWN(8, 8, "shutdown", CommonState.SHUTDOWN),
  /** {@code recover-done} (9): database received, about to return to normal. */
  RECOVER_DONE(9, 7, "recover-done", CommonState.RECOVERING),
  /** {@code resolution-interrupted} (10): communication lost while in potential-conflict. */
  RESOLUTION_INTERRUPTED(10, 4, "resolution-interrupted", CommonState.CONFLICT),
  /** {@code conflict-done} (11): the primary has resolved its side, the secondary has not yet. */
  CONFLICT_DONE(11, -1, "conflict-done", CommonState.CONFLICT),
  /** {@code recover-wait} (254): waiting out the MCLT before returning to normal. */
  RECOVER_WAIT(254, 11, "recover-wait", CommonState.RECOVERING);

  private final int code;
  private final int legacyCode;
  private final String token;
  private final CommonState common;

  IscFailoverState(int code, int legacyCode, String token, CommonState common) {
    this.code = code;
    this.legacyCode = legacyCode;
    this.token = token;
    this.common = common;
  }

  /** {@return the OMAPI number of the state in dhcpd 4.x} */
  public int code() {
    return code;
  }

  /** {@return the OMAPI number of the state in dhcpd 3.0.x, where the state existed there} */
  public OptionalInt legacyCode() {
    return legacyCode < 0 ? OptionalInt.empty() : OptionalInt.of(legacyCode);
  }

  /** {@return the lease-file and log token, for example {@code communications-interrupted}} */
  public String token() {
    return token;
  }

  @Override
  public Vendor vendor() {
    return Vendor.ISC;
  }

  @Override
  public String vendorName() {
    return token;
  }

  @Override
  public CommonState common() {
    return common;
  }

  @Override
  public String toString() {
    return token;
  }

  /**
   * {@return the state with that OMAPI number in the dhcpd 4.x numbering (1 startup, 2 normal, …,
   * 254 recover-wait)}
   *
   * @param code the OMAPI state number
   * @throws ValidationException for a number dhcpd 4.x does not use
   *
   */
  public static IscFailoverState fromCode(int code) {
    for (IscFailoverState s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw unknown(String.valueOf(code), "must be an ISC dhcpd 4.x failover state number ("
        + Arrays.stream(values()).map(s -> s.code + " " + s.token).collect(Collectors.joining(", ")) + ")");
  }

  /**
   * {@return the state with that OMAPI number in the dhcpd 3.0.x numbering (1 partner-down, 2 normal,
   * 3 communications-interrupted, 4 resolution-interrupted, 5 potential-conflict, 6 recover,
   * 7 recover-done, 8 shutdown, 9 paused, 10 startup, 11 recover-wait)}
   *
   * @param code the OMAPI state number
   * @throws ValidationException for a number dhcpd 3.0.x does not use
   *
   */
  public static IscFailoverState fromLegacyCode(int code) {
    for (IscFailoverState s : values()) {
      if (s.legacyCode >= 0 && s.legacyCode == code) {
        return s;
      }
    }
    throw unknown(String.valueOf(code), "must be an ISC dhcpd 3.0.x failover state number (1 to 11)");
  }

  /**
   * {@return the state with that lease-file/log token ({@code normal}, {@code recover-wait}, …), case
   * insensitive as dhcpd's lexer is}
   *
   * @param token the token, for example {@code recover-wait}
   * @throws ValidationException for a token dhcpd does not know
   *
   */
  public static IscFailoverState fromToken(String token) {
    for (IscFailoverState s : values()) {
      if (s.token.equalsIgnoreCase(token)) {
        return s;
      }
    }
    throw unknown(token == null ? "null" : Texts.quoted(token), "must be an ISC dhcpd failover state ("
        + Arrays.stream(values()).map(s -> s.token).collect(Collectors.joining(", ")) + ")");
  }

  private static ValidationException unknown(String value, String rule) {
    return new ValidationException("ISC failover state", List.of(new Violation("state", value, rule)));
  }
}
