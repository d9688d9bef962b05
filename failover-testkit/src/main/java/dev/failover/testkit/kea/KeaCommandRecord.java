package dev.failover.testkit.kea;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One command a fake received and how it answered: what a test inspects afterwards
 * ({@link FakeKeaServer#commands()}, {@link FakeKeaServer#writes()}).
 *
 * <p>{@link #toString()} names the command and the result only: arguments can carry a
 * configuration with HA peers' passwords.
 *
 * @param at when the command was answered, on the fake's clock
 * @param command the command name, e.g. {@code config-set}
 * @param service the {@code service} list as sent (empty when absent)
 * @param arguments the {@code arguments} as sent, if any (a copy on every call)
 * @param result Kea's result code of the answer (0 success, 1 error, 2 unsupported, 3 empty)
 * @param text the answer's {@code text}, empty when the answer had none
 */
public record KeaCommandRecord(Instant at, String command, List<String> service,
    Optional<JsonNode> arguments, int result, String text) {

  /**
   * A record; the lists are copied.
   *
   * @param at when the command was answered
   * @param command the command name
   * @param service the {@code service} list as sent
   * @param arguments the {@code arguments} as sent, if any
   * @param result Kea's result code of the answer
   * @param text the answer's {@code text}
   */
  public KeaCommandRecord {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(command, "command");
    service = List.copyOf(service);
    arguments = Objects.requireNonNull(arguments, "arguments").map(JsonNode::deepCopy);
    Objects.requireNonNull(text, "text");
  }

  /** {@return the arguments as sent (a fresh copy)} */
  @Override
  public Optional<JsonNode> arguments() {
    return arguments.map(JsonNode::deepCopy);
  }

  /** {@return whether this command changes the server's stored configuration or its file} */
  public boolean isWrite() {
    return FakeDhcp4Server.WRITE_COMMANDS.contains(command);
  }

  @Override
  public String toString() {
    return "KeaCommandRecord[" + at + " " + command + " -> " + result
        + (text.isEmpty() ? "" : " \"" + text + "\"") + "]";
  }
}
