package dev.failover.windows.ps;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The step that stopped a script: its index and command, and the error as PowerShell gave it
 * (message, {@code FullyQualifiedErrorId}, category, exception type, CIM message id), with the
 * Windows error code read from them: {@code DHCP 20114,Add-DhcpServerv4Failover} or
 * {@code WIN32 …} in the error id or message id, else an {@code ERROR_DHCP_*} name in the message.
 *
 * @param message the exception message, with any secret of the script replaced by {@code ***}
 */
public record StepFailure(int step, Optional<PsCommand> command, String message, String fullyQualifiedErrorId,
    String category, String exceptionType, Optional<String> messageId) {

  private static final Pattern CODE = Pattern.compile("(?:DHCP|WIN32)\\s+(\\d+)");
  private static final Pattern NAME = Pattern.compile("\\b((?:ERROR_DHCP|ERROR|RPC_S)_[A-Z0-9_]+)\\b");

  /** {@return the Windows error number, when the error carries one} */
  public OptionalInt code() {
    for (String s : new String[] {messageId.orElse(""), fullyQualifiedErrorId}) {
      Matcher m = CODE.matcher(s);
      if (m.find()) {
        return OptionalInt.of(Integer.parseInt(m.group(1)));
      }
    }
    Matcher n = NAME.matcher(message);
    while (n.find()) {
      Optional<DhcpError> e = DhcpError.byName(n.group(1));
      if (e.isPresent()) {
        return OptionalInt.of(e.get().code());
      }
    }
    return OptionalInt.empty();
  }

  /** {@return the known Windows error, when the code is one} */
  public Optional<DhcpError> error() {
    OptionalInt c = code();
    return c.isPresent() ? DhcpError.byCode(c.getAsInt()) : Optional.empty();
  }

  /** {@return the error id without the cmdlet part: {@code DHCP 20114}, {@code NamedParameterNotFound}} */
  public String errorId() {
    int comma = fullyQualifiedErrorId.indexOf(',');
    return comma < 0 ? fullyQualifiedErrorId : fullyQualifiedErrorId.substring(0, comma);
  }
}
