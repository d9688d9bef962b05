package dev.failover.windows.ps;

import dev.failover.errors.BackendException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A DhcpServer cmdlet refused: the server's message kept verbatim as
 * {@link #serverMessage()}, the Windows error name as {@link #serverCode()} (for example
 * {@code ERROR_DHCP_FO_RELATIONSHIP_EXISTS}, or the raw error id such as
 * {@code NamedParameterNotFound} when it is not a Windows error), and the details of the failing
 * step: its index, the cmdlet, {@code FullyQualifiedErrorId}, and the Win32 code.
 */
public class DhcpCmdletException extends BackendException {

  private static final long serialVersionUID = 1L;

  private final transient StepFailure failure;
  /** The Win32 error the cmdlet reported, when it is one this SDK knows. */
  private final DhcpError error;

  DhcpCmdletException(String server, StepFailure failure) {
    super(Kind.REJECTED, server, failure.message(),
        failure.error().map(Enum::name).orElse(failure.errorId()),
        failure.error().map(DhcpError::retryable).orElse(false), null);
    this.failure = failure;
    this.error = failure.error().orElse(null);
  }

  /** {@return the failing step and the error as PowerShell reported it} */
  public StepFailure failure() {
    return failure;
  }

  /** {@return the Windows error, when the code is a known one} */
  public Optional<DhcpError> error() {
    return Optional.ofNullable(error);
  }

  /** {@return the Win32 error number, when the error carried one} */
  public OptionalInt win32Code() {
    return failure.code();
  }

  /** {@return the cmdlet's {@code FullyQualifiedErrorId}, for example {@code WIN32 20010,Get-DhcpServerv4OptionValue}} */
  public String fullyQualifiedErrorId() {
    return failure.fullyQualifiedErrorId();
  }

  /** {@return the index of the failing step in its script} */
  public int step() {
    return failure.step();
  }
}
