package dev.failover.state;

import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.spi.Texts;
import dev.failover.server.Vendor;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The failover states of Windows Server DHCP: the {@code FSM_STATE} enumeration of MS-DHCPM and
 * dhcpsapi.h (vendor-facts §1), in its order, so {@link #code()} is the numeric value the RPC
 * interface uses. The DhcpServer PowerShell module prints the same states in words
 * ({@code Normal}, {@code CommunicationInterrupted}, {@code PartnerDown}); {@link #fromName}
 * reads every one of these spellings.
 */
public enum WindowsFailoverState implements FailoverState {
  /** {@code NO_STATE} (0): no state is configured for the relationship. */
  NO_STATE(CommonState.UNKNOWN),
  /** {@code INIT} (1): the relationship is initialising. */
  INIT(CommonState.STARTING),
  /** {@code STARTUP} (2): probing the partner before serving; entered after INIT. */
  STARTUP(CommonState.STARTING),
  /** {@code NORMAL} (3): both servers serve as configured. */
  NORMAL(CommonState.NORMAL),
  /**
   * {@code COMMUNICATION_INT} (4): communication interrupted; each server serves independently
   * and neither assumes the other is down. Without a state switchover interval it never turns
   * into PARTNER_DOWN by itself.
   */
  COMMUNICATION_INT(CommonState.COMMUNICATION_INTERRUPTED, "COMMUNICATIONINTERRUPTED"),
  /** {@code PARTNER_DOWN} (5): this server assumes its partner is not operating. */
  PARTNER_DOWN(CommonState.PARTNER_DOWN),
  /** {@code POTENTIAL_CONFLICT} (6): the partners are re-establishing the relationship. */
  POTENTIAL_CONFLICT(CommonState.CONFLICT),
  /** {@code CONFLICT_DONE} (7): the primary has received all of the secondary's updates. */
  CONFLICT_DONE(CommonState.CONFLICT),
  /** {@code RESOLUTION_INT} (8): communication failed while resolving a potential conflict. */
  RESOLUTION_INT(CommonState.CONFLICT, "RESOLUTIONINTERRUPTED"),
  /** {@code RECOVER} (9): no stable storage information, or re-integrating after PARTNER_DOWN. */
  RECOVER(CommonState.RECOVERING),
  /** {@code RECOVER_WAIT} (10): waiting one MCLT before RECOVER_DONE. */
  RECOVER_WAIT(CommonState.RECOVERING),
  /** {@code RECOVER_DONE} (11): about to return to NORMAL. */
  RECOVER_DONE(CommonState.RECOVERING),
  /** {@code PAUSED} (12): reserved by Microsoft. */
  PAUSED(CommonState.PAUSED),
  /** {@code SHUTDOWN} (13): reserved by Microsoft. */
  SHUTDOWN(CommonState.SHUTDOWN);

  private final CommonState common;
  private final List<String> aliases;

  WindowsFailoverState(CommonState common, String... aliases) {
    this.common = common;
    this.aliases = List.of(aliases);
  }

  /** {@return the FSM_STATE number (0 NO_STATE … 13 SHUTDOWN)} */
  public int code() {
    return ordinal();
  }

  @Override
  public Vendor vendor() {
    return Vendor.WINDOWS;
  }

  /** The FSM_STATE name, for example {@code COMMUNICATION_INT}. */
  @Override
  public String vendorName() {
    return name();
  }

  @Override
  public CommonState common() {
    return common;
  }

  /**
   * {@return the state with that FSM_STATE number}
   *
   * @param code the FSM_STATE number, 0 to 13
   * @throws ValidationException outside 0 to 13
   *
   */
  public static WindowsFailoverState fromCode(int code) {
    WindowsFailoverState[] all = values();
    if (code < 0 || code >= all.length) {
      throw new ValidationException("Windows failover state", List.of(new Violation("state", String.valueOf(code),
          "must be an FSM_STATE number from 0 (NO_STATE) to 13 (SHUTDOWN)")));
    }
    return all[code];
  }

  /**
   * {@return the state with that name in any of the spellings Windows uses: the FSM_STATE name
   * ({@code COMMUNICATION_INT}), the PowerShell/WMI word ({@code CommunicationInterrupted},
   * {@code PartnerDown}, {@code Normal}) or the console's words ({@code COMMUNICATION INTERRUPTED},
   * {@code Partner Down})} Case, spaces, hyphens and underscores are ignored.
   *
   * @param name the state's name in one of those spellings
   * @throws ValidationException for a name that is none of these
   *
   */
  public static WindowsFailoverState fromName(String name) {
    String key = name == null ? "" : squash(name);
    for (WindowsFailoverState s : values()) {
      if (squash(s.name()).equals(key) || s.aliases.contains(key)) {
        return s;
      }
    }
    throw new ValidationException("Windows failover state", List.of(new Violation("state",
        name == null ? "null" : Texts.quoted(name), "must be a Windows failover state ("
            + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")) + ")")));
  }

  private static String squash(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '_' && c != '-' && c != ' ') {
        out.append(c);
      }
    }
    return out.toString().toUpperCase(Locale.ROOT);
  }
}
