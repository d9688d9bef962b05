package dev.failover.testkit.windows;

/**
 * A failing cmdlet as PowerShell reports it: the exception message, the error id that forms
 * {@code FullyQualifiedErrorId} ({@code DHCP 20114} becomes {@code DHCP 20114,Add-DhcpServerv4Failover}),
 * the error category, the .NET exception type and, for the DhcpServer cmdlets, the CIM message
 * id. Not API.
 */
final class CmdletFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  static final String CIM_EXCEPTION = "Microsoft.Management.Infrastructure.CimException";
  static final String BINDING_EXCEPTION = "System.Management.Automation.ParameterBindingException";

  private final String errorId;
  private final String category;
  private final String exceptionType;
  private final String messageId;

  CmdletFailure(String message, String errorId, String category, String exceptionType, String messageId) {
    super(message, null, false, false);
    this.errorId = errorId;
    this.category = category;
    this.exceptionType = exceptionType;
    this.messageId = messageId;
  }

  /**
   * A DhcpServer error as the CDXML cmdlets word it, {@code Failed to <what> on DHCP server <server>.},
   * with the Windows error code only in the error id ({@code DHCP 20005}); errors outside the
   * DHCP range are given as {@code WIN32 <code>}.
   */
  static CmdletFailure dhcp(WinError error, String category, String what, String server) {
    String id = (error.code() >= 20000 ? "DHCP " : "WIN32 ") + error.code();
    return new CmdletFailure("Failed to " + what + " on DHCP server " + server + ".", id, category, CIM_EXCEPTION, id);
  }

  /** A parameter binding error of PowerShell itself. */
  static CmdletFailure binding(String message, String errorId, String category) {
    return new CmdletFailure(message, errorId, category, BINDING_EXCEPTION, null);
  }

  String errorId() {
    return errorId;
  }

  String category() {
    return category;
  }

  String exceptionType() {
    return exceptionType;
  }

  String messageId() {
    return messageId;
  }
}
