package dev.failover.kea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.errors.Violations;
import dev.failover.kea.client.KeaClient;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.kea.ha.KeaHaMapping;
import dev.failover.plan.Change;
import dev.failover.plan.RelationshipChange;
import dev.failover.plan.ScopeChange;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.plan.Warning;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.KeaPeer;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.relationship.ServerRole;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Renders a Kea server's part of a plan into Kea's JSON: what {@link ServerState#apply} says the
 * changes mean, written into the configuration the part was planned from with every field the
 * SDK does not model kept; pools limited to {@code HA_} classes no relationship assigns any more
 * are refused here, over the configuration the server would hold. The rules across a server's
 * relationships (hub and spoke: hot standby only, peer names unique) are the planner's, from their
 * one home ({@link Relationship#violationsOn}); Kea's HA hook refuses the same when it loads a
 * configuration.
 */
final class KeaPartRenderer {

  private KeaPartRenderer() {}

  /** A part rendered over the configuration it was planned from, and reviewed for the server's version. */
  record Reviewed(Dhcp4Config next, List<Warning> warnings) {}

  /**
   * {@link #render}, refused with every problem {@code KeaAcceptance} finds for the server's
   * version: what its HA hook would refuse when {@code config-set} loads it (Kea 2.2's
   * {@code config-test} does not load hooks), several relationships before Kea
   * {@value KeaAcceptance#SEVERAL_RELATIONSHIPS_SINCE}, option data limited to a class before Kea
   * {@value KeaAcceptance#OPTION_CLASSES_SINCE}; what the server takes but a person should read is
   * in the warnings.
   */
  static Reviewed reviewed(Server server, KeaClient client, Dhcp4Config current, ServerPlan part) {
    Dhcp4Config next = render(server, current, part);
    KeaAcceptance.Review review = KeaAcceptance.review(server.id(), client.channelVersion(), current, next,
        part.subnets());
    if (!review.refusals().isEmpty()) {
      throw new ValidationException("plan for Kea server " + server.id(), review.refusals());
    }
    return new Reviewed(next, review.warnings());
  }

  /**
   * {@return the configuration {@code current} becomes with the part's changes: what
   * {@link ServerState#apply} says the changes mean, written into Kea's JSON with every field the
   * SDK does not model kept}
   *
   * @param server the Kea server
   * @param current its configuration now
   * @param part its part of the plan
   */
  static Dhcp4Config render(Server server, Dhcp4Config current, ServerPlan part) {
    KeaServerOptions options = KeaServerOptions.of(server);
    return render(server.id(), options.hooksDirectory(), options.ownFiles(), current, part);
  }

  /**
   * The configuration {@code current} becomes with the part's changes, on the server {@code server}
   * whose hook libraries are in {@code hooksDirectory} and whose own relationship-level TLS paths
   * (member → path, {@link KeaHaMapping#OWN_FILE_MEMBERS}) are {@code ownFiles}.
   */
  static Dhcp4Config render(ServerId server, String hooksDirectory, Map<String, String> ownFiles,
      Dhcp4Config current, ServerPlan part) {
    // only the scopes the part touches are mapped: a change to one subnet of thousands stays cheap
    Map<Subnet, Scope> scopes = new TreeMap<>();
    current.scopes(part.subnets()).forEach(s -> scopes.put(s.subnet(), s));
    // the relationships the part changes, as the plan found them: ServerState.apply checks each
    // change against them; the fingerprint already guarantees they are what the server holds
    Map<RelationshipName, Relationship> before = new LinkedHashMap<>();
    Set<Subnet> created = new TreeSet<>();
    for (Change c : part.changes()) {
      if (c instanceof RelationshipChange rc) {
        if (!before.containsKey(rc.name())) {
          before.put(rc.name(), rc.before().orElse(null));
        }
      } else if (c instanceof ScopeChange sc && sc.before().isEmpty() && !scopes.containsKey(sc.subnet())) {
        created.add(sc.subnet());
      }
    }
    List<Relationship> known = before.values().stream().filter(Objects::nonNull).toList();
    ServerState base = ServerState.builder().server(server).vendor(Vendor.KEA).fingerprint(current.fingerprint())
        .scopes(scopes.values()).relationships(known).build();
    ServerState desired = base.apply(part.changes());
    Map<Subnet, Scope> after = new TreeMap<>();
    desired.scopes().forEach(s -> after.put(s.subnet(), s));

    // subnets: removed ones first, so that an id a removed subnet frees can be taken
    List<Subnet> removed = new ArrayList<>();
    List<Scope> written = new ArrayList<>();
    Violations v = Violations.collect();
    for (Subnet subnet : part.subnets()) {
      Optional<Scope> want = Optional.ofNullable(after.get(subnet));
      if (want.isEmpty()) {
        if (scopes.containsKey(subnet)) {
          removed.add(subnet);
        }
      } else if (!want.get().equals(scopes.get(subnet))) {
        Scope s = want.get();
        v.check(s.properties().id().isPresent(), "scopes", subnet, () -> "must have properties.id: Kea HA partners"
            + " must give a subnet the same id, so the SDK does not invent one (an id free on " + server + " is "
            + current.nextSubnetId() + ")");
        written.add(s);
      }
    }
    v.throwIfAny("plan for Kea server " + server);
    Dhcp4Config next = removed.isEmpty() ? current : current.withoutScopes(removed);
    if (!written.isEmpty()) {
      next = next.withScopes(written);
    }

    // relationships: the high-availability entries, the hook libraries, the subnets' membership
    Map<Subnet, String> members = new TreeMap<>();
    Set<String> stale = new TreeSet<>();
    if (!before.isEmpty()) {
      Set<Subnet> held = next.prefixes();
      List<JsonNode> list = new ArrayList<>(next.highAvailability());
      for (RelationshipName name : before.keySet()) {
        Relationship old = before.get(name);
        if (old != null) {
          peerNames(old).forEach(stale::add);
        }
        int at = indexOf(list, name);
        Optional<Relationship> wanted = desired.relationship(name);
        if (wanted.isEmpty()) {
          if (at >= 0) {
            peerNames(list.get(at)).forEach(stale::add);
            list.remove(at);
          }
          continue;
        }
        Relationship r = wanted.get();
        if (!(r.settings() instanceof KeaHaSettings kea)) {
          throw new ValidationException("relationship " + name, List.of(new Violation("settings",
              r.vendor().displayName(), "must be Kea HA settings on Kea server " + server)));
        }
        KeaPeer own = kea.peerFor(server).orElseThrow(() -> new ValidationException("relationship " + name,
            List.of(new Violation("settings.peers", server.value(), "must include a peer on server " + server))));
        ObjectNode entry = KeaHaMapping.withOwnFiles(KeaHaMapping.toJson(name, r.mode(), kea, own.name(),
            at >= 0 && list.get(at).isObject() ? (ObjectNode) list.get(at) : null), ownFiles);
        long tls = KeaHaMapping.OWN_FILE_MEMBERS.stream().filter(entry::hasNonNull).count();
        v.check(tls == 0 || tls == 3, "relationships", name, () -> "would give server " + server + " " + tls
            + " of trust-anchor, cert-file and key-file (its own options " + ownFiles.keySet() + " over the settings'):"
            + " Kea needs all three or none");
        if (at >= 0) {
          peerNames(list.get(at)).forEach(stale::add);
          list.set(at, entry);
        } else {
          list.add(entry);
        }
        String mark = kea.peersIn(ServerRole.PRIMARY).get(0).name();
        r.scopes().forEach(s -> members.put(s, mark));
        Set<Subnet> missing = new TreeSet<>(r.scopes());
        missing.removeIf(held::contains);
        v.check(missing.isEmpty(), "relationships", name, () -> "lists subnet(s) " + missing + " that server "
            + server + " does not have: Kea records a subnet's relationship on the subnet itself");
      }
      v.throwIfAny("plan for Kea server " + server);
      next = list.isEmpty() ? next.withoutHighAvailability() : next.withHighAvailability(list, hooksDirectory);
    }
    // a subnet created on a server with one relationship the SDK manages joins it, as Kea serves it so
    List<JsonNode> now = next.highAvailability();
    if (!created.isEmpty() && now.size() == 1 && KeaHaMapping.managed(now.get(0))) {
      Optional<String> mark = KeaHaMapping.primaryPeerName(now.get(0));
      for (Subnet s : created) {
        if (after.containsKey(s) && !members.containsKey(s)) {
          mark.ifPresent(m -> members.put(s, m));
        }
      }
    }
    if (!members.isEmpty() || !stale.isEmpty()) {
      next = next.withHaServerNames(members, stale);
    }
    refuseUnassignedHaClasses(server, part, next, !before.isEmpty());
    return next;
  }

  /**
   * Refuses a configuration in which a pool is limited to a class {@code HA_<name>} that no HA
   * peer of the server assigns and the configuration does not define: Kea's HA hook puts each
   * client of a load-balancing pair into such a class, and once no hook does, the pool serves no
   * client at all (Kea logs {@code ALLOC_ENGINE_V4_ALLOC_FAIL_CLASSES}). Looks at the subnets the
   * part touches, and at every subnet when the part changes relationships (a removed hook
   * affects them all).
   */
  private static void refuseUnassignedHaClasses(ServerId server, ServerPlan part, Dhcp4Config next,
      boolean relationships) {
    Set<String> assigned = new HashSet<>();
    next.highAvailability().forEach(e -> peerNames(e).forEach(n -> assigned.add("HA_" + n)));
    Set<Subnet> touched = part.subnets();
    List<Dhcp4Config.LimitedPool> dead = next.poolsLimitedTo(s -> relationships || touched.contains(s),
        c -> c.startsWith("HA_") && !assigned.contains(c) && !next.definesClass(c));
    if (dead.isEmpty()) {
      return;
    }
    List<Violation> found = new ArrayList<>();
    for (Dhcp4Config.LimitedPool p : dead) {
      found.add(new Violation("scopes", p.subnet().toString(), "would keep pool " + p.pool() + " limited to client class "
          + p.clientClass() + ", which no HA relationship of server " + server + " assigns any more: Kea would"
          + " give no client an address from it. Make the pool whole again (the SDK's plans do so when a scope"
          + " leaves load balancing: plan the change again) or define the class on the server"));
    }
    throw new ValidationException("plan for Kea server " + server, found);
  }

  private static int indexOf(List<JsonNode> list, RelationshipName name) {
    for (int i = 0; i < list.size(); i++) {
      if (KeaHaMapping.nameOf(list.get(i)).filter(name::equals).isPresent()) {
        return i;
      }
    }
    return -1;
  }

  private static List<String> peerNames(Relationship r) {
    if (r.settings() instanceof KeaHaSettings kea) {
      return kea.peers().stream().map(KeaPeer::name).toList();
    }
    return List.of();
  }

  private static List<String> peerNames(JsonNode entry) {
    List<String> out = new ArrayList<>();
    for (JsonNode p : entry.path("peers")) {
      if (p.path("name").isTextual()) {
        out.add(p.path("name").asText());
      }
    }
    return out;
  }
}
