package dev.failover.kea.client;

import dev.failover.FailoverStyle;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The answer to {@code ha-heartbeat}: the server's HA state ({@code hot-standby},
 * {@code load-balancing}, {@code partner-down}, {@code waiting}, …), its clock, the scopes it
 * serves and how many lease updates it has not yet sent to its partner.
 */
@Value.Immutable
@FailoverStyle
public interface HaHeartbeat {

  /** {@return the HA state, as Kea names it} */
  String state();

  /** {@return the server's clock as Kea wrote it (RFC 1123, {@code Tue, 24 Nov 2026 19:25:50 GMT})} */
  String dateTime();

  /** {@return {@link #dateTime()} as an instant, when it parses} */
  Optional<Instant> instant();

  /** {@return the HA scopes (server names) this server serves} */
  List<String> scopes();

  /** {@return lease updates queued for the partner} */
  long unsentUpdateCount();
}
