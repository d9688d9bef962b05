package dev.failover.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.ServerOutcome;
import dev.failover.server.ServerId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

@DisplayName("The SLF4J audit listener: one logging call per event, its fields as key-value pairs")
class Slf4jAuditListenerTest {

  private final Recording logger = new Recording();
  private final Slf4jAuditListener listener = Slf4jAuditListener.on(logger);

  @Test
  @DisplayName("a success is INFO with every field as a key-value pair and a one-line message")
  void successIsInfoWithFields() {
    AuditEvent e = ImmutableAuditEvent.builder().time(Instant.parse("2026-12-07T14:00:00Z")).principal("alice")
        .operation("replicate scope 10.1.0.0/24 from win-a").planDigest("9f2c1e0a7b3d4c5e6f708192a3b4c5d6")
        .servers(List.of(ServerId.of("win-a"), ServerId.of("win-b"))).outcome(AuditEvent.Outcome.SUCCEEDED)
        .detail("alice may replicate").build();
    listener.onEvent(e);
    assertThat(logger.events).singleElement().satisfies(l -> {
      assertThat(l.getLevel()).isEqualTo(Level.INFO);
      assertThat(fields(l)).containsEntry("time", "2026-12-07T14:00:00Z").containsEntry("principal", "alice")
          .containsEntry("operation", "replicate scope 10.1.0.0/24 from win-a")
          .containsEntry("planDigest", "9f2c1e0a7b3d4c5e6f708192a3b4c5d6").containsEntry("servers", "win-a,win-b")
          .containsEntry("outcome", "succeeded").containsEntry("serverOutcomes", "")
          .containsEntry("detail", "alice may replicate");
      assertThat(message(l)).isEqualTo("audit succeeded: alice replicate scope 10.1.0.0/24 from win-a on "
          + "win-a,win-b (plan 9f2c1e0a7b3d4c5e)");
    });
  }

  @Test
  @DisplayName("a failure is ERROR, a refusal or rollback WARN; line breaks in values are escaped")
  void levelsAndEscaping() {
    AuditEvent failed = ImmutableAuditEvent.builder().time(Instant.parse("2026-12-07T14:00:00Z"))
        .principal("mallory\nroot").operation("partner-down \"a\"\r\nb on win-a").planDigest("partner-down:a")
        .servers(List.of(ServerId.of("win-a"))).outcome(AuditEvent.Outcome.FAILED).detail("line 1\nline 2\u0007")
        .serverOutcomes(Map.of(ServerId.of("win-a"), ServerOutcome.UNKNOWN)).build();
    listener.onEvent(failed);
    for (AuditEvent.Outcome o : List.of(AuditEvent.Outcome.DENIED, AuditEvent.Outcome.INVALID,
        AuditEvent.Outcome.CONFLICT, AuditEvent.Outcome.ROLLED_BACK)) {
      listener.onEvent(ImmutableAuditEvent.builder().from(failed).outcome(o).build());
    }
    assertThat(logger.events).extracting(LoggingEvent::getLevel).containsExactly(Level.ERROR, Level.WARN,
        Level.WARN, Level.WARN, Level.WARN);
    LoggingEvent first = logger.events.get(0);
    assertThat(fields(first)).containsEntry("principal", "mallory\\nroot")
        .containsEntry("operation", "partner-down \"a\"\\r\\nb on win-a").containsEntry("detail", "line 1\\nline 2\\u0007")
        .containsEntry("serverOutcomes", "win-a=unknown");
    assertThat(message(first)).doesNotContain("\n").doesNotContain("\r")
        .isEqualTo("audit failed: mallory\\nroot partner-down \"a\"\\r\\nb on win-a on win-a (plan partner-down:a)");
  }

  @Test
  @DisplayName("create() logs on the documented logger name")
  void documentedLoggerName() {
    assertThat(Slf4jAuditListener.LOGGER_NAME).isEqualTo("dev.failover.audit");
    assertThat(Slf4jAuditListener.create()).hasToString("audit log on logger dev.failover.audit");
  }

  private static Map<String, String> fields(LoggingEvent e) {
    return e.getKeyValuePairs().stream().collect(Collectors.toMap(p -> p.key, p -> String.valueOf(p.value)));
  }

  private static String message(LoggingEvent e) {
    return MessageFormatter.basicArrayFormat(e.getMessage(), e.getArgumentArray());
  }

  /** A logger that keeps what it is given, key-value pairs included. */
  private static final class Recording extends LegacyAbstractLogger implements LoggingEventAware {
    final List<LoggingEvent> events = new CopyOnWriteArrayList<>();

    Recording() {
      this.name = "recording";
    }

    @Override
    public void log(LoggingEvent event) {
      events.add(event);
    }

    @Override
    public boolean isTraceEnabled() {
      return true;
    }

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern, Object[] arguments,
        Throwable throwable) {
      throw new AssertionError("the audit listener logs through the fluent API, with key-value pairs");
    }
  }

}
