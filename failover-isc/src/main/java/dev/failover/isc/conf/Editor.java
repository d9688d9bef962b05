package dev.failover.isc.conf;

import dev.failover.errors.NotFoundException;
import dev.failover.errors.Violations;
import dev.failover.spi.Texts;
import dev.failover.scope.AddressRange;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The edits of {@link IscConfig}, as pure functions: each collects {@link Patches} against the
 * current trees and applies them once. New text is rendered with the indentation of its future
 * siblings and the file's line ends, parsed back into nodes (so an edit can never produce text
 * the parser would refuse), and the result is indexed again, so dhcpd's order rules hold too.
 */
final class Editor {

  private static final String[] PEER_KEYS = {"role", "address", "port", "peer address", "peer port",
      "max-response-delay", "max-unacked-updates", "mclt", "split", "hba", "load balance max seconds",
      "auto-partner-down", "max-lease-misbalance", "max-lease-ownership", "min-balance", "max-balance"};

  private Editor() {}

  // ---------------------------------------------------------------- peers

  static IscConfig withPeer(IscConfig config, IscPeerStatement peer) {
    ConfigIndex index = config.index();
    ScopeWriter.checkName("name", peer.name());
    Map<String, String> desired = peerStatements(peer);
    Patches patches = new Patches(config);
    ConfigIndex.PeerDecl existing = index.peers.get(peer.name());
    if (existing != null) {
      reconcile(config, patches, existing.ref, desired, Editor::peerKey, Context.FAILOVER_PEER);
    } else {
      insertPeer(config, index, patches, peer, desired);
    }
    return finish(patches);
  }

  private static Map<String, String> peerStatements(IscPeerStatement p) {
    Map<String, String> m = new LinkedHashMap<>();
    p.role().ifPresent(r -> m.put("role", r.keyword() + ";"));
    p.address().ifPresent(a -> m.put("address", "address " + a + ";"));
    p.port().ifPresent(n -> m.put("port", "port " + n + ";"));
    m.put("peer address", "peer address " + p.peerAddress() + ";");
    p.peerPort().ifPresent(n -> m.put("peer port", "peer port " + n + ";"));
    p.maxResponseDelay().ifPresent(n -> m.put("max-response-delay", "max-response-delay " + n + ";"));
    p.maxUnackedUpdates().ifPresent(n -> m.put("max-unacked-updates", "max-unacked-updates " + n + ";"));
    p.mclt().ifPresent(n -> m.put("mclt", "mclt " + n + ";"));
    p.split().ifPresent(n -> m.put("split", "split " + n + ";"));
    p.hba().ifPresent(h -> m.put("hba", "hba " + h + ";"));
    p.loadBalanceMaxSeconds().ifPresent(n -> m.put("load balance max seconds", "load balance max seconds " + n + ";"));
    p.autoPartnerDown().ifPresent(n -> m.put("auto-partner-down", "auto-partner-down " + n + ";"));
    p.maxLeaseMisbalance().ifPresent(n -> m.put("max-lease-misbalance", "max-lease-misbalance " + n + ";"));
    p.maxLeaseOwnership().ifPresent(n -> m.put("max-lease-ownership", "max-lease-ownership " + n + ";"));
    p.minBalance().ifPresent(n -> m.put("min-balance", "min-balance " + n + ";"));
    p.maxBalance().ifPresent(n -> m.put("max-balance", "max-balance " + n + ";"));
    return m;
  }

  private static String peerKey(IscNode n) {
    if (!(n instanceof IscStatement)) {
      return null;
    }
    String k = n.token(0);
    switch (k) {
      case "primary":
      case "secondary":
        return "role";
      case "peer":
        return n.tokenCount() > 1 && (n.token(1).equals("address") || n.token(1).equals("port")) ? "peer " + n.token(1)
            : null;
      case "load":
        return "load balance max seconds";
      default:
        for (String key : PEER_KEYS) {
          if (key.equals(k)) {
            return k;
          }
        }
        return null;
    }
  }

  private static void insertPeer(IscConfig config, ConfigIndex index, Patches patches, IscPeerStatement peer,
      Map<String, String> desired) {
    IscConfigFile main = config.main();
    ScopeWriter.Layout layout = layout(main);
    StringBuilder body = new StringBuilder();
    body.append("failover peer ").append(Syntax.quote(peer.name())).append(" {").append(layout.newline());
    for (String line : desired.values()) {
      body.append(layout.unit()).append(line).append(layout.newline());
    }
    body.append("}");
    List<IscNode> nodes = main.nodes();
    int lastPeer = -1;
    int firstDeclaration = -1;
    for (int i = 0; i < nodes.size(); i++) {
      IscNode n = nodes.get(i);
      if (n instanceof IscBlock && n.keyword().equals("failover") && n.tokenCount() == 3) {
        lastPeer = i;
      } else if (firstDeclaration < 0 && (n instanceof IscBlock || n.keyword().equals("include"))
          && !n.keyword().equals("failover") && !n.keyword().equals("key") && !n.keyword().equals("zone")
          && !(n.keyword().equals("class"))) {
        firstDeclaration = i;
      }
    }
    int at = lastPeer >= 0 ? lastPeer + 1 : firstDeclaration;
    if (at < 0 || at >= nodes.size()) {
      patches.append(main.name(), new int[0], List.of(topLevel(main, nodes.size(), body.toString(), layout)));
    } else {
      IscNode before = nodes.get(at);
      String prefix = at == 0 ? "" : (endsWithNewline(nodes.get(at - 1)) ? "" : layout.newline()) + layout.newline();
      String text = prefix + body + layout.newline();
      patches.insertBefore(new NodeRef(main.name(), new int[] {at}, before), fragment(main.name(), text, Context.TOP));
    }
  }

  static IscConfig withoutPeer(IscConfig config, String name) {
    ConfigIndex index = config.index();
    ConfigIndex.PeerDecl decl = index.peers.get(name);
    if (decl == null) {
      throw new NotFoundException("peer", Texts.quoted(name), "in " + config.main().name());
    }
    Violations v = Violations.collect();
    for (ConfigIndex.PoolDecl p : index.pools) {
      v.check(!name.equals(p.peer), "pool " + p.span(), p.ref.file() + " line " + p.ref.line(),
          "must no longer refer to failover peer " + Texts.quoted(name) + " before the peer is removed");
    }
    for (NodeRef r : index.sharedNetworkReferences) {
      v.check(!name.equals(Syntax.nameValue(r.node().token(2))), "shared-network", r.file() + " line " + r.line(),
          "must no longer refer to failover peer " + Texts.quoted(name) + " before the peer is removed");
    }
    v.throwIfAny("removal of failover peer " + Texts.quoted(name));
    Patches patches = new Patches(config);
    patches.remove(decl.ref);
    for (NodeRef r : index.stateRecords) {
      if (name.equals(Syntax.nameValue(r.node().token(2)))) {
        patches.remove(r);
      }
    }
    return finish(patches);
  }

  // ---------------------------------------------------------------- pool references

  static IscConfig withPoolPeer(IscConfig config, AddressRange span, String peer) {
    ConfigIndex index = config.index();
    requirePeer(index, peer);
    ConfigIndex.PoolDecl pool = pool(config, index, span);
    Patches patches = new Patches(config);
    setPoolPeer(config, patches, pool, peer);
    return finish(patches);
  }

  private static void setPoolPeer(IscConfig config, Patches patches, ConfigIndex.PoolDecl pool, String peer) {
    String core = ScopeWriter.peerReference(peer);
    if (pool.implicit) {
      IscStatement range = (IscStatement) pool.ref.node();
      ScopeWriter.Layout layout = layout(config.file(pool.ref.file()).orElseThrow());
      String ind = indentOf(range);
      String inner = ind + layout.unit();
      String block = "pool {" + layout.newline() + inner + core + layout.newline() + inner
          + range.segment.core() + layout.newline() + ind + "}";
      patches.replace(pool.ref, replaceCore(pool.ref, block, Context.SUBNET));
    } else if (pool.peerStatement != null) {
      if (!Syntax.nameValue(pool.peerStatement.node().token(2)).equals(peer)) {
        patches.replace(pool.peerStatement, replaceCore(pool.peerStatement, core, Context.POOL));
      }
    } else {
      insertFirst(config, patches, pool.ref, core, Context.POOL);
    }
  }

  static IscConfig withoutPoolPeer(IscConfig config, AddressRange span) {
    ConfigIndex index = config.index();
    ConfigIndex.PoolDecl pool = pool(config, index, span);
    if (pool.peerStatement == null) {
      return config;
    }
    Patches patches = new Patches(config);
    patches.remove(pool.peerStatement);
    return finish(patches);
  }

  static IscConfig rewire(IscConfig config, String from, String to) {
    ConfigIndex index = config.index();
    requirePeer(index, to);
    Patches patches = new Patches(config);
    String core = ScopeWriter.peerReference(to);
    List<IscNode> replacement = null;
    for (ConfigIndex.PoolDecl p : index.pools) {
      if (from.equals(p.peer) && !from.equals(to)) {
        replacement = replaceCore(p.peerStatement, core, Context.POOL, replacement);
        patches.replace(p.peerStatement, replacement);
      }
    }
    for (NodeRef r : index.sharedNetworkReferences) {
      if (from.equals(Syntax.nameValue(r.node().token(2))) && !from.equals(to)) {
        patches.replace(r, replaceCore(r, core, Context.SHARED_NETWORK));
      }
    }
    return patches.isEmpty() ? config : finish(patches);
  }

  // ---------------------------------------------------------------- subnets

  static IscConfig withSubnet(IscConfig config, Scope scope) {
    Patches patches = new Patches(config);
    subnetInto(config, config.index(), patches, scope);
    return finish(patches);
  }

  /**
   * Several subnet edits in one pass over the configuration: each scope whose subnet is
   * declared gets {@link #withSubnetContents}, each other scope {@link #withSubnet}; each subnet
   * of {@code removed} is removed. The subnets must differ.
   */
  static IscConfig withScopes(IscConfig config, List<Scope> scopes, List<Subnet> removed) {
    ConfigIndex index = config.index();
    Set<Subnet> seen = new HashSet<>();
    Violations v = Violations.collect();
    scopes.forEach(sc -> v.check(seen.add(sc.subnet()), "scopes", sc.subnet(), "must be edited once in one pass"));
    removed.forEach(sn -> v.check(seen.add(sn), "removed", sn, "must be edited once in one pass"));
    v.throwIfAny("subnet edits");
    Patches patches = new Patches(config);
    for (Subnet subnet : removed) {
      withoutSubnetInto(config, index, patches, subnet);
    }
    for (Scope scope : scopes) {
      if (index.subnet(scope.subnet()) == null) {
        subnetInto(config, index, patches, scope);
      } else {
        contentsInto(config, index, patches, scope, Optional.empty());
      }
    }
    return patches.isEmpty() ? config : finish(patches);
  }

  /** Several pools pointed at a peer, or at none (their own statement removed), in one pass. */
  static IscConfig withPoolPeers(IscConfig config, Map<AddressRange, Optional<String>> peers) {
    ConfigIndex index = config.index();
    Patches patches = new Patches(config);
    Map<AddressRange, ConfigIndex.PoolDecl> pools = new HashMap<>();
    for (ConfigIndex.PoolDecl p : index.pools) {
      pools.putIfAbsent(p.span(), p);
    }
    for (Map.Entry<AddressRange, Optional<String>> e : peers.entrySet()) {
      ConfigIndex.PoolDecl pool = pools.get(e.getKey());
      if (pool == null) {
        throw new NotFoundException("pool", e.getKey().toString(), "in " + config.main().name());
      }
      if (e.getValue().isPresent()) {
        requirePeer(index, e.getValue().get());
        setPoolPeer(config, patches, pool, e.getValue().get());
      } else if (pool.peerStatement != null) {
        patches.remove(pool.peerStatement);
      }
    }
    return patches.isEmpty() ? config : finish(patches);
  }

  private static void subnetInto(IscConfig config, ConfigIndex index, Patches patches, Scope scope) {
    for (Pool p : scope.pools()) {
      p.failoverPeer().ifPresent(peer -> requirePeer(index, peer));
    }
    ConfigIndex.SubnetDecl existing = index.subnet(scope.subnet());
    if (existing == null) {
      IscConfigFile main = config.main();
      ScopeWriter.Layout layout = layout(main);
      String text = ScopeWriter.subnet(scope, index.catalog, "", layout);
      text = text.substring(0, text.length() - layout.newline().length());
      patches.append(main.name(), new int[0], List.of(topLevel(main, main.nodes().size(), text, layout)));
    } else {
      IscConfigFile file = config.file(existing.ref.file()).orElseThrow();
      ScopeWriter.Layout layout = layout(file);
      String ind = indentOf(existing.ref.node());
      String text = ScopeWriter.subnet(scope, index.catalog, ind, layout);
      text = text.substring(ind.length(), text.length() - layout.newline().length());
      patches.replace(existing.ref, replaceCore(existing.ref, text, contextOf(config, existing.ref)));
      removeOutside(patches, existing);
    }
  }

  static IscConfig withoutSubnet(IscConfig config, Subnet subnet) {
    Patches patches = new Patches(config);
    withoutSubnetInto(config, config.index(), patches, subnet);
    return finish(patches);
  }

  private static void withoutSubnetInto(IscConfig config, ConfigIndex index, Patches patches, Subnet subnet) {
    ConfigIndex.SubnetDecl existing = index.subnet(subnet);
    if (existing == null) {
      throw new NotFoundException("scope", subnet.toString(), "in " + config.main().name());
    }
    patches.remove(existing.ref);
    removeOutside(patches, existing);
  }

  /** Removes the hosts and pools that belong to the subnet but are declared outside its block. */
  private static void removeOutside(Patches patches, ConfigIndex.SubnetDecl s) {
    for (ConfigIndex.HostDecl h : s.hosts) {
      if (!inside(h.ref, s.ref)) {
        patches.remove(h.ref);
      }
    }
    for (ConfigIndex.PoolDecl p : s.pools) {
      if (!inside(p.ref, s.ref)) {
        patches.remove(p.ref);
      }
    }
  }

  private static boolean inside(NodeRef inner, NodeRef outer) {
    if (!inner.file().equals(outer.file()) || inner.path().length <= outer.path().length) {
      return false;
    }
    for (int i = 0; i < outer.path().length; i++) {
      if (inner.path()[i] != outer.path()[i]) {
        return false;
      }
    }
    return true;
  }

  static IscConfig withSubnetContents(IscConfig config, Scope source, Optional<String> localPeer) {
    Patches patches = new Patches(config);
    contentsInto(config, config.index(), patches, source, localPeer);
    return patches.isEmpty() ? config : finish(patches);
  }

  private static void contentsInto(IscConfig config, ConfigIndex index, Patches patches, Scope source,
      Optional<String> localPeer) {
    ConfigIndex.SubnetDecl s = index.subnet(source.subnet());
    if (s == null) {
      throw new NotFoundException("scope", source.subnet().toString(), "in " + config.main().name());
    }
    localPeer.ifPresent(p -> requirePeer(index, p));
    Violations v = Violations.collect();
    ScopeWriter.checkProperties(source, v);
    v.throwIfAny("scope " + source.subnet() + " for dhcpd.conf");
    IscConfigFile file = config.file(s.ref.file()).orElseThrow();
    ScopeWriter.Layout layout = layout(file);
    IscBlock block = s.block();
    List<String> appendCores = new ArrayList<>();

    // lease time and options: statements of the subnet's own body
    Map<String, String> desired = new LinkedHashMap<>();
    if (!source.enabled()) {
      // keep the subnet's own way of turning booting off, when it has one
      desired.put("booting", s.booting.isEmpty() ? ScopeWriter.DISABLED : s.booting.get(0).node().toString());
    }
    source.properties().leaseTime().ifPresent(d -> desired.put("default-lease-time",
        "default-lease-time " + d.getSeconds() + ";"));
    for (OptionValue o : source.options()) {
      String line = ScopeWriter.option(o, index.catalog, v, "options");
      desired.put("option:" + o.key(), line);
    }
    v.throwIfAny("scope " + source.subnet() + " for dhcpd.conf");
    Function<IscNode, String> optionKey = n -> {
      if (!(n instanceof IscStatement)) {
        return null;
      }
      if (n.keyword().equals("default-lease-time")) {
        return "default-lease-time";
      }
      if (ScopeWriter.isBootingOff((IscStatement) n)) {
        return "booting";
      }
      if (n.keyword().equals("option") && !ConfigIndex.isDefinition((IscStatement) n)) {
        return ScopeReader.option(index, (IscStatement) n).map(o -> "option:" + o.key()).orElse(null);
      }
      return null;
    };
    List<String> missing = reconcileChildren(config, patches, s.ref, desired, optionKey, Context.SUBNET);
    // the subnet's verbatim statements are made those of the scope, in its order: the old ones go,
    // the new ones are added with the missing lease time and options
    List<String> subnetStatements = ScopeWriter.subnetStatements(source, v);
    v.throwIfAny("scope " + source.subnet() + " for dhcpd.conf");
    Set<Integer> removedOthers = new HashSet<>();
    if (!ScopeReader.subnetStatements(s).equals(source.properties().iscStatements())) {
      s.others.forEach(patches::remove);
      s.others.forEach(r -> removedOthers.add(r.path()[r.path().length - 1]));
      missing.addAll(subnetStatements);
    }
    int firstOther = -1;
    for (int i = 0; i < block.children().size(); i++) {
      IscNode c = block.children().get(i);
      if ((c instanceof IscBlock || c.keyword().equals("range")) && !removedOthers.contains(i)) {
        firstOther = i;
        break;
      }
    }
    if (!missing.isEmpty()) {
      if (firstOther >= 0) {
        insertBefore(config, patches, s.ref, firstOther, missing, Context.SUBNET);
      } else {
        appendCores.addAll(missing);
      }
    }

    // pools
    String commonPeer = localPeer.orElse(commonPeer(s));
    Map<AddressRange, Pool> wanted = new LinkedHashMap<>();
    for (Pool p : source.pools()) {
      wanted.put(p.range(), p);
    }
    Set<AddressRange> kept = new HashSet<>();
    for (ConfigIndex.PoolDecl p : s.pools) {
      AddressRange span = p.span();
      Pool w = wanted.get(span);
      if (w == null || kept.contains(span)) {
        patches.remove(p.ref);
        continue;
      }
      List<AddressRange> ranges = ScopeWriter.ranges(w, source.exclusions(), v);
      List<AddressRange> have = new ArrayList<>();
      p.ranges.forEach(r -> have.add(r.range));
      boolean sameBootp = p.ranges.stream().allMatch(r -> r.dynamicBootp == w.dynamicBootp());
      if (p.implicit) {
        boolean samePeer = localPeer.isEmpty() || localPeer.get().equals(p.inheritedPeer);
        if (!ranges.equals(have) || !samePeer || !sameBootp || !w.iscStatements().isEmpty()) {
          patches.remove(p.ref);
          continue;
        }
        kept.add(span);
        continue;
      }
      kept.add(span);
      List<String> statements = ScopeWriter.poolStatements(w, v);
      if (!ScopeReader.poolStatements(p).equals(w.iscStatements()) && statements.size() == w.iscStatements().size()) {
        // the pool's statements are made those of the scope, in its order: the old ones go, the new ones
        // are added after the pool's last statement
        p.others.forEach(patches::remove);
        if (!statements.isEmpty()) {
          patches.append(p.ref.file(), p.ref.path(), appendNodes(config, p.ref, statements, Context.POOL));
        }
      }
      if (!ranges.equals(have) || !sameBootp) {
        for (int i = 0; i < p.ranges.size(); i++) {
          ConfigIndex.RangeDecl r = p.ranges.get(i);
          if (i == 0) {
            List<IscNode> nodes = new ArrayList<>();
            IscStatement first = (IscStatement) r.ref.node();
            String ind = indentOf(first);
            StringBuilder text = new StringBuilder();
            for (int k = 0; k < ranges.size(); k++) {
              if (k > 0) {
                text.append(layout.newline()).append(ind);
              }
              text.append(ScopeWriter.range(ranges.get(k), w.dynamicBootp()));
            }
            nodes.addAll(replaceCore(r.ref, text.toString(), Context.POOL));
            patches.replace(r.ref, nodes);
          } else {
            patches.remove(r.ref);
          }
        }
      }
      if (localPeer.isPresent()) {
        setPoolPeer(config, patches, p, localPeer.get());
      }
    }
    v.throwIfAny("scope " + source.subnet() + " for dhcpd.conf");
    List<String> newPools = new ArrayList<>();
    String ind = childIndent(block, layout);
    for (Pool w : source.pools()) {
      if (!kept.contains(w.range())) {
        Pool local = dev.failover.scope.ImmutablePool.builder().from(w).failoverPeer(Optional.ofNullable(commonPeer)).build();
        String text = ScopeWriter.pool(local, ScopeWriter.ranges(w, source.exclusions(), v), ind, layout);
        newPools.add(text.substring(ind.length()));
      }
    }
    v.throwIfAny("scope " + source.subnet() + " for dhcpd.conf");
    appendCores.addAll(newPools);

    // reservations
    Map<String, Reservation> wantedHosts = new LinkedHashMap<>();
    for (Reservation r : source.reservations()) {
      wantedHosts.put(r.key(), r);
    }
    Set<String> keptHosts = new HashSet<>();
    for (ConfigIndex.HostDecl h : s.hosts) {
      Optional<Reservation> have = ScopeReader.reservation(index, h);
      if (have.isEmpty()) {
        continue;
      }
      Reservation w = wantedHosts.get(have.get().key());
      if (w == null || keptHosts.contains(have.get().key())) {
        patches.remove(h.ref);
        continue;
      }
      keptHosts.add(w.key());
      if (!w.equals(have.get()) && !w.options().containsAll(ScopeReader.groupOptions(index, h).values())) {
        // the host's group sets an option the reservation no longer has: the host leaves the group
        patches.remove(h.ref);
        String text = ScopeWriter.host(w, index.catalog, ind, layout, v);
        if (text != null) {
          appendCores.add(text.substring(ind.length()));
        }
      } else if (!w.equals(have.get())) {
        String hind = indentOf(h.ref.node());
        String text = ScopeWriter.host(w, index.catalog, hind, layout, v);
        if (text != null) {
          patches.replace(h.ref, replaceCore(h.ref, text.substring(hind.length()), contextOf(config, h.ref)));
        }
      }
    }
    for (Reservation r : source.reservations()) {
      if (!keptHosts.contains(r.key())) {
        String text = ScopeWriter.host(r, index.catalog, ind, layout, v);
        if (text != null) {
          appendCores.add(text.substring(ind.length()));
        }
      }
    }
    v.throwIfAny("scope " + source.subnet() + " for dhcpd.conf");
    if (!appendCores.isEmpty()) {
      patches.append(s.ref.file(), s.ref.path(), appendNodes(config, s.ref, appendCores, Context.SUBNET));
    }
  }

  /** The peer all the subnet's pools refer to with their own statement, when they agree on one. */
  private static String commonPeer(ConfigIndex.SubnetDecl s) {
    String peer = null;
    for (ConfigIndex.PoolDecl p : s.pools) {
      String e = p.peer != null ? p.peer : p.inheritedPeer;
      if (e == null || (peer != null && !peer.equals(e))) {
        return null;
      }
      peer = e;
    }
    return peer;
  }

  // ---------------------------------------------------------------- includes

  static IscConfig renameInclude(IscConfig config, String from, String to) {
    IscConfigFile moved = config.includes().get(from);
    if (moved == null) {
      throw new NotFoundException("include", Texts.quoted(from), "in " + config.main().name());
    }
    ScopeWriter.checkName("include", to);
    Patches patches = new Patches(config);
    String core = "include " + Syntax.quote(to) + ";";
    for (IscConfigFile f : config.files()) {
      renameIn(f.name(), f.nodes(), new int[0], from, core, patches);
    }
    IscConfig patched = patches.apply();
    java.util.Map<String, IscConfigFile> includes = new LinkedHashMap<>();
    patched.includes().forEach((name, file) -> {
      if (name.equals(from)) {
        includes.put(to, new IscConfigFile(to, file.nodes(), file.end, file.source));
      } else {
        includes.put(name, file);
      }
    });
    IscConfig result = patched.withFiles(patched.main(), includes);
    result.index();
    return result;
  }

  private static void renameIn(String file, List<IscNode> nodes, int[] prefix, String from, String core, Patches patches) {
    for (int i = 0; i < nodes.size(); i++) {
      IscNode n = nodes.get(i);
      int[] path = java.util.Arrays.copyOf(prefix, prefix.length + 1);
      path[prefix.length] = i;
      if (n instanceof IscBlock) {
        renameIn(file, ((IscBlock) n).children(), path, from, core, patches);
      } else if (n.keyword().equals("include") && Syntax.unquote(n.token(1)).equals(from)) {
        NodeRef ref = new NodeRef(file, path, n);
        patches.replace(ref, replaceCore(ref, core, Context.TOP));
      }
    }
  }

  // ---------------------------------------------------------------- shared machinery

  private static IscConfig finish(Patches patches) {
    IscConfig result = patches.apply();
    result.index();
    return result;
  }

  private static void requirePeer(ConfigIndex index, String peer) {
    if (!index.peers.containsKey(peer)) {
      throw new NotFoundException("peer", Texts.quoted(peer), "(declare it before pools refer to it)");
    }
  }

  private static ConfigIndex.PoolDecl pool(IscConfig config, ConfigIndex index, AddressRange span) {
    for (ConfigIndex.PoolDecl p : index.pools) {
      if (p.span().equals(span)) {
        return p;
      }
    }
    throw new NotFoundException("pool", span.toString(), "in " + config.main().name());
  }

  private static Context contextOf(IscConfig config, NodeRef ref) {
    IscConfigFile f = config.file(ref.file()).orElseThrow();
    Context ctx = Context.TOP;
    List<IscNode> nodes = f.nodes();
    for (int i = 0; i < ref.path().length - 1; i++) {
      IscBlock b = (IscBlock) nodes.get(ref.path()[i]);
      ctx = Context.of(b, ctx);
      nodes = b.children();
    }
    return ctx;
  }

  /** Keeps matching statements, replaces changed ones in place, removes unwanted ones; returns the missing. */
  private static List<String> reconcileChildren(IscConfig config, Patches patches, NodeRef blockRef,
      Map<String, String> desired, Function<IscNode, String> keyOf, Context ctx) {
    IscBlock block = (IscBlock) blockRef.node();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < block.children().size(); i++) {
      IscNode c = block.children().get(i);
      String key = keyOf.apply(c);
      if (key == null) {
        continue;
      }
      NodeRef ref = child(blockRef, i, c);
      if (!desired.containsKey(key) || !seen.add(key)) {
        patches.remove(ref);
        continue;
      }
      String core = desired.get(key);
      List<IscNode> parsed = fragment(blockRef.file(), core, ctx);
      if (!parsed.get(0).tokens().equals(c.tokens())) {
        patches.replace(ref, replaceCore(ref, core, ctx));
      }
    }
    List<String> missing = new ArrayList<>();
    desired.forEach((k, core) -> {
      if (!seen.contains(k)) {
        missing.add(core);
      }
    });
    return missing;
  }

  private static void reconcile(IscConfig config, Patches patches, NodeRef blockRef, Map<String, String> desired,
      Function<IscNode, String> keyOf, Context ctx) {
    List<String> missing = reconcileChildren(config, patches, blockRef, desired, keyOf, ctx);
    if (!missing.isEmpty()) {
      patches.append(blockRef.file(), blockRef.path(), appendNodes(config, blockRef, missing, ctx));
    }
  }

  private static NodeRef child(NodeRef parent, int i, IscNode node) {
    int[] path = java.util.Arrays.copyOf(parent.path(), parent.path().length + 1);
    path[path.length - 1] = i;
    return new NodeRef(parent.file(), path, node);
  }

  /** Nodes to add at the end of a block's body, laid out like its other statements. */
  private static List<IscNode> appendNodes(IscConfig config, NodeRef blockRef, List<String> cores, Context ctx) {
    IscBlock block = (IscBlock) blockRef.node();
    ScopeWriter.Layout layout = layout(config.file(blockRef.file()).orElseThrow());
    String ind = childIndent(block, layout);
    boolean newline = block.children().isEmpty() ? block.head.text().endsWith("\n")
        : endsWithNewline(block.children().get(block.children().size() - 1));
    StringBuilder text = new StringBuilder();
    if (!newline) {
      text.append(layout.newline());
    }
    for (String core : cores) {
      text.append(ind).append(core).append(layout.newline());
    }
    return fragment(blockRef.file(), text.toString(), ctx);
  }

  /** Inserts statements before child {@code index} of a block. */
  private static void insertBefore(IscConfig config, Patches patches, NodeRef blockRef, int index, List<String> cores,
      Context ctx) {
    IscBlock block = (IscBlock) blockRef.node();
    IscNode before = block.children().get(index);
    ScopeWriter.Layout layout = layout(config.file(blockRef.file()).orElseThrow());
    boolean inline = !before.leadingTrivia().contains("\n")
        && !(index == 0 ? block.head.text().endsWith("\n") : endsWithNewline(block.children().get(index - 1)));
    String ind = inline ? " " : indentOf(before);
    StringBuilder text = new StringBuilder();
    for (String core : cores) {
      // a comment runs to the end of the line: after one, what follows starts a new line
      text.append(inline ? " " : ind).append(core).append(inline && core.indexOf('#') < 0 ? "" : layout.newline());
    }
    patches.insertBefore(child(blockRef, index, before), fragment(blockRef.file(), text.toString(), ctx));
  }

  private static void insertFirst(IscConfig config, Patches patches, NodeRef blockRef, String core, Context ctx) {
    IscBlock block = (IscBlock) blockRef.node();
    if (block.children().isEmpty()) {
      patches.append(blockRef.file(), blockRef.path(), appendNodes(config, blockRef, List.of(core), ctx));
    } else {
      insertBefore(config, patches, blockRef, 0, List.of(core), ctx);
    }
  }

  /** The node's text with a new core: same leading trivia, same trailing comment and line end. */
  private static List<IscNode> replaceCore(NodeRef ref, String core, Context ctx) {
    return replaceCore(ref, core, ctx, null);
  }

  /**
   * As {@link #replaceCore(NodeRef, String, Context)}; when the node has the same trivia as the
   * node that produced {@code previous}, reuses it (rewiring thousands of pools parses once per
   * layout, not once per pool).
   */
  private static List<IscNode> replaceCore(NodeRef ref, String core, Context ctx, List<IscNode> previous) {
    IscNode n = ref.node();
    String trailing = n instanceof IscStatement ? ((IscStatement) n).trailingTrivia() : ((IscBlock) n).tail.trailing();
    String text = n.leadingTrivia() + core + trailing;
    if (previous != null && previous.size() == 1 && previous.get(0).text().equals(text)
        && Objects.equals(previous.get(0).file(), ref.file())) {
      return previous;
    }
    return fragment(ref.file(), text, ctx);
  }


  static List<IscNode> fragment(String file, String text, Context ctx) {
    return Parser.parseFragment(new Source(file, text, true), ctx);
  }

  /** A new top-level node at the end of a file, separated from what precedes it by a blank line. */
  private static IscNode topLevel(IscConfigFile file, int count, String body, ScopeWriter.Layout layout) {
    String text;
    if (count == 0) {
      text = body + layout.newline();
    } else {
      IscNode last = file.nodes().get(count - 1);
      text = (endsWithNewline(last) ? "" : layout.newline()) + layout.newline() + body + layout.newline();
    }
    return fragment(file.name(), text, Context.TOP).get(0);
  }

  static boolean endsWithNewline(IscNode n) {
    String t = n instanceof IscStatement ? ((IscStatement) n).trailingTrivia() : ((IscBlock) n).tail.trailing();
    return t.endsWith("\n");
  }

  /** The whitespace before a node on its line. */
  static String indentOf(IscNode n) {
    String leading = n.leadingTrivia();
    int cut = leading.lastIndexOf('\n');
    String ind = cut >= 0 ? leading.substring(cut + 1) : leading;
    return ind.isBlank() ? ind : "";
  }

  /** The indentation of a block's statements: its first statement on a line of its own, else one unit more. */
  static String childIndent(IscBlock block, ScopeWriter.Layout layout) {
    for (IscNode c : block.children()) {
      if (c.leadingTrivia().contains("\n") || block.head.text().endsWith("\n")) {
        return indentOf(c);
      }
    }
    return indentOf(block) + layout.unit();
  }

  /** The indentation unit and line end a file uses (two spaces and LF when it shows none). */
  static ScopeWriter.Layout layout(IscConfigFile file) {
    String text = file.source.text();
    String newline = text.contains("\r\n") ? "\r\n" : "\n";
    String unit = unit(file.nodes(), "");
    return new ScopeWriter.Layout(unit == null ? "  " : unit, newline);
  }

  private static String unit(List<IscNode> nodes, String outer) {
    for (IscNode n : nodes) {
      if (n instanceof IscBlock) {
        IscBlock b = (IscBlock) n;
        String own = indentOf(b);
        for (IscNode c : b.children()) {
          String ci = indentOf(c);
          if (b.head.text().endsWith("\n") && ci.length() > own.length() && ci.startsWith(own)) {
            return ci.substring(own.length());
          }
        }
      }
    }
    return null;
  }
}
