package dev.failover.kea.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * One answer of a Kea server to a command: its result code, its text and its arguments. A
 * {@link KeaClient} returns only answers whose result is {@link #SUCCESS} or {@link #EMPTY};
 * the others become a {@link dev.failover.errors.BackendException}.
 */
public final class KeaAnswer {

  /** The command succeeded. */
  public static final int SUCCESS = 0;
  /** The command failed; the text says why. */
  public static final int ERROR = 1;
  /** The command is not supported (unknown command, or its hook is not loaded). */
  public static final int UNSUPPORTED = 2;
  /** The command succeeded and found nothing (for example no leases). */
  public static final int EMPTY = 3;

  private final String command;
  private final int result;
  private final String text;
  private final JsonNode arguments;

  /**
   * An answer that owns {@code arguments}: the tree was just parsed from the answer's body and
   * nobody else holds it, so it is kept as it is (a {@code config-get} answer is about 11 MB of
   * JSON); {@link #arguments()} gives callers a copy.
   */
  KeaAnswer(String command, int result, String text, JsonNode arguments) {
    this.command = command;
    this.result = result;
    this.text = text;
    this.arguments = arguments;
  }

  /** {@return the command that was answered} */
  public String command() {
    return command;
  }

  /** {@return Kea's result code: 0 success, 1 error, 2 unsupported, 3 empty} */
  public int result() {
    return result;
  }

  /** {@return whether the command succeeded (result 0)} */
  public boolean isSuccess() {
    return result == SUCCESS;
  }

  /** {@return whether the command succeeded with nothing to return (result 3)} */
  public boolean isEmpty() {
    return result == EMPTY;
  }

  /** {@return Kea's text, verbatim, when the answer has one} */
  public Optional<String> text() {
    return Optional.ofNullable(text);
  }

  /** {@return a copy of the {@code arguments}, when the answer has them} */
  public Optional<JsonNode> arguments() {
    return Optional.ofNullable(arguments).map(JsonNode::deepCopy);
  }

  JsonNode argumentsOrMissing() {
    return arguments == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : arguments;
  }

  @Override
  public String toString() {
    return "KeaAnswer[" + command + " result=" + result + (text == null ? "" : ", text=" + text) + "]";
  }
}
