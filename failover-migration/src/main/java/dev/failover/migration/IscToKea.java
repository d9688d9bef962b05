package dev.failover.migration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violations;
import dev.failover.isc.conf.IscBlock;
import dev.failover.isc.conf.IscConfig;
import dev.failover.isc.conf.IscConfigException;
import dev.failover.isc.conf.IscNode;
import dev.failover.isc.conf.IscPeerRole;
import dev.failover.isc.conf.IscPeerStatement;
import dev.failover.isc.conf.IscStatement;
import dev.failover.kea.config.Subnet4;
import dev.failover.scope.AddressRange;
import dev.failover.scope.ImmutableOptionValue;
import dev.failover.scope.ImmutablePool;
import dev.failover.scope.ImmutableReservation;
import dev.failover.scope.ImmutableScope;
import dev.failover.scope.ImmutableScopeProperties;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes the {@link MigrationPlan} that moves one ISC failover pair to a Kea HA pair. The ISC
 * side is read through the ISC backend's parser ({@link IscConfig}: scopes, peers, the lossless
 * tree with file and line of every statement); each subnet is written through the Kea backend's
 * own mapping ({@link Subnet4}), so what the plan writes reads back as the same scope.
 *
 * <pre>{@code
 * MigrationPlan plan = IscToKea.plan(IscConfig.read(primaryConf), IscConfig.read(secondaryConf), "fo1",
 *     KeaPartner.of("kea-a", URI.create("http://192.0.2.1:8001/")),
 *     KeaPartner.of("kea-b", URI.create("http://192.0.2.2:8001/")));
 * System.out.println(plan.summary());
 * }</pre>
 *
 * <p>The ISC primary's file is the source of the subnets, classes and global settings; the
 * secondary's is compared with it subnet by subnet, and every difference is an untranslatable
 * item (the partners should be identical but for the peer statement). The mapping table is in
 * the module's README.
 */
public final class IscToKea {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Kea's most for its HA timers in milliseconds (they are 16-bit, vendor-facts.md 3.2). */
  static final long MAX_HA_MILLIS = 65535;

  private final IscConfig primary;
  private final IscConfig secondary;
  private final String peer;
  private final KeaPartner first;
  private final KeaPartner second;
  private final List<Mapping> mappings = new ArrayList<>();
  private final List<UntranslatableItem> items = new ArrayList<>();
  private final Map<Subnet, Long> ids = new LinkedHashMap<>();
  private final Map<Subnet, IscBlock> subnetBlocks = new LinkedHashMap<>();
  private final ObjectNode dhcp4 = JSON.createObjectNode();
  private final ArrayNode classes = JSON.createArrayNode();
  private final Map<String, ObjectNode> sharedNetworks = new LinkedHashMap<>();
  private final Map<Subnet, String> networkOf = new LinkedHashMap<>();
  private String mode;
  private KeaPartner keaPrimary;
  /** The merged active ISC leases the plan is made with; empty when it is made from the configuration only. */
  private final Optional<List<IscLease>> leases;

  private IscToKea(IscConfig primary, IscConfig secondary, String peer, KeaPartner first, KeaPartner second,
      Optional<List<IscLease>> leases) {
    this.primary = primary;
    this.secondary = secondary;
    this.peer = peer;
    this.first = first;
    this.second = second;
    this.leases = leases;
  }

  /**
   * {@return the plan that moves the pair joined by failover peer {@code peer} to the two Kea
   * servers: {@code first} takes the ISC primary's place, {@code second} the secondary's}
   *
   * @param primary the ISC primary's configuration
   * @param secondary the ISC secondary's configuration
   * @param peer the failover peer's name, as both files declare it
   * @param first the Kea server that replaces the ISC primary
   * @param second the Kea server that replaces the ISC secondary
   * @throws ValidationException when a file does not declare the peer, the roles are not one
   *     primary and one secondary, or the two Kea servers have the same name
   */
  public static MigrationPlan plan(IscConfig primary, IscConfig secondary, String peer, KeaPartner first,
      KeaPartner second) {
    return plan(primary, secondary, peer, first, second, Optional.empty());
  }

  /**
   * {@return the plan as {@link #plan(IscConfig, IscConfig, String, KeaPartner, KeaPartner)} makes
   * it, knowing the leases the clients hold: in load balancing each pool is split between the two
   * Kea servers' HA classes so that every carried lease's address lies in the part of the server
   * whose class its client gets, and the free addresses are shared about evenly}
   *
   * <p>A lease is placed by the HA class Kea gives its client: the RFC 3074 bucket of its client
   * identifier ({@code uid}) when it has one, else of its hardware address, even buckets the Kea
   * primary's, odd ones the secondary's. Leases without a hardware address are not carried
   * ({@link IscLeases#move}) and do not place anything.
   *
   * @param primary the ISC primary's configuration
   * @param secondary the ISC secondary's configuration
   * @param peer the failover peer's name, as both files declare it
   * @param first the Kea server that replaces the ISC primary
   * @param second the Kea server that replaces the ISC secondary
   * @param activeLeases both partners' leases merged ({@link IscLeases#merge}): the active ones
   * @throws ValidationException when a file does not declare the peer, the roles are not one
   *     primary and one secondary, or the two Kea servers have the same name
   */
  public static MigrationPlan plan(IscConfig primary, IscConfig secondary, String peer, KeaPartner first,
      KeaPartner second, List<IscLease> activeLeases) {
    return plan(primary, secondary, peer, first, second, Optional.of(List.copyOf(activeLeases)));
  }

  private static MigrationPlan plan(IscConfig primary, IscConfig secondary, String peer, KeaPartner first,
      KeaPartner second, Optional<List<IscLease>> activeLeases) {
    Optional<IscPeerStatement> p = primary.peer(peer);
    Optional<IscPeerStatement> s = secondary.peer(peer);
    Violations.collect()
        .check(p.isPresent(), "primary", peer, "must be a failover peer the primary's dhcpd.conf declares")
        .check(s.isPresent(), "secondary", peer, "must be a failover peer the secondary's dhcpd.conf declares")
        .check(p.flatMap(IscPeerStatement::role).map(r -> r == IscPeerRole.PRIMARY).orElse(true), "primary", peer,
            "must be declared \"primary;\" in the primary's file")
        .check(s.flatMap(IscPeerStatement::role).map(r -> r == IscPeerRole.SECONDARY).orElse(true), "secondary",
            peer, "must be declared \"secondary;\" in the secondary's file")
        .check(!first.name().equals(second.name()), "to", first.name() + "," + second.name(),
            "must name two different Kea servers")
        .throwIfAny("migration of failover peer \"" + peer + "\"");
    IscToKea run = new IscToKea(primary, secondary, peer, first, second, activeLeases);
    run.ha(p.get());
    run.walk();
    run.subnets();
    run.audit();
    run.compareSecondary();
    run.compareGlobals();
    return run.build();
  }

  // ---------------------------------------------------------------------------------------------
  // HA relationship

  private void ha(IscPeerStatement p) {
    String split = p.split().isPresent() ? "split " + p.split().getAsInt() : p.hba().map(h -> "hba " + h).orElse("");
    boolean all = p.split().isPresent() ? p.split().getAsInt() == 256 : p.hba().map(h -> h.matches("(?i)(ff:){31}ff")).orElse(false);
    boolean none = p.split().isPresent() ? p.split().getAsInt() == 0 : p.hba().map(h -> h.matches("(00:){31}00")).orElse(false);
    String where = primary.location(peer).orElse("primary");
    if (all || none) {
      mode = "hot-standby";
      keaPrimary = all ? first : second;
      KeaPartner standby = all ? second : first;
      mappings.add(Mapping.of("failover peer \"" + peer + "\" " + split, "high-availability mode hot-standby, "
          + keaPrimary.name() + " primary, " + standby.name() + " standby",
          "dhcpd gives every client to " + (all ? "the primary" : "the secondary") + "; Kea's hot standby serves"
              + " every client from its primary, the standby takes over when the primary fails"));
    } else {
      mode = "load-balancing";
      keaPrimary = first;
      mappings.add(Mapping.of("failover peer \"" + peer + "\" " + split, "high-availability mode load-balancing, "
          + first.name() + " primary, " + second.name() + " secondary",
          "both serve; Kea divides clients by the same hash of RFC 3074 that dhcpd uses, always half and half"));
      if (leases.isPresent()) {
        mappings.add(Mapping.of("pools of failover peer \"" + peer + "\"", "pools split between the classes HA_"
            + first.name() + " and HA_" + second.name() + " around the " + leases.get().size() + " active lease(s)",
            "Kea's HA hook puts each client in the class of the server its RFC 3074 bucket gives (of the client"
            + " identifier, else of the hardware address; even buckets " + first.name() + "'s, odd ones "
            + second.name() + "'s) and leases to it only from that class's pool part; each carried lease's address"
            + " is in the part of its client's server, so the client keeps it, and the free addresses are shared"
            + " about evenly, so no free address is offered by both servers at once"));
      } else {
        mappings.add(Mapping.of("pools of failover peer \"" + peer + "\"", "pools not split between the classes HA_"
            + first.name() + " and HA_" + second.name() + ", each open to both servers", "dhcpd leased addresses"
            + " from the whole pool, whichever server serves the client; a pool split between Kea's HA classes"
            + " without regard to the leases refuses a client its carried lease in the other server's half (real Kea"
            + " 2.2 offered it another address), so each pool stays whole: both servers may then offer the same free"
            + " address at once, which Kea's documentation avoids by splitting; make the plan with the ISC leases"
            + " (both partners' dhcpd.leases merged) to split each pool around them"));
      }
      boolean even = p.split().isPresent() ? p.split().getAsInt() == 128
          : p.hba().map(h -> h.matches("(?i)(ff:){16}(00:){15}00")).orElse(false);
      if (!even) {
        items.add(UntranslatableItem.of(where, split, "Kea's load balancing always gives half the hash buckets to"
            + " each server; this split gives the primary " + (p.split().isPresent()
            ? p.split().getAsInt() + " of 256" : "the buckets the hba bitmap sets") + ", so after the move the"
            + " servers share the clients evenly"));
      }
    }
    long mrd = p.maxResponseDelay().orElse(20);
    long ms = Math.min(mrd * 1000, MAX_HA_MILLIS);
    mappings.add(Mapping.of("max-response-delay " + mrd, "max-response-delay " + ms,
        "seconds become milliseconds: how long a partner may stay silent before it counts as unreachable"));
    if (mrd * 1000 > MAX_HA_MILLIS) {
      items.add(UntranslatableItem.of(where, "max-response-delay " + mrd, "Kea's max-response-delay is at most "
          + MAX_HA_MILLIS + " ms; the plan sets " + MAX_HA_MILLIS));
    }
    long heartbeat = Math.max(1000, Math.min(10000, ms / 3));
    mappings.add(Mapping.of("(none)", "heartbeat-delay " + heartbeat, "dhcpd has no heartbeat setting (it"
        + " sends a contact message when the link is idle); a third of max-response-delay, at most Kea's default"));
    mappings.add(Mapping.of(p.mclt().isPresent() ? "mclt " + p.mclt().getAsLong() : "mclt (not set)", "(none)",
        "no Kea equivalent, none needed: a Kea server sends each lease to its partner before the client gets it,"
            + " so no lease outlives what the partner knows by a lead time"));
    mappings.add(Mapping.of(p.maxUnackedUpdates().isPresent() ? "max-unacked-updates "
        + p.maxUnackedUpdates().getAsLong() : "max-unacked-updates (not set)", "(none; max-unacked-clients 10 kept)",
        "Kea has no limit of lease updates in flight; its nearest name, max-unacked-clients, is failure detection"
            + " (clients unanswered by the partner before it counts as down), so Kea's default is kept"));
    mappings.add(Mapping.of("(none)", "max-ack-delay 10000", "Kea's default: a client retrying for longer than"
        + " this counts as unanswered by the partner"));
    if (p.loadBalanceMaxSeconds().isPresent()) {
      items.add(UntranslatableItem.of(where, "load balance max seconds " + p.loadBalanceMaxSeconds().getAsLong(),
          "Kea has none: a Kea server answers its partner's clients only after the partner counts as down"
              + " (max-ack-delay, max-unacked-clients), never for a client that has waited long"));
    }
    if (p.autoPartnerDown().isPresent() && p.autoPartnerDown().getAsLong() > 0) {
      items.add(UntranslatableItem.of(where, "auto-partner-down " + p.autoPartnerDown().getAsLong(), "Kea has no"
          + " timed partner-down: it goes partner-down by its own failure detection (heartbeat failing for"
          + " max-response-delay and max-unacked-clients unanswered clients)"));
    }
    for (String balance : List.of("max-lease-misbalance", "max-lease-ownership", "min-balance", "max-balance")) {
      String value = switch (balance) {
        case "max-lease-misbalance" -> p.maxLeaseMisbalance().isPresent() ? "" + p.maxLeaseMisbalance().getAsInt() : null;
        case "max-lease-ownership" -> p.maxLeaseOwnership().isPresent() ? "" + p.maxLeaseOwnership().getAsInt() : null;
        case "min-balance" -> p.minBalance().isPresent() ? "" + p.minBalance().getAsLong() : null;
        default -> p.maxBalance().isPresent() ? "" + p.maxBalance().getAsLong() : null;
      };
      if (value != null) {
        mappings.add(Mapping.of(balance + " " + value, "(none)", "Kea servers own no share of the free addresses,"
            + " so there is nothing to rebalance"));
      }
    }
    mappings.add(Mapping.of("address / port / peer address / peer port", "peers[].url " + first.url() + ", "
        + second.url(), "Kea's partners talk HTTP to each other's HA listener, not dhcpd's failover protocol"));
  }

  private ArrayNode hooks(KeaPartner self) {
    ArrayNode libraries = JSON.createArrayNode();
    libraries.addObject().put("library", self.hooksDirectory() + "/libdhcp_lease_cmds.so");
    ObjectNode ha = libraries.addObject().put("library", self.hooksDirectory() + "/libdhcp_ha.so")
        .putObject("parameters").putArray("high-availability").addObject();
    IscPeerStatement p = primary.peer(peer).orElseThrow();
    long ms = Math.min(p.maxResponseDelay().orElse(20) * 1000, MAX_HA_MILLIS);
    ha.put("this-server-name", self.name()).put("mode", mode)
        .put("heartbeat-delay", Math.max(1000, Math.min(10000, ms / 3))).put("max-response-delay", ms)
        .put("max-ack-delay", 10000).put("max-unacked-clients", 10);
    ArrayNode peers = ha.putArray("peers");
    KeaPartner other = keaPrimary == first ? second : first;
    peers.addObject().put("name", keaPrimary.name()).put("url", keaPrimary.url().toString()).put("role", "primary")
        .put("auto-failover", true);
    peers.addObject().put("name", other.name()).put("url", other.url().toString())
        .put("role", mode.equals("hot-standby") ? "standby" : "secondary").put("auto-failover", true);
    return libraries;
  }

  // ---------------------------------------------------------------------------------------------
  // the tree: global statements, shared networks, classes, groups, hosts

  private static String at(IscNode n) {
    return n.file() + ":" + n.line();
  }

  private static String text(IscNode n) {
    return String.join(" ", n.tokens());
  }

  private void walk() {
    walk(primary.main().nodes(), "top", null);
  }

  private void walk(List<IscNode> nodes, String context, String network) {
    for (IscNode n : nodes) {
      String k = n.tokenCount() == 0 ? "" : n.token(0);
      if (n instanceof IscStatement st) {
        if (k.equals("include") && st.tokenCount() == 2) {
          String name = unquote(st.token(1));
          primary.file(name).ifPresentOrElse(f -> walk(f.nodes(), context, network),
              () -> items.add(UntranslatableItem.of(at(st), text(st), "the included file was not read")));
          continue;
        }
        statement(st, context, network);
        continue;
      }
      IscBlock b = (IscBlock) n;
      switch (k) {
        case "failover" -> { }
        case "subnet" -> subnetBlock(b, network);
        case "shared-network" -> {
          String name = unquote(b.token(1));
          ObjectNode net = JSON.createObjectNode().put("name", name);
          sharedNetworks.put(name, net);
          mappings.add(Mapping.of("shared-network " + b.token(1), "shared-networks[] name " + name,
              "its subnets, options and lease times go with it"));
          walk(b.children(), "shared-network", name);
        }
        case "group" -> walk(b.children(), "group", network);
        case "host" -> { }
        case "pool" -> {
          if (!carriedPool(b)) {
            items.add(UntranslatableItem.of(at(b), text(b) + " { … }", "a pool outside every subnet the primary"
                + " declares: Kea holds pools inside their subnet only"));
          }
        }
        case "class" -> classBlock(b);
        default -> items.add(UntranslatableItem.of(at(b), text(b) + " { … }", k.equals("if") || k.equals("else")
            || k.equals("elsif") ? "conditional statements have no Kea equivalent (Kea decides by client classes"
            + " with test expressions)" : k.equals("subclass") ? "Kea has no subclasses (spawned classes); a class"
            + " with a test expression per value is the nearest" : k.equals("key") || k.equals("zone")
            ? "dynamic DNS keys and zones belong to kea-dhcp-ddns, which this plan does not configure"
            : "no Kea equivalent the migration knows"));
      }
    }
  }

  /** A statement outside any subnet: at the top, in a group or in a shared network. */
  private void statement(IscStatement st, String context, String network) {
    String k = st.token(0);
    ObjectNode target = network != null ? sharedNetworks.get(network) : context.equals("top") ? dhcp4 : null;
    if (k.equals("option") && st.tokenCount() >= 3 && (st.token(2).equals("code") || st.token(1).equals("space")
        || st.token(1).contains("."))) {
      items.add(UntranslatableItem.of(at(st), text(st), "option spaces and definitions of custom options are not"
          + " carried; Kea defines them in option-def"));
      return;
    }
    if (k.equals("option") && target != null) {
      option(st).ifPresent(o -> target.withArray("option-data").add(o));
      return;
    }
    if (target == null) {
      // in a group: hosts take the group's options (the ISC reader gives them to each reservation);
      // what else a group holds is listed by audit(), for groups anywhere
      return;
    }
    String where = network != null ? "shared network " + network : "global";
    switch (k) {
      case "default-lease-time", "max-lease-time", "min-lease-time" -> lifetime(st, target, where);
      case "authoritative" -> {
        target.put("authoritative", true);
        mappings.add(Mapping.of("authoritative", where + " authoritative true", "Kea answers DHCPNAKs the same way"));
      }
      case "not" -> {
        if (st.tokenCount() == 2 && st.token(1).equals("authoritative")) {
          target.put("authoritative", false);
          mappings.add(Mapping.of("not authoritative", where + " authoritative false", "Kea's default"));
        } else {
          unknown(st);
        }
      }
      case "ddns-update-style" -> {
        if (st.tokenCount() == 2 && st.token(1).equals("none")) {
          mappings.add(Mapping.of("ddns-update-style none", "(none)", "Kea sends no DNS updates unless"
              + " dhcp-ddns is enabled, which the plan does not do"));
        } else {
          items.add(UntranslatableItem.of(at(st), text(st), "dynamic DNS updates need kea-dhcp-ddns and"
              + " dhcp-ddns settings, which this plan does not configure"));
        }
      }
      case "next-server" -> bootField(st, target, "next-server", where);
      case "filename" -> bootField(st, target, "boot-file-name", where);
      case "server-name" -> bootField(st, target, "server-hostname", where);
      case "log-facility" -> items.add(UntranslatableItem.of(at(st), text(st), "Kea logs through its own"
          + " loggers configuration, kept from each Kea server's base"));
      case "omapi-port", "omapi-key" -> items.add(UntranslatableItem.of(at(st), text(st), "Kea is controlled"
          + " through its control channel (Control Agent or kea-dhcp4's HTTP socket), not OMAPI; the Kea"
          + " servers' own channels are kept from their base"));
      default -> unknown(st);
    }
  }

  private void unknown(IscStatement st) {
    items.add(UntranslatableItem.of(at(st), text(st), "no Kea equivalent the migration knows"));
  }

  private void lifetime(IscStatement st, ObjectNode target, String where) {
    String k = st.token(0);
    String kea = k.equals("default-lease-time") ? "valid-lifetime" : k.equals("max-lease-time")
        ? "max-valid-lifetime" : "min-valid-lifetime";
    if (st.tokenCount() == 2 && st.token(1).matches("[0-9]{1,10}") && Long.parseLong(st.token(1)) <= 4294967295L) {
      target.put(kea, Long.parseLong(st.token(1)));
      mappings.add(Mapping.of(text(st), where + " " + kea + " " + st.token(1), "seconds in both"));
    } else {
      items.add(UntranslatableItem.of(at(st), text(st), "not a whole number of seconds"));
    }
  }

  private void bootField(IscStatement st, ObjectNode target, String field, String where) {
    if (st.tokenCount() == 2) {
      String v = unquote(st.token(1));
      if (field.equals("next-server") && !Ipv4Address.isValid(v)) {
        items.add(UntranslatableItem.of(at(st), text(st), "Kea's next-server must be an IPv4 address, not a name"));
        return;
      }
      target.put(field, v);
      mappings.add(Mapping.of(text(st), where + " " + field + " " + v, "the BOOTP header field dhcpd fills"));
    } else {
      items.add(UntranslatableItem.of(at(st), text(st), "an expression; Kea takes a fixed value"));
    }
  }

  /** {@code option NAME VALUE;} outside a subnet, as Kea option-data. */
  private Optional<ObjectNode> option(IscStatement st) {
    Optional<OptionTable.Known> known = OptionTable.byIscName(st.token(1));
    if (known.isEmpty() || st.tokenCount() < 3 || st.token(2).equals("=")) {
      items.add(UntranslatableItem.of(at(st), text(st), known.isEmpty() ? "not a standard option the migration"
          + " knows (define it in Kea's option-def and set it by hand)" : "an expression; Kea takes a fixed value"));
      return Optional.empty();
    }
    List<String> tokens = st.tokens().subList(2, st.tokenCount());
    String value = tokens.size() == 1 && tokens.get(0).startsWith("\"") ? unquote(tokens.get(0)) : join(tokens);
    ObjectNode o = optionData(known.get().code(), value);
    mappings.add(Mapping.of("option " + st.token(1), "option-data " + o.path("name").asText("code "
        + known.get().code()), "the same option, code " + known.get().code()));
    return Optional.of(o);
  }

  private static ObjectNode optionData(int code, String value) {
    ObjectNode o = JSON.createObjectNode();
    OptionTable.keaName(code).ifPresent(n -> o.put("name", n));
    String data = OptionTable.keaData(code, value);
    o.put("code", code).put("space", "dhcp4").put("data", data);
    if (OptionTable.hex(code, data)) {
      o.put("csv-format", false);
    }
    return o;
  }

  /** dhcpd's tokens as one value: a comma right after the token before it, other tokens separated by a space. */
  private static String join(List<String> tokens) {
    StringBuilder out = new StringBuilder();
    for (String t : tokens) {
      if (out.length() > 0 && !t.equals(",") && !t.equals(":") && out.charAt(out.length() - 1) != ':') {
        out.append(' ');
      }
      out.append(t);
    }
    return out.toString();
  }

  static String unquote(String token) {
    if (token.length() >= 2 && token.startsWith("\"") && token.endsWith("\"")) {
      return token.substring(1, token.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    return token;
  }

  private void classBlock(IscBlock b) {
    String name = unquote(b.token(1));
    ObjectNode c = JSON.createObjectNode().put("name", name);
    for (IscNode n : b.children()) {
      if (n instanceof IscStatement st && st.token(0).equals("match") && st.tokenCount() >= 3
          && st.token(1).equals("if")) {
        Optional<String> test = test(st.tokens().subList(2, st.tokenCount()));
        if (test.isPresent()) {
          c.put("test", test.get());
          mappings.add(Mapping.of("class \"" + name + "\" " + text(st), "client-classes[] " + name + " test "
              + test.get(), "the same match, in Kea's expression language"));
        } else {
          items.add(UntranslatableItem.of(at(st), text(st), "only a match on an option's value (whole, or a"
              + " substring from its start) translates to a Kea test; class \"" + name + "\" is defined without"
              + " one, so no client is in it and pools limited to it serve nobody"));
        }
      } else if (n instanceof IscStatement st && st.token(0).equals("option")) {
        Optional<ObjectNode> o = option(st);
        o.ifPresent(v -> c.withArray("option-data").add(v));
      } else {
        items.add(UntranslatableItem.of(at(n), text(n), "in class \"" + name + "\": no Kea equivalent the"
            + " migration knows (Kea classes hold a test, options and boot fields)"));
      }
    }
    classes.add(c);
  }

  /** {@code option NAME = "text"} or {@code substring(option NAME, 0, N) = "text"} as a Kea test. */
  static Optional<String> test(List<String> t) {
    String joined = String.join(" ", t);
    java.util.regex.Matcher whole = java.util.regex.Pattern.compile("option ([a-z0-9-]+) = \"([^\"'\\\\]*)\"")
        .matcher(joined);
    if (whole.matches()) {
      return OptionTable.byIscName(whole.group(1)).map(k -> "option[" + k.code() + "].hex == '" + whole.group(2) + "'");
    }
    java.util.regex.Matcher sub = java.util.regex.Pattern.compile(
        "substring \\( option ([a-z0-9-]+) , 0 , ([0-9]{1,3}) \\) = \"([^\"'\\\\]*)\"").matcher(joined);
    if (sub.matches()) {
      return OptionTable.byIscName(sub.group(1)).map(k -> "substring(option[" + k.code() + "].hex,0," + sub.group(2)
          + ") == '" + sub.group(3) + "'");
    }
    return Optional.empty();
  }

  private void subnetBlock(IscBlock b, String network) {
    Subnet subnet;
    try {
      subnet = Subnet.of(Ipv4Address.parse(b.token(1)), Ipv4Address.parse(b.token(3)));
    } catch (RuntimeException e) {
      items.add(UntranslatableItem.of(at(b), text(b), "not a subnet the migration can read: " + e.getMessage()));
      return;
    }
    subnetBlocks.put(subnet, b);
    if (network != null) {
      networkOf.put(subnet, network);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // subnets

  private void subnets() {
    for (IscConfigException e : primary.unreadable()) {
      items.add(UntranslatableItem.of(e.file() + ":" + e.line(), "unreadable declaration", e.getMessage()));
    }
    long next = 1;
    for (Scope scope : primary.scopes()) {
      ids.put(scope.subnet(), next++);
    }
    mappings.add(Mapping.of("subnet (file order)", "subnet4[] id 1, 2, …", "Kea HA partners must give a subnet"
        + " the same id; the plan numbers the primary's subnets in file order for both"));
    for (Scope scope : primary.scopes()) {
      ObjectNode entry = subnet(scope);
      String network = networkOf.get(scope.subnet());
      if (network != null) {
        sharedNetworks.get(network).withArray("subnet4").add(entry);
      } else {
        dhcp4.withArray("subnet4").add(entry);
      }
    }
  }

  private ObjectNode subnet(Scope source) {
    IscBlock block = subnetBlocks.get(source.subnet());
    String where = block == null ? "primary" : at(block);
    ImmutableScope.Builder b = Scope.builder().subnet(source.subnet());
    ImmutableScopeProperties.Builder props = ImmutableScopeProperties.builder().from(source.properties())
        .iscStatements(List.of()).id(ids.get(source.subnet()));
    b.properties(props.build());
    for (OptionValue o : source.options()) {
      b.addOptions(keaOption(o));
    }
    Map<AddressRange, List<ObjectNode>> poolOptions = new LinkedHashMap<>();
    for (Pool p : source.pools()) {
      ImmutablePool.Builder pool = ImmutablePool.builder().range(p.range());
      if (p.failoverPeer().isPresent() && !p.failoverPeer().get().equals(peer)) {
        items.add(UntranslatableItem.of(locateRange(block, p.range(), where), "pool " + p.range() + " failover peer \""
            + p.failoverPeer().get() + "\"", "governed by another ISC failover relationship; in Kea it is"
            + " served by this HA pair"));
      } else if (p.failoverPeer().isEmpty()) {
        items.add(UntranslatableItem.of(locateRange(block, p.range(), where), "pool " + p.range() + " (no failover peer)",
            "both ISC servers lease from it each on its own; in Kea the HA pair shares it"));
      }
      if (p.dynamicBootp()) {
        items.add(UntranslatableItem.of(locateRange(block, p.range(), where), "range dynamic-bootp " + p.range(),
            "Kea hands pool addresses to BOOTP clients only with the BOOTP hook, which the plan does not load"));
      }
      List<ObjectNode> options = new ArrayList<>();
      for (String st : p.iscStatements()) {
        poolStatement(st, pool, options, block, where, p.range());
      }
      b.addPools(pool.build());
      poolOptions.put(p.range(), options);
    }
    b.addAllExclusions(source.exclusions());
    if (!source.exclusions().isEmpty()) {
      mappings.add(Mapping.of("subnet " + source.subnet() + ": gaps between a pool's ranges",
          "pools cut around them", "Kea has no exclusions: an address is leased only from a pool"));
    }
    Map<Ipv4Address, ObjectNode> reservationFields = new LinkedHashMap<>();
    for (Reservation r : source.reservations()) {
      ObjectNode fields = JSON.createObjectNode();
      for (String st : r.iscStatements()) {
        List<String> t = List.of(st.split(" ", 2));
        String field = switch (t.get(0)) {
          case "filename" -> "boot-file-name";
          case "next-server" -> "next-server";
          case "server-name" -> "server-hostname";
          default -> null;
        };
        if (field != null && t.size() == 2 && (!field.equals("next-server") || Ipv4Address.isValid(t.get(1)))) {
          fields.put(field, unquote(t.get(1)));
          mappings.add(Mapping.of("host " + r.name().orElse(r.identifier()) + " " + st, "reservation " + field,
              "the BOOTP header field, per reservation"));
        } else {
          items.add(UntranslatableItem.of(locate(block, t.get(0), where), "host " + r.name().orElse(r.identifier())
              + " " + st, "no Kea reservation field for it"));
        }
      }
      reservationFields.put(r.address(), fields);
      b.addReservations(ImmutableReservation.builder().from(r).iscStatements(List.of())
          .options(r.options().stream().map(IscToKea::keaOption).toList()).build());
    }
    Scope kea = Subnet4.poolsSplitAroundExclusions(b.build());
    ObjectNode entry = Subnet4.from(kea).json();
    csvFormat(entry.path("option-data"));
    for (JsonNode r : entry.path("reservations")) {
      csvFormat(r.path("option-data"));
      ObjectNode fields = reservationFields.get(Ipv4Address.parse(r.path("ip-address").asText()));
      if (fields != null) {
        ((ObjectNode) r).setAll(fields);
      }
    }
    for (String st : source.properties().iscStatements()) {
      subnetStatement(st, entry, block, where, source.subnet());
    }
    if (!source.enabled()) {
      mappings.add(Mapping.of("subnet " + source.subnet() + ": ignore booting", "client-class "
          + Subnet4.DISABLED_CLASS, "Kea has no disabled subnet: limited to a class no client is in, as the Kea"
          + " backend writes a disabled scope"));
    }
    // pool options; in load balancing with the leases known each pool split around them between the
    // servers' HA classes, without them each pool whole, open to both servers (see ha())
    Map<Ipv4Address, Integer> owners = leaseOwners();
    ArrayNode pools = JSON.createArrayNode();
    for (JsonNode p : entry.path("pools")) {
      AddressRange range = AddressRange.parse(p.path("pool").asText());
      List<ObjectNode> options = poolOptions.entrySet().stream().filter(e -> e.getKey().contains(range.start()))
          .findFirst().map(Map.Entry::getValue).orElse(List.of());
      List<ObjectNode> pieces = new ArrayList<>();
      if (mode.equals("load-balancing") && leases.isPresent() && !p.has("client-class")) {
        String[] classOf = {"HA_" + first.name(), "HA_" + second.name()};
        for (Part part : split(range, owners)) {
          pieces.add(JSON.createObjectNode().put("pool", part.range().toString())
              .put("client-class", classOf[part.owner()]));
        }
      } else {
        if (mode.equals("load-balancing") && leases.isPresent()) {
          items.add(UntranslatableItem.of(locateRange(block, range, where), "pool " + range, "limited to class "
              + p.path("client-class").asText() + ", so not split between the HA servers' classes (a Kea 2.2 pool"
              + " has one class): both servers may offer the same free address at once"));
        }
        pieces.add((ObjectNode) p.deepCopy());
      }
      for (ObjectNode piece : pieces) {
        if (!options.isEmpty()) {
          ArrayNode data = piece.putArray("option-data");
          options.forEach(data::add);
        }
        pools.add(piece);
      }
    }
    if (!pools.isEmpty()) {
      entry.set("pools", pools);
    }
    return entry;
  }

  /** One part of a split pool: its range and its owner, 0 for the Kea primary, 1 for the secondary. */
  record Part(AddressRange range, int owner) {}

  /**
   * The server each carried lease's client goes to in Kea's load balancing (0: the Kea primary,
   * 1: the secondary), by address: the RFC 3074 bucket of the client identifier when the lease has
   * one, else of the hardware address ({@code QueryFilter::loadBalance} in Kea's HA hook), modulo 2.
   */
  private Map<Ipv4Address, Integer> leaseOwners() {
    Map<Ipv4Address, Integer> out = new java.util.TreeMap<>();
    for (IscLease l : leases.orElse(List.of())) {
      if (l.hardware().isEmpty()) {
        continue;
      }
      out.put(l.address(), keaServerOf(l.hardware().get(), l.uid()));
    }
    return out;
  }

  /**
   * {@return the Kea HA server a load-balanced client goes to: 0 the primary (even RFC 3074 bucket),
   * 1 the secondary (odd); the bucket is of the client identifier's bytes when the client sends a
   * non-empty one, else of the hardware address's}
   *
   * @param hardware the hardware address, colon-separated hexadecimal
   * @param clientId the client identifier (option 61's data, type byte first), colon-separated hexadecimal
   */
  static int keaServerOf(String hardware, Optional<String> clientId) {
    String key = clientId.filter(c -> !c.isEmpty()).orElse(hardware);
    String[] parts = key.split(":");
    byte[] bytes = new byte[Math.min(parts.length, 255)];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Integer.parseInt(parts[i], 16);
    }
    return dev.failover.serving.LoadBalanceHash.bucket(bytes) % 2;
  }

  /**
   * {@return the pool split between the two servers: every address in {@code owners} in its
   * owner's part, the free addresses shared evenly (the primary takes the odd one), adjacent
   * addresses of one owner merged into one range; when the leases alone would give one server more
   * than its half of the free addresses, the cuts that move fewest boundaries are taken first (a
   * free stretch at the pool's ends before one between two of its leases)}
   *
   * @param range the pool
   * @param owners the owner of each leased address, 0 or 1 (addresses outside the pool are ignored)
   */
  static List<Part> split(AddressRange range, Map<Ipv4Address, Integer> owners) {
    long start = range.start().toLong();
    long end = range.end().toLong();
    java.util.TreeMap<Long, Integer> fixed = new java.util.TreeMap<>();
    owners.forEach((a, o) -> {
      if (range.contains(a)) {
        fixed.put(a.toLong(), o);
      }
    });
    long free = end - start + 1 - fixed.size();
    long wantPrimary = (free + 1) / 2;
    List<long[]> pieces = new ArrayList<>();
    fixed.forEach((a, o) -> pieces.add(new long[] {a, a, o}));
    if (fixed.isEmpty()) {
      pieces.add(new long[] {start, start + wantPrimary - 1, 0});
      pieces.add(new long[] {start + wantPrimary, end, 1});
    } else {
      // free stretches: {lo, hi, owner before (-1 at the pool's start), owner after (-1 at its end)}
      List<long[]> gaps = new ArrayList<>();
      long at = start;
      int before = -1;
      for (Map.Entry<Long, Integer> e : fixed.entrySet()) {
        if (e.getKey() > at) {
          gaps.add(new long[] {at, e.getKey() - 1, before, e.getValue()});
        }
        before = e.getValue();
        at = e.getKey() + 1;
      }
      if (at <= end) {
        gaps.add(new long[] {at, end, before, -1});
      }
      long[] locked = new long[2];
      long flexible = 0;
      for (long[] g : gaps) {
        long size = g[1] - g[0] + 1;
        int o = lockedOwner(g);
        if (o < 0) {
          flexible += size;
        } else {
          locked[o] += size;
        }
      }
      // the primary's free addresses from the flexible stretches, or the excess of one owner's locked ones
      long fromFlexible = Math.max(0, Math.min(flexible, wantPrimary - locked[0]));
      int over = locked[0] > wantPrimary ? 0 : locked[1] > free - wantPrimary ? 1 : -1;
      long excess = over == 0 ? locked[0] - wantPrimary : over == 1 ? locked[1] - (free - wantPrimary) : 0;
      List<long[]> order = new ArrayList<>(gaps);
      order.sort(java.util.Comparator.<long[]>comparingInt(g -> g[2] < 0 || g[3] < 0 ? 0 : 1)
          .thenComparingLong(g -> g[0] - g[1]));
      java.util.Map<long[], Long> carve = new java.util.IdentityHashMap<>();
      for (long[] g : order) {
        if (excess > 0 && lockedOwner(g) == over) {
          long take = Math.min(excess, g[1] - g[0] + 1);
          carve.put(g, take);
          excess -= take;
        }
      }
      for (long[] g : gaps) {
        int o = lockedOwner(g);
        long size = g[1] - g[0] + 1;
        if (o < 0) {
          // between a primary's and a secondary's lease: the primary's share next to its lease
          long mine = Math.min(size, fromFlexible);
          fromFlexible -= mine;
          boolean primaryLeft = g[2] == 0;
          if (primaryLeft) {
            addPiece(pieces, g[0], g[0] + mine - 1, 0);
            addPiece(pieces, g[0] + mine, g[1], 1);
          } else {
            addPiece(pieces, g[0], g[1] - mine, 1);
            addPiece(pieces, g[1] - mine + 1, g[1], 0);
          }
        } else {
          long cut = carve.getOrDefault(g, 0L);
          // the other server's cut at the pool's end when the stretch is there, else at the stretch's start
          if (g[3] < 0) {
            addPiece(pieces, g[0], g[1] - cut, o);
            addPiece(pieces, g[1] - cut + 1, g[1], 1 - o);
          } else {
            addPiece(pieces, g[0], g[0] + cut - 1, 1 - o);
            addPiece(pieces, g[0] + cut, g[1], o);
          }
        }
      }
    }
    pieces.sort(java.util.Comparator.comparingLong(x -> x[0]));
    List<Part> out = new ArrayList<>();
    long[] run = null;
    for (long[] x : pieces) {
      if (x[1] < x[0]) {
        continue;
      }
      if (run != null && run[2] == x[2] && run[1] + 1 == x[0]) {
        run[1] = x[1];
      } else {
        if (run != null) {
          out.add(part(run));
        }
        run = x.clone();
      }
    }
    out.add(part(run));
    return out;
  }

  /** {@return the owner a free stretch goes to without a new boundary, or -1 when it lies between both owners' leases} */
  private static int lockedOwner(long[] gap) {
    if (gap[2] < 0 || gap[3] < 0) {
      return (int) Math.max(gap[2], gap[3]);
    }
    return gap[2] == gap[3] ? (int) gap[2] : -1;
  }

  private static void addPiece(List<long[]> pieces, long lo, long hi, int owner) {
    if (lo <= hi) {
      pieces.add(new long[] {lo, hi, owner});
    }
  }

  private static Part part(long[] run) {
    return new Part(AddressRange.of(Ipv4Address.ofBits((int) run[0]), Ipv4Address.ofBits((int) run[1])), (int) run[2]);
  }

  private static OptionValue keaOption(OptionValue o) {
    String data = OptionTable.keaData(o.code(), o.value());
    return ImmutableOptionValue.builder().from(o).name(OptionTable.keaName(o.code())).value(data).build();
  }

  private static void csvFormat(JsonNode data) {
    for (JsonNode o : data) {
      if (OptionTable.hex(o.path("code").asInt(), o.path("data").asText())) {
        ((ObjectNode) o).put("csv-format", false);
      }
    }
  }

  private void subnetStatement(String st, ObjectNode entry, IscBlock block, String where, Subnet subnet) {
    List<String> t = List.of(st.split(" "));
    String k = t.get(0);
    String at = locate(block, k, where);
    switch (k) {
      case "max-lease-time", "min-lease-time" -> {
        String kea = k.equals("max-lease-time") ? "max-valid-lifetime" : "min-valid-lifetime";
        if (t.size() == 2 && t.get(1).matches("[0-9]{1,10}")) {
          entry.put(kea, Long.parseLong(t.get(1)));
          mappings.add(Mapping.of("subnet " + subnet + ": " + st, kea + " " + t.get(1), "seconds in both"));
          return;
        }
      }
      case "next-server", "filename", "server-name" -> {
        String field = k.equals("next-server") ? "next-server" : k.equals("filename") ? "boot-file-name"
            : "server-hostname";
        String v = t.size() == 2 ? unquote(t.get(1)) : null;
        if (v != null && (!k.equals("next-server") || Ipv4Address.isValid(v))) {
          entry.put(field, v);
          mappings.add(Mapping.of("subnet " + subnet + ": " + st, field + " " + v, "the BOOTP header field"));
          return;
        }
      }
      case "authoritative" -> {
        entry.put("authoritative", true);
        mappings.add(Mapping.of("subnet " + subnet + ": authoritative", "authoritative true", "the same"));
        return;
      }
      default -> { }
    }
    items.add(UntranslatableItem.of(at, "subnet " + subnet + ": " + st, "no Kea subnet parameter for it"));
  }

  private void poolStatement(String st, ImmutablePool.Builder pool, List<ObjectNode> options, IscBlock block,
      String where, AddressRange range) {
    List<String> t = List.of(st.split(" "));
    String at = locate(block, t.get(0), where);
    String cls = null;
    if (st.matches("allow members of \"[^\"]+\"")) {
      cls = unquote(t.get(3));
    } else if (st.equals("deny unknown-clients") || st.equals("allow known-clients")
        || st.equals("deny unknown clients") || st.equals("allow known clients")) {
      cls = "KNOWN";
    } else if (st.equals("allow unknown-clients") || st.equals("deny known-clients")
        || st.equals("allow unknown clients") || st.equals("deny known clients")) {
      cls = "UNKNOWN";
    }
    if (cls != null) {
      if (pool.build().clientClass().isPresent()) {
        items.add(UntranslatableItem.of(at, "pool " + range + ": " + st, "a Kea 2.2 pool is limited to one class;"
            + " the pool keeps " + pool.build().clientClass().get()));
        return;
      }
      pool.clientClass(cls);
      mappings.add(Mapping.of("pool " + range + ": " + st, "pools[] client-class " + cls, cls.equals("KNOWN")
          || cls.equals("UNKNOWN") ? "Kea's built-in class of clients with (KNOWN) or without (UNKNOWN) a"
          + " reservation" : "the pool serves the class's members only"));
      return;
    }
    if (st.equals("deny dynamic bootp clients")) {
      mappings.add(Mapping.of("pool " + range + ": " + st, "(none)", "Kea without the BOOTP hook answers no BOOTP"
          + " client"));
      return;
    }
    if (t.get(0).equals("option") && t.size() >= 3) {
      Optional<OptionTable.Known> known = OptionTable.byIscName(t.get(1));
      if (known.isPresent() && !t.get(2).equals("=")) {
        String value = st.substring(("option " + t.get(1) + " ").length());
        options.add(optionData(known.get().code(), unquoteWhole(value)));
        mappings.add(Mapping.of("pool " + range + ": option " + t.get(1), "pools[] option-data code "
            + known.get().code(), "the same option, on the pool"));
        return;
      }
    }
    items.add(UntranslatableItem.of(at, "pool " + range + ": " + st, "no Kea pool parameter for it (a Kea pool"
        + " holds its range, one client class and options)"));
  }

  private static String unquoteWhole(String value) {
    return value.matches("\"[^\"]*\"") ? unquote(value) : value;
  }

  /** The file and line of the first statement starting with {@code keyword} inside the block, or {@code fallback}. */
  private static String locate(IscBlock block, String keyword, String fallback) {
    return locate(block, n -> n.tokenCount() > 0 && n.token(0).equals(keyword), fallback);
  }

  /** The file and line of the {@code range} statement that starts the pool, or {@code fallback}. */
  private static String locateRange(IscBlock block, AddressRange pool, String fallback) {
    String start = pool.start().toString();
    return locate(block, n -> n instanceof IscStatement && n.tokenCount() >= 3 && n.token(0).equals("range")
        && (n.token(1).equals(start) || n.token(2).equals(start)), fallback);
  }

  private static String locate(IscBlock block, java.util.function.Predicate<IscNode> match, String fallback) {
    if (block == null) {
      return fallback;
    }
    for (IscNode n : block.children()) {
      if (match.test(n)) {
        return at(n);
      }
      if (n instanceof IscBlock inner) {
        String found = locate(inner, match, null);
        if (found != null) {
          return found;
        }
      }
    }
    return fallback;
  }

  // ---------------------------------------------------------------------------------------------
  // nothing lost: what the scope view leaves out is listed

  /** Whether a pool declared outside a subnet block lies in one of the primary's scopes (dhcpd gives it that subnet). */
  private boolean carriedPool(IscBlock b) {
    for (IscNode n : b.children()) {
      if (n instanceof IscStatement st && st.tokenCount() >= 2 && st.token(0).equals("range")) {
        String first = st.token(1).equals("dynamic-bootp") && st.tokenCount() >= 3 ? st.token(2) : st.token(1);
        if (!Ipv4Address.isValid(first)) {
          return false;
        }
        Ipv4Address a = Ipv4Address.parse(first);
        return primary.scopes().stream().anyMatch(sc -> sc.pools().stream().anyMatch(p -> p.range().contains(a)));
      }
    }
    return false;
  }

  private void audit() {
    Map<String, Reservation> carried = new LinkedHashMap<>();
    for (Scope scope : primary.scopes()) {
      for (Reservation r : scope.reservations()) {
        r.name().ifPresent(n -> carried.put(n, r));
      }
    }
    audit(primary.main().nodes(), carried, false);
  }

  /** Every host and group wherever declared, and what a subnet's own body holds that its scope leaves out. */
  private void audit(List<IscNode> nodes, Map<String, Reservation> carried, boolean inSubnet) {
    for (IscNode n : nodes) {
      String k = n.tokenCount() == 0 ? "" : n.token(0);
      if (n instanceof IscStatement st) {
        if (k.equals("include") && st.tokenCount() == 2) {
          primary.file(unquote(st.token(1))).ifPresent(f -> audit(f.nodes(), carried, inSubnet));
        }
        continue;
      }
      IscBlock b = (IscBlock) n;
      switch (k) {
        case "host" -> host(b, b.tokenCount() >= 2 ? carried.get(b.token(1)) : null);
        case "subnet" -> {
          subnetBody(b);
          audit(b.children(), carried, true);
        }
        case "group" -> {
          group(b, inSubnet);
          audit(b.children(), carried, inSubnet);
        }
        case "pool" -> audit(b.children(), carried, true);
        case "shared-network" -> audit(b.children(), carried, inSubnet);
        case "class", "subclass" -> {
          if (inSubnet) {
            items.add(UntranslatableItem.of(at(b), text(b) + " { … }", "a class declared inside a subnet or pool:"
                + " the plan moves the classes declared outside subnets only"));
          }
        }
        default -> { }
      }
    }
  }

  private static List<IscStatement> statements(IscBlock b, String keyword) {
    List<IscStatement> out = new ArrayList<>();
    for (IscNode n : b.children()) {
      if (n instanceof IscStatement st && st.tokenCount() > 0 && st.token(0).equals(keyword)) {
        out.add(st);
      }
    }
    return out;
  }

  private static boolean definition(IscStatement st) {
    return st.tokenCount() >= 2 && (st.token(1).equals("space") || (st.tokenCount() >= 4 && st.token(2).equals("code")));
  }

  /** A host: carried as the reservation {@code r} (null when it is not), and what of it Kea does not get. */
  private void host(IscBlock b, Reservation r) {
    String name = "host " + (b.tokenCount() >= 2 ? b.token(1) : "");
    List<IscStatement> fixed = statements(b, "fixed-address");
    boolean hw = statements(b, "hardware").stream().anyMatch(st -> st.tokenCount() >= 3 && st.token(1).equals("ethernet"));
    List<IscStatement> options = statements(b, "option");
    Optional<IscStatement> clientId = options.stream()
        .filter(st -> st.tokenCount() >= 3 && st.token(1).equals("dhcp-client-identifier")).findFirst();
    if (r == null) {
      String why;
      if (fixed.isEmpty()) {
        why = "a host without fixed-address: dhcpd knows the client (the host's options and boot fields apply, and it"
            + " counts as known for pools that allow known clients) but leases it an address from a pool; the plan"
            + " carries hosts as Kea reservations of their address only, so Kea does not know this client (it is not"
            + " in KNOWN) and gives it none of the host's settings";
      } else if (fixed.size() > 1 || fixed.get(0).tokenCount() != 2 || !Ipv4Address.isValid(fixed.get(0).token(1))) {
        why = "fixed-address with several addresses or a DNS name: a Kea reservation holds one IPv4 address";
      } else if (!hw && clientId.isEmpty()) {
        why = "neither hardware ethernet nor dhcp-client-identifier: the plan reserves by hardware address or client"
            + " identifier only";
      } else if (primary.scopes().stream().noneMatch(sc -> sc.subnet().contains(Ipv4Address.parse(fixed.get(0).token(1))))) {
        why = "its fixed-address " + fixed.get(0).token(1) + " is in none of the primary's subnets; Kea holds a"
            + " reservation inside its subnet";
      } else {
        why = "its identifier, name or host name is not one a reservation can hold (as Kea checks them)";
      }
      items.add(UntranslatableItem.of(at(b), name + " { … }", why));
      return;
    }
    if (hw && clientId.isPresent()) {
      items.add(UntranslatableItem.of(at(clientId.get()), name + ": " + text(clientId.get()), "a Kea reservation has"
          + " one identifier: the plan reserves by the hardware address, so a client that shows this client"
          + " identifier with another hardware address does not get the reservation"));
    }
    for (IscStatement st : options) {
      if (st.tokenCount() < 2 || st.token(1).equals("dhcp-client-identifier")
          || (st.token(1).equals("host-name") && r.hostname().isPresent())) {
        continue;
      }
      if (definition(st) || r.options().stream().noneMatch(o -> o.name().equals(Optional.of(st.token(1))))) {
        items.add(UntranslatableItem.of(at(st), name + ": " + text(st), definition(st) ? "an option definition in a"
            + " host: Kea defines options in option-def" : "not an option with a value the migration can carry (not"
            + " in dhcpd's standard set, or a value the model cannot hold)"));
      }
    }
  }

  /** Whether a group holds, at any depth, a declaration other than hosts and groups. */
  private static boolean holdsMoreThanHosts(IscBlock b) {
    for (IscNode n : b.children()) {
      if (n instanceof IscBlock inner && !inner.token(0).equals("host")
          && (!inner.token(0).equals("group") || holdsMoreThanHosts(inner))) {
        return true;
      }
    }
    return false;
  }

  /** A group's statements: its options reach its hosts' reservations; what else it says reaches nothing in Kea. */
  private void group(IscBlock b, boolean inSubnet) {
    boolean more = holdsMoreThanHosts(b);
    for (IscNode n : b.children()) {
      if (!(n instanceof IscStatement st) || st.tokenCount() == 0 || st.token(0).equals("include")) {
        continue;
      }
      if (st.token(0).equals("option")) {
        if (definition(st)) {
          if (inSubnet) {
            items.add(UntranslatableItem.of(at(st), text(st), "option spaces and definitions of custom options are"
                + " not carried; Kea defines them in option-def"));
          }
        } else if (more) {
          items.add(UntranslatableItem.of(at(st), "group: " + text(st), "in dhcpd a group's option applies to the"
              + " subnets and pools declared in it too; the plan gives a group's options to its hosts' reservations"
              + " only"));
        } else if (OptionTable.byIscName(st.token(1)).isEmpty()) {
          items.add(UntranslatableItem.of(at(st), "group: " + text(st), "not a standard option the migration knows,"
              + " so the hosts' reservations do not get it"));
        }
        continue;
      }
      items.add(UntranslatableItem.of(at(st), text(st), "a group's statements other than options reach Kea only"
          + " through the hosts' reservations, and this one does not"));
    }
  }

  /** What a subnet's own body says that its scope does not hold: options and a lease time the model cannot read. */
  private void subnetBody(IscBlock b) {
    Optional<Scope> scope = subnetBlocks.entrySet().stream().filter(e -> e.getValue() == b).findFirst()
        .flatMap(e -> primary.scope(e.getKey()));
    if (scope.isEmpty()) {
      return;
    }
    String subnet = "subnet " + scope.get().subnet() + ": ";
    for (IscNode n : b.children()) {
      if (!(n instanceof IscStatement st) || st.tokenCount() < 2) {
        continue;
      }
      if (st.token(0).equals("option") && definition(st)) {
        items.add(UntranslatableItem.of(at(st), subnet + text(st), "option spaces and definitions of custom options"
            + " are not carried; Kea defines them in option-def"));
      } else if (st.token(0).equals("option")
          && scope.get().options().stream().noneMatch(o -> o.name().equals(Optional.of(st.token(1))))) {
        items.add(UntranslatableItem.of(at(st), subnet + text(st), "not an option with a value the migration can"
            + " carry (not in dhcpd's standard set, or a value the model cannot hold)"));
      } else if (st.token(0).equals("default-lease-time") && scope.get().properties().leaseTime().isEmpty()) {
        items.add(UntranslatableItem.of(at(st), subnet + text(st), "not a whole number of seconds above 0"));
      }
    }
  }

  /** The global statements, the shared networks' own statements and the classes, by what they say. */
  private static Map<String, IscNode> globals(IscConfig config) {
    Map<String, IscNode> out = new LinkedHashMap<>();
    globals(config, config.main().nodes(), "", out);
    return out;
  }

  private static void globals(IscConfig config, List<IscNode> nodes, String context, Map<String, IscNode> out) {
    for (IscNode n : nodes) {
      String k = n.tokenCount() == 0 ? "" : n.token(0);
      if (n instanceof IscStatement st) {
        if (k.equals("include") && st.tokenCount() == 2) {
          config.file(unquote(st.token(1))).ifPresent(f -> globals(config, f.nodes(), context, out));
        } else {
          out.putIfAbsent(context + text(st), st);
        }
      } else if (k.equals("class") || k.equals("subclass")) {
        out.putIfAbsent(context + verbatim(n), n);
      } else if (k.equals("shared-network") && context.isEmpty()) {
        List<IscNode> own = ((IscBlock) n).children().stream()
            .filter(c -> c instanceof IscStatement || c.token(0).equals("class")).toList();
        globals(config, own, text(n) + ": ", out);
      }
    }
  }

  private static String verbatim(IscNode n) {
    if (n instanceof IscStatement) {
      return text(n) + ";";
    }
    StringBuilder out = new StringBuilder(text(n)).append(" {");
    for (IscNode c : ((IscBlock) n).children()) {
      out.append(' ').append(verbatim(c));
    }
    return out.append(" }").toString();
  }

  /** The secondary's global statements, shared networks' statements and classes against the primary's. */
  private void compareGlobals() {
    Map<String, IscNode> mine = globals(primary);
    Map<String, IscNode> theirs = globals(secondary);
    mine.forEach((key, n) -> {
      if (!theirs.containsKey(key)) {
        items.add(UntranslatableItem.of(at(n), label(n), "the secondary's dhcpd.conf does not say the same (it lacks"
            + " this or says it otherwise); the plan gives both Kea servers the primary's"));
      }
    });
    theirs.forEach((key, n) -> {
      if (!mine.containsKey(key)) {
        items.add(UntranslatableItem.of(at(n), label(n), "only the secondary's dhcpd.conf says this (the primary's"
            + " lacks it or says it otherwise); the plan takes global settings and classes from the primary's, so"
            + " this is not carried"));
      }
    });
  }

  private static String label(IscNode n) {
    return n instanceof IscBlock ? text(n) + " { … }" : text(n);
  }

  // ---------------------------------------------------------------------------------------------

  private void compareSecondary() {
    for (Scope scope : primary.scopes()) {
      Optional<Scope> other = secondary.scope(scope.subnet());
      if (other.isEmpty()) {
        IscBlock mine = subnetBlocks.get(scope.subnet());
        items.add(UntranslatableItem.of(mine == null ? "primary" : at(mine), "subnet " + scope.subnet(), "the"
            + " secondary's dhcpd.conf does not declare it; the primary's declaration is used for both Kea servers"));
      } else if (!comparable(other.get()).equals(comparable(scope))) {
        items.add(UntranslatableItem.of(subnetLocation(secondary, scope.subnet()), "subnet " + scope.subnet(), "the"
            + " secondary's declaration differs from the primary's; the primary's is used for both Kea servers (Kea"
            + " HA partners must hold the same subnets)"));
      }
    }
    for (Subnet s : secondary.subnets()) {
      if (primary.scope(s).isEmpty()) {
        items.add(UntranslatableItem.of(subnetLocation(secondary, s), "subnet " + s, "only the secondary declares it;"
            + " the plan moves the primary's subnets"));
      }
    }
  }

  /** The file and line of the subnet's declaration in {@code config}, or "secondary" when it is not found. */
  private static String subnetLocation(IscConfig config, Subnet subnet) {
    for (dev.failover.isc.conf.IscConfigFile f : config.files()) {
      String found = subnetLocation(f.nodes(), subnet);
      if (found != null) {
        return found;
      }
    }
    return "secondary";
  }

  private static String subnetLocation(List<IscNode> nodes, Subnet subnet) {
    for (IscNode n : nodes) {
      if (n instanceof IscBlock b) {
        if (b.tokenCount() == 4 && b.token(0).equals("subnet") && Ipv4Address.isValid(b.token(1))
            && Ipv4Address.isValid(b.token(3))) {
          try {
            if (Subnet.of(Ipv4Address.parse(b.token(1)), Ipv4Address.parse(b.token(3))).equals(subnet)) {
              return at(b);
            }
          } catch (RuntimeException e) {
            continue;
          }
        }
        String inner = subnetLocation(b.children(), subnet);
        if (inner != null) {
          return inner;
        }
      }
    }
    return null;
  }

  private static Scope comparable(Scope s) {
    return ImmutableScope.builder().from(s).pools(s.pools().stream()
        .map(p -> (Pool) ImmutablePool.builder().from(p).failoverPeer(Optional.empty()).build()).toList()).build();
  }

  private MigrationPlan build() {
    if (!classes.isEmpty()) {
      dhcp4.set("client-classes", classes);
    }
    if (!sharedNetworks.isEmpty()) {
      ArrayNode nets = dhcp4.putArray("shared-networks");
      sharedNetworks.values().forEach(nets::add);
    }
    ImmutableMigrationPlan.Builder plan = ImmutableMigrationPlan.builder().relationship(peer).mode(mode)
        .addServers(first.name(), second.name()).subnetIds(ids).mappings(mappings).untranslatable(items);
    for (KeaPartner k : List.of(first, second)) {
      ObjectNode map;
      try {
        map = k.base().isPresent() ? (ObjectNode) JSON.readTree(k.base().get()) : JSON.createObjectNode();
      } catch (JsonProcessingException | ClassCastException e) {
        throw new ValidationException("Kea partner " + k.name(), List.of(new dev.failover.errors.Violation("base",
            "(not shown)", "must be a JSON object of Dhcp4 entries")));
      }
      if (!map.has("interfaces-config")) {
        map.putObject("interfaces-config").putArray("interfaces");
      }
      if (!map.has("lease-database")) {
        map.putObject("lease-database").put("type", "memfile").put("persist", true);
      }
      map.setAll(dhcp4.deepCopy());
      map.set("hooks-libraries", hooks(k));
      ObjectNode root = JSON.createObjectNode();
      root.set("Dhcp4", map);
      plan.putConfig(k.name(), root.toString());
    }
    return plan.build();
  }
}
