package dev.failover.kea;

import dev.failover.errors.BackendException;
import dev.failover.errors.ConflictException;
import dev.failover.ProgressListener;
import dev.failover.kea.client.KeaAnswer;
import dev.failover.kea.client.KeaClient;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.kea.ha.KeaHaMapping;
import dev.failover.plan.Change;
import dev.failover.plan.RelationshipChange;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.spi.ApplyProgress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits a Kea server's part under the fingerprint guard, as failover-kea/README.md describes:
 * {@code config-test} (unless {@link #check} tested exactly this configuration over exactly this
 * fingerprint), a {@code config-get} whose fingerprint must be the part's, {@code config-set},
 * {@code config-write}, and a last {@code config-get} that must still hold what was set; a failed
 * step leaves the previous configuration in force.
 */
final class KeaCommitter {

  private static final Logger LOG = LoggerFactory.getLogger(KeaCommitter.class);

  private final KeaClients clients;

  KeaCommitter(KeaClients clients) {
    this.clients = clients;
  }

  /**
   * Renders the configuration the part produces and sends it to {@code config-test}. The part is
   * rendered over the configuration it was planned from: the one this backend last read from the
   * server when its fingerprint is the part's (no second {@code config-get} of a configuration
   * just read), else a fresh {@code config-get}. Whether the server still has that configuration
   * is {@link #apply}'s to find out.
   */
  void check(Server server, ServerPlan part) {
    KeaClient client = clients.client(server);
    Dhcp4Config current = clients.lastRead(server, part.fingerprint()).orElseGet(() -> clients.configGet(server));
    Dhcp4Config next = KeaPartRenderer.reviewed(server, client, current, part).next();
    clients.takePrepared(server, part);
    client.configTest(next);
    clients.prepared(server, new KeaClients.Prepared(current.fingerprint(), part, next));
  }

  /**
   * Under this server's {@code WriteLock} (held against other applies in this JVM and in other
   * programs on this machine): {@code config-test} unless {@link #check} tested exactly this
   * configuration over exactly this fingerprint, then one {@code config-get} as the guard (its
   * fingerprint must be the part's, else {@link ConflictException} before anything is sent) and
   * {@code config-set} right after it,
   * {@code config-write} and a last {@code config-get}, whose fingerprint is returned and whose
   * state the backend's remembered state gives for verification. When that read-back no longer holds what was
   * set (a writer elsewhere set its configuration between this apply's guard and its read-back:
   * Kea has no compare-and-set), {@link ConflictException} names what changed.
   */
  String apply(Server server, ServerPlan part, ProgressListener progress) {
    KeaClient client = clients.client(server);
    KeaClients.Prepared ready = clients.takePrepared(server, part).orElse(null);
    try (WriteLock lock = WriteLock.acquire(server.id().value(), server.endpoint(), KeaServerOptions.of(server).lockWait())) {
      boolean tested = ready != null && ready.fingerprint().equals(part.fingerprint()) && ready.part().equals(part);
      Dhcp4Config next;
      if (tested) {
        next = ready.next();
      } else {
        // rendered and tested over the configuration the part was planned from, before the guard,
        // so that nothing stands between the guard and config-set
        Dhcp4Config base = clients.lastRead(server, part.fingerprint()).orElseGet(() -> guard(server, part));
        next = KeaPartRenderer.reviewed(server, client, base, part).next();
        if (!next.equals(base)) {
          client.configTest(next);
        }
      }
      Dhcp4Config current = guard(server, part);
      if (next.equals(current)) {
        ApplyProgress.of(server.id(), part.subnets(), progress).allWritten();
        return current.fingerprint();
      }
      setOrRestore(server, client, current, next);
      try {
        client.configWrite();
      } catch (BackendException e) {
        BackendException failure = new BackendException(e.kind(), e.server(), e.serverMessage()
            + " (config-write failed after config-set; the previous configuration was set again)",
            e.serverCode().orElse(null), e.retryable(), e);
        try {
          client.configSet(current);
        } catch (RuntimeException restoring) {
          failure = new BackendException(e.kind(), e.server(), e.serverMessage()
              + " (config-write failed after config-set, and setting the previous configuration again failed too:"
              + " the server runs the new configuration, its file holds the old one)",
              e.serverCode().orElse(null), e.retryable(), e);
          failure.addSuppressed(restoring);
        }
        throw failure;
      }
      Dhcp4Config after = clients.configGet(server);
      Optional<String> replaced = replaced(server.id(), current, next, after, part);
      if (replaced.isPresent()) {
        LOG.warn("kea {}: the configuration this apply set was replaced before it could be read back: {}",
            server.id(), replaced.get());
        throw new ConflictException(server.id().value(), "another writer set its configuration right after this"
            + " apply set its own, so the server no longer holds this plan's changes (" + replaced.get() + ")");
      }
      LOG.info("kea {}: applied {} change(s) touching {} scope(s)", server.id(), part.changes().size(),
          part.subnets().size());
      ApplyProgress.of(server.id(), part.subnets(), progress).allWritten();
      return after.fingerprint();
    }
  }

  /** {@code config-get}, which must still have the part's fingerprint. */
  private Dhcp4Config guard(Server server, ServerPlan part) {
    Dhcp4Config current = clients.configGet(server);
    if (!current.fingerprint().equals(part.fingerprint())) {
      throw new ConflictException(server.id().value(), part.fingerprint(), current.fingerprint());
    }
    return current;
  }

  /**
   * What {@code after} (read back) no longer holds of what this apply set: a scope of the part
   * that is not as the part's changes make it from {@code current} (what the facade's verification
   * would find), an HA relationship of {@code next} that is gone, or one back.
   */
  private static Optional<String> replaced(ServerId server, Dhcp4Config current, Dhcp4Config next,
      Dhcp4Config after, ServerPlan part) {
    Map<RelationshipName, Relationship> before = new LinkedHashMap<>();
    for (Change c : part.changes()) {
      if (c instanceof RelationshipChange rc && !before.containsKey(rc.name())) {
        before.put(rc.name(), rc.before().orElse(null));
      }
    }
    ServerState base = ServerState.builder().server(server).vendor(Vendor.KEA).fingerprint(current.fingerprint())
        .scopes(current.scopes(part.subnets()))
        .relationships(before.values().stream().filter(Objects::nonNull).toList()).build();
    ServerState desired = base.apply(part.changes());
    for (Subnet subnet : part.subnets()) {
      Optional<Scope> got = after.scope(subnet);
      Optional<Scope> want = desired.scope(subnet).map(w -> got.map(g -> withKeaDefaults(w, g)).orElse(w));
      if (!want.equals(got)) {
        return Optional.of("scope " + subnet + (got.isEmpty() ? " is gone" : want.isEmpty() ? " is back" : " differs"));
      }
    }
    Set<String> wanted = new TreeSet<>(relationshipNames(next));
    Set<String> held = new TreeSet<>(relationshipNames(after));
    if (!wanted.equals(held)) {
      return Optional.of("HA relationships " + held + " where this apply set " + wanted);
    }
    return Optional.empty();
  }

  /**
   * {@code want} with what Kea fills in when it loads a configuration and {@code want} leaves
   * open: the lease time a subnet inherits, an option's name.
   */
  private static Scope withKeaDefaults(Scope want, Scope got) {
    var properties = want.properties();
    if (properties.leaseTime().isEmpty() && got.properties().leaseTime().isPresent()) {
      properties = dev.failover.scope.ScopeProperties.builder().from(properties)
          .leaseTime(got.properties().leaseTime().get()).build();
    }
    List<dev.failover.scope.OptionValue> options = new ArrayList<>();
    for (dev.failover.scope.OptionValue o : want.options()) {
      Optional<String> name = o.name().isPresent() ? Optional.empty() : got.options().stream()
          .filter(g -> g.code() == o.code() && g.space().equals(o.space()) && g.userClass().equals(o.userClass())
              && g.value().equals(o.value()))
          .map(dev.failover.scope.OptionValue::name).flatMap(Optional::stream).findFirst();
      options.add(name.isPresent() ? dev.failover.scope.OptionValue.builder().from(o).name(name.get()).build() : o);
    }
    return Scope.builder().from(want).properties(properties).options(options).build();
  }

  private static List<String> relationshipNames(Dhcp4Config config) {
    List<String> out = new ArrayList<>();
    config.highAvailability().forEach(e -> out.add(KeaHaMapping.nameOf(e)
        .map(RelationshipName::value).orElse(e.path("this-server-name").asText("?"))));
    return out;
  }

  /**
   * {@code config-set} of {@code next}; when Kea refuses it, whether Kea kept its hooks. Kea 2.2
   * loads hook libraries only in {@code config-set} (not in {@code config-test}), and when one of
   * them refuses its parameters Kea keeps its previous configuration but runs with no hook at all
   * ({@code DHCP4_CONFIG_UNRECOVERABLE_ERROR}): the HA partner then goes partner-down and both
   * serve the same pools. A refusal that names the hook libraries, or after which the HA hook of a
   * server that had one no longer answers {@code ha-heartbeat}, is followed by a {@code config-set}
   * of {@code current} (the configuration read right before), which loads the hooks again; the
   * refusal is then thrown saying so, and logged at WARN.
   */
  private static void setOrRestore(Server server, KeaClient client, Dhcp4Config current, Dhcp4Config next) {
    try {
      client.configSet(next);
    } catch (BackendException refused) {
      if (refused.kind() != BackendException.Kind.REJECTED || !hooksLost(client, current, refused)) {
        throw refused;
      }
      String what = refused.serverMessage() + " (Kea refused the new configuration and was left running without any"
          + " hook library, the HA hook included, so its partner would take it for down: ";
      BackendException failure;
      try {
        client.configSet(current);
        boolean back = !hasHa(current) || answersHeartbeat(client);
        what += back ? "the previous configuration was set again and its hooks answer again)"
            : "the previous configuration was set again, but its HA hook still does not answer: restart kea-dhcp4 on "
                + server.id() + ")";
        failure = new BackendException(refused.kind(), refused.server(), what, refused.serverCode().orElse(null),
            false, refused);
      } catch (RuntimeException restoring) {
        failure = new BackendException(refused.kind(), refused.server(), what + "setting the previous configuration"
            + " again failed too (" + restoring.getMessage() + "): the server serves without its HA hook; restart"
            + " kea-dhcp4 on " + server.id() + " from its configuration file)", refused.serverCode().orElse(null), false,
            refused);
        failure.addSuppressed(restoring);
      }
      LOG.warn("kea {}: {}", server.id(), failure.serverMessage());
      throw failure;
    }
  }

  private static boolean hooksLost(KeaClient client, Dhcp4Config current, BackendException refused) {
    if (current.hooksLibraries().isEmpty()) {
      return false;
    }
    if (refused.serverMessage().contains("hook librar")) {
      return true;
    }
    return hasHa(current) && !answersHeartbeat(client);
  }

  private static boolean hasHa(Dhcp4Config config) {
    return !config.highAvailability().isEmpty();
  }

  /** Whether {@code ha-heartbeat} is a command the server knows (an answer in any HA state). */
  private static boolean answersHeartbeat(KeaClient client) {
    try {
      client.command("ha-heartbeat", null);
      return true;
    } catch (BackendException e) {
      return !(e.kind() == BackendException.Kind.REJECTED
          && e.serverCode().filter(Integer.toString(KeaAnswer.UNSUPPORTED)::equals).isPresent());
    }
  }
}
