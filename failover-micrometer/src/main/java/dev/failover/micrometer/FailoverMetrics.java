package dev.failover.micrometer;

import dev.failover.audit.AuditEvent;
import dev.failover.audit.AuditListener;
import dev.failover.fleet.FleetReport;
import dev.failover.fleet.RelationshipReport;
import dev.failover.fleet.ServerAnswer;
import dev.failover.fleet.StatusAnswer;
import dev.failover.fleet.WatchEvent;
import dev.failover.fleet.WatchListener;
import dev.failover.server.Vendor;
import dev.failover.spi.BackendRequest;
import dev.failover.spi.RequestListener;
import dev.failover.state.CommonState;
import dev.failover.state.FailoverState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Publishes the SDK's failover picture to a Micrometer {@link MeterRegistry}: the hooks the SDK
 * offers, implemented once. It is a {@link WatchListener} (gauges from each survey of a
 * {@link dev.failover.fleet.FleetWatch}, and a counter of its events), an {@link AuditListener}
 * (a counter of apply outcomes) and a {@link RequestListener} (a timer of backend requests, through
 * a {@link dev.failover.spi.MeasuredBackend}).
 *
 * <pre>{@code
 * FailoverMetrics metrics = FailoverMetrics.bindTo(registry);
 * Failover failover = Failover.builder().inventory(inventory)
 *     .backends(MeasuredBackend.all(Backends.discover(loader), metrics))   // failover.backend.requests
 *     .audit(metrics)                                                      // failover.applies
 *     .build();
 * FleetWatch watch = FleetWatch.builder(Fleet.of(failover)).listener(metrics).build();
 * watch.start();                                  // failover.server.state, failover.relationship.drift, ...
 * }</pre>
 *
 * <p>Meters (the module's README has the table):
 * <ul>
 *   <li>{@value #STATE} (gauge; tags {@code relationship}, {@code server}, {@code vendor},
 *       {@code state} = the vendor's state name, {@code common} = the common state): the
 *       {@linkplain #code(CommonState) code} of the server's common state, {@value #NO_ANSWER}
 *       when it gave no status (then {@code state} and {@code common} are {@code no-answer}).
 *       When the state changes, the gauge with the old tags is removed and one with the new tags
 *       registered, so one series per server and relationship is present at a time.</li>
 *   <li>{@value #ANSWERING} (gauge; tags {@code server}, {@code vendor}): 1 when the server
 *       answered the last survey, 0 when it did not.</li>
 *   <li>{@value #DRIFT} (gauge; tags {@code relationship}, {@code vendor}): how many items differ
 *       between the partners; NaN while it cannot be computed (a partner silent).</li>
 *   <li>{@value #APPLIES} (counter; tag {@code outcome}: {@code succeeded}, {@code denied},
 *       {@code invalid}, {@code conflict}, {@code rolled-back}, {@code failed}): applies and
 *       state changes attempted through the facade, by how they ended.</li>
 *   <li>{@value #REQUESTS} (timer; tags {@code vendor}, {@code server}, {@code operation},
 *       {@code outcome}): each backend call's duration.</li>
 *   <li>{@value #EVENTS} (counter; tag {@code kind}): the watch's events.</li>
 * </ul>
 * Tag values are lower case with hyphens ({@code partner-down}, {@code hot-standby}). Meters of a
 * server or relationship that a survey no longer lists are removed. Thread-safe.
 */
public final class FailoverMetrics implements WatchListener, AuditListener, RequestListener {

  /** The failover state gauge's name. */
  public static final String STATE = "failover.server.state";
  /** The answering gauge's name. */
  public static final String ANSWERING = "failover.server.answering";
  /** The drift gauge's name. */
  public static final String DRIFT = "failover.relationship.drift";
  /** The apply outcome counter's name. */
  public static final String APPLIES = "failover.applies";
  /** The backend request timer's name. */
  public static final String REQUESTS = "failover.backend.requests";
  /** The watch event counter's name. */
  public static final String EVENTS = "failover.watch.events";
  /** The state gauge's value for a server that gave no status. */
  public static final int NO_ANSWER = -1;

  private final MeterRegistry registry;
  private final Map<List<String>, Held> states = new HashMap<>();
  private final Map<String, Held> answering = new HashMap<>();
  private final Map<String, Held> drift = new HashMap<>();

  /** A gauge's current value, and the gauge itself (to remove it). */
  private static final class Held {
    volatile double value;
    Gauge gauge;
  }

  private FailoverMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /**
   * {@return metrics published to the registry} Nothing is registered until the first survey,
   * audit event or request.
   *
   * @param registry where the meters go
   */
  public static FailoverMetrics bindTo(MeterRegistry registry) {
    return new FailoverMetrics(registry);
  }

  /**
   * {@return the number a common failover state is published as} Stable across releases:
   * NORMAL 0, COMMUNICATION_INTERRUPTED 1, PARTNER_DOWN 2, RECOVERING 3, STARTING 4, SYNCING 5,
   * MAINTENANCE 6, PAUSED 7, SHUTDOWN 8, CONFLICT 9, TERMINATED 10, UNKNOWN 11 (and
   * {@value #NO_ANSWER} for a server that gave no status).
   *
   * @param state the common state
   */
  public static int code(CommonState state) {
    return switch (state) {
      case NORMAL -> 0;
      case COMMUNICATION_INTERRUPTED -> 1;
      case PARTNER_DOWN -> 2;
      case RECOVERING -> 3;
      case STARTING -> 4;
      case SYNCING -> 5;
      case MAINTENANCE -> 6;
      case PAUSED -> 7;
      case SHUTDOWN -> 8;
      case CONFLICT -> 9;
      case TERMINATED -> 10;
      case UNKNOWN -> 11;
    };
  }

  /** Counts the watch's event by kind. */
  @Override
  public void onEvent(WatchEvent event) {
    Counter.builder(EVENTS).description("changes a failover watch saw").baseUnit("events")
        .tag("kind", word(event.kind().name())).register(registry).increment();
  }

  /** Sets the state, answering and drift gauges from the survey. */
  @Override
  public synchronized void onReport(FleetReport report) {
    Set<String> servers = new HashSet<>();
    for (ServerAnswer a : report.servers()) {
      String id = a.server().value();
      servers.add(id);
      Held h = answering.computeIfAbsent(id, k -> gauge(ANSWERING, "whether the server answered the last survey",
          Tags.of("server", id, "vendor", vendor(a.vendor())), null));
      h.value = a.answered() ? 1 : 0;
    }
    retire(answering, servers);

    Set<List<String>> seen = new HashSet<>();
    Set<String> relationships = new HashSet<>();
    for (RelationshipReport r : report.relationships()) {
      String name = r.name().value();
      relationships.add(name);
      for (StatusAnswer s : r.statuses()) {
        List<String> key = List.of(name, s.server().value());
        seen.add(key);
        FailoverState state = s.status().map(x -> x.local()).orElse(null);
        String stateTag = state == null ? "no-answer" : state.vendorName().toLowerCase(Locale.ROOT).replace('_', '-');
        String commonTag = state == null ? "no-answer" : word(state.common().name());
        Tags tags = Tags.of("relationship", name, "server", s.server().value(), "vendor", vendor(r.vendor()),
            "state", stateTag, "common", commonTag);
        Held h = states.get(key);
        if (h != null && !h.gauge.getId().getTags().equals(tags.stream().toList())) {
          registry.remove(h.gauge);
          h = null;
        }
        if (h == null) {
          h = gauge(STATE, "the server's failover state in the relationship, as a code (see the state and common tags)",
              tags, null);
          states.put(key, h);
        }
        h.value = state == null ? NO_ANSWER : code(state.common());
      }
      Held d = drift.computeIfAbsent(name, k -> gauge(DRIFT, "items that differ between the partners",
          Tags.of("relationship", name, "vendor", vendor(r.vendor())), "items"));
      d.value = r.driftCount().isPresent() ? r.driftCount().getAsInt() : Double.NaN;
    }
    retire(states, seen);
    retire(drift, relationships);
  }

  /** Counts the apply attempt by outcome. */
  @Override
  public void onEvent(AuditEvent event) {
    Counter.builder(APPLIES).description("applies and state changes attempted, by outcome").baseUnit("applies")
        .tag("outcome", word(event.outcome().name())).register(registry).increment();
  }

  /** Records the backend call's duration. */
  @Override
  public void onRequest(BackendRequest request) {
    Timer.builder(REQUESTS).description("backend calls (one read, status, check, apply, ...) and how long each took")
        .tags("vendor", vendor(request.vendor()), "server", request.server().value(), "operation",
            word(request.operation().name()), "outcome", word(request.outcome().name()))
        .register(registry).record(request.duration());
  }

  private Held gauge(String name, String description, Tags tags, String unit) {
    Held h = new Held();
    Gauge.Builder<Held> b = Gauge.builder(name, h, x -> x.value).description(description).tags(tags).strongReference(true);
    if (unit != null) {
      b.baseUnit(unit);
    }
    h.gauge = b.register(registry);
    return h;
  }

  private <K> void retire(Map<K, Held> held, Set<K> keep) {
    held.entrySet().removeIf(e -> {
      if (keep.contains(e.getKey())) {
        return false;
      }
      registry.remove(e.getValue().gauge);
      return true;
    });
  }

  private static String vendor(Vendor v) {
    return v.name().toLowerCase(Locale.ROOT);
  }

  private static String word(String enumName) {
    return enumName.toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
