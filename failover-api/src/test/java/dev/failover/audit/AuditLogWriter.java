package dev.failover.audit;

import dev.failover.server.ServerId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A second process appending to an audit log: {@code AuditLogWriter FILE NAME COUNT} appends
 * COUNT events of principal NAME (at most 1,000) and exits.
 */
public final class AuditLogWriter {

  private AuditLogWriter() {}

  public static void main(String[] args) {
    JsonLinesAuditListener log = JsonLinesAuditListener.open(Path.of(args[0]));
    int count = Math.min(1000, Integer.parseInt(args[2]));
    for (int i = 0; i < count; i++) {
      log.onEvent(event(args[1], i));
    }
  }

  /** The i-th event of a writer: its detail is long enough that an interleaved write would show. */
  static AuditEvent event(String principal, int i) {
    return ImmutableAuditEvent.builder().time(Instant.parse("2026-12-07T12:00:00Z").plusSeconds(i))
        .principal(principal).operation("replicate scope 10.1.0.0/24 from win-a").planDigest("digest-" + i)
        .servers(List.of(ServerId.of("win-a"), ServerId.of("win-b"))).outcome(AuditEvent.Outcome.SUCCEEDED)
        .detail(principal + " " + i + " " + "x".repeat(3000)).build();
  }
}
