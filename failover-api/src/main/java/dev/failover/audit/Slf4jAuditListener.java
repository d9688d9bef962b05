package dev.failover.audit;

import dev.failover.ServerOutcome;
import dev.failover.server.ServerId;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Logs every {@link AuditEvent} through SLF4J, on the logger named {@value #LOGGER_NAME} (or one
 * the caller gives), so the application's own logging (Logback, Log4j 2, …) routes the audit
 * trail where it routes its other logs.
 *
 * <pre>{@code
 * Failover failover = Failover.builder().inventory(inventory).audit(Slf4jAuditListener.create()).build();
 * }</pre>
 *
 * <p>Level: {@code INFO} when the attempt succeeded, {@code WARN} when it was denied, invalid, a
 * conflict or rolled back (nothing is changed), {@code ERROR} when it failed (a server may hold
 * part of a change). Each event is one logging call with the key-value pairs {@code time} (UTC
 * ISO-8601), {@code principal}, {@code operation}, {@code planDigest}, {@code servers}
 * ({@code win-a,win-b}), {@code outcome} ({@code succeeded}, {@code denied}, …),
 * {@code serverOutcomes} ({@code win-a=restored,win-b=unknown}, empty when nothing changed) and
 * {@code detail}, which a structured backend (Logback's JSON encoders, Log4j 2's
 * {@code JsonTemplateLayout}) writes as fields; a plain-text backend shows the message:
 *
 * <pre>{@code
 * audit succeeded: alice replicate scope 10.1.0.0/24 from win-a on win-a,win-b (plan 9f2c1e0a7b3d4c5e)
 * }</pre>
 *
 * <p>Every control character of a value (a line break in a name or a server's message) is written
 * escaped ({@code \n}), so one event stays one line of a text log. An event holds no secret.
 */
public final class Slf4jAuditListener implements AuditListener {

  /** The name of the logger {@link #create()} logs on. */
  public static final String LOGGER_NAME = "dev.failover.audit";

  private final Logger logger;
  private final String name;

  private Slf4jAuditListener(Logger logger, String name) {
    this.logger = logger;
    this.name = name;
  }

  /** {@return a listener logging on {@value #LOGGER_NAME}} */
  public static Slf4jAuditListener create() {
    return new Slf4jAuditListener(LoggerFactory.getLogger(LOGGER_NAME), LOGGER_NAME);
  }

  /**
   * A listener logging on the caller's logger.
   *
   * @param logger the logger every event is written to
   * @return a listener logging on {@code logger}
   */
  public static Slf4jAuditListener on(Logger logger) {
    return new Slf4jAuditListener(Objects.requireNonNull(logger, "logger"), logger.getName());
  }

  /**
   * The level an outcome is logged at: a failure as an error, a refusal or rollback as a warning,
   * a success as information.
   *
   * @param outcome how the attempt ended
   * @return the level its event is logged at
   */
  public static Level level(AuditEvent.Outcome outcome) {
    return switch (outcome) {
      case SUCCEEDED -> Level.INFO;
      case FAILED -> Level.ERROR;
      case DENIED, INVALID, CONFLICT, ROLLED_BACK -> Level.WARN;
    };
  }

  @Override
  public void onEvent(AuditEvent event) {
    Level level = level(event.outcome());
    if (!logger.isEnabledForLevel(level)) {
      return;
    }
    String outcome = event.outcome().name().toLowerCase(Locale.ROOT);
    String servers = event.servers().stream().map(ServerId::value).collect(Collectors.joining(","));
    String digest = event.planDigest();
    logger.atLevel(level)
        .addKeyValue("time", event.time().toString())
        .addKeyValue("principal", escaped(event.principal()))
        .addKeyValue("operation", escaped(event.operation()))
        .addKeyValue("planDigest", escaped(digest))
        .addKeyValue("servers", servers)
        .addKeyValue("outcome", outcome)
        .addKeyValue("serverOutcomes", outcomes(event.serverOutcomes()))
        .addKeyValue("detail", escaped(event.detail()))
        .log("audit {}: {} {} on {} (plan {})", outcome, escaped(event.principal()), escaped(event.operation()),
            servers.isEmpty() ? "no server" : servers, escaped(digest.length() > 16 && digest.matches("[0-9a-f]+")
                ? digest.substring(0, 16) : digest));
  }

  @Override
  public String toString() {
    return "audit log on logger " + name;
  }

  private static String outcomes(Map<ServerId, ServerOutcome> outcomes) {
    return outcomes.entrySet().stream().map(e -> e.getKey().value() + "=" + e.getValue().word())
        .collect(Collectors.joining(","));
  }

  /** The text with every control character escaped, as in JSON ({@code \n}, {@code \u0007}). */
  static String escaped(String text) {
    StringBuilder sb = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c != 0x7f && c != '\u2028' && c != '\u2029') {
        if (sb != null) {
          sb.append(c);
        }
        continue;
      }
      if (sb == null) {
        sb = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> sb.append(String.format("\\u%04x", (int) c));
      }
    }
    return sb == null ? text : sb.toString();
  }
}
