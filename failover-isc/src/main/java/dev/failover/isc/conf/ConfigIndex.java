package dev.failover.isc.conf;

import dev.failover.scope.AddressRange;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.Subnet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One pass over a configuration, includes followed where they stand, that finds the
 * declarations the typed views and edits work on, and applies the rules dhcpd applies in file
 * order: a peer is declared once and before any reference to it, host names are unique, and no
 * {@code range dynamic-bootp} stands where a failover peer governs the pool.
 */
final class ConfigIndex {

  static final class PeerDecl {
    final IscPeerStatement peer;
    final NodeRef ref;

    PeerDecl(IscPeerStatement peer, NodeRef ref) {
      this.peer = peer;
      this.ref = ref;
    }
  }

  static final class RangeDecl {
    final NodeRef ref;
    final AddressRange range;
    final boolean dynamicBootp;

    RangeDecl(NodeRef ref, AddressRange range, boolean dynamicBootp) {
      this.ref = ref;
      this.range = range;
      this.dynamicBootp = dynamicBootp;
    }
  }

  static final class PoolDecl {
    final NodeRef ref;
    final boolean implicit;
    final List<RangeDecl> ranges = new ArrayList<>();
    /** The pool's own statements besides its ranges and its failover peer reference, in file order. */
    final List<NodeRef> others = new ArrayList<>();
    NodeRef peerStatement;
    String peer;
    String inheritedPeer;
    SubnetDecl subnet;

    PoolDecl(NodeRef ref, boolean implicit) {
      this.ref = ref;
      this.implicit = implicit;
    }

    AddressRange span() {
      Ipv4Address lo = ranges.get(0).range.start();
      Ipv4Address hi = ranges.get(0).range.end();
      for (RangeDecl r : ranges) {
        lo = r.range.start().compareTo(lo) < 0 ? r.range.start() : lo;
        hi = r.range.end().compareTo(hi) > 0 ? r.range.end() : hi;
      }
      return AddressRange.of(lo, hi);
    }
  }

  static final class SubnetDecl {
    final NodeRef ref;
    final Subnet subnet;
    final String inheritedPeer;
    final List<NodeRef> options = new ArrayList<>();
    NodeRef leaseTime;
    /** {@code ignore booting;} and {@code deny booting;} in the subnet's own body: the subnet answers no client. */
    final List<NodeRef> booting = new ArrayList<>();
    /**
     * The statements of the subnet's own body besides its options, option definitions, lease time,
     * booting switch, ranges, includes and failover references ({@code max-lease-time},
     * {@code filename}, {@code next-server}, permits, …), and its blocks other than pools, hosts,
     * groups and classes ({@code if …}): the scope's {@code iscStatements}.
     */
    final List<NodeRef> others = new ArrayList<>();
    final List<PoolDecl> pools = new ArrayList<>();
    final List<HostDecl> hosts = new ArrayList<>();

    SubnetDecl(NodeRef ref, Subnet subnet, String inheritedPeer) {
      this.ref = ref;
      this.subnet = subnet;
      this.inheritedPeer = inheritedPeer;
    }

    IscBlock block() {
      return (IscBlock) ref.node();
    }
  }

  static final class HostDecl {
    final NodeRef ref;
    final String name;
    String hardwareEthernet;
    NodeRef hardwareRef;
    String fixedAddress;
    boolean fixedAddressSimple;
    NodeRef fixedAddressRef;
    final List<NodeRef> options = new ArrayList<>();
    /** The option statements of the {@code group} blocks around the host, outermost first. */
    final List<NodeRef> groupOptions = new ArrayList<>();
    /**
     * The host's own statements and blocks besides its hardware ethernet, fixed address and options
     * ({@code filename}, {@code next-server}, {@code ddns-hostname}, {@code if …}), in file order:
     * the reservation's {@code iscStatements}.
     */
    final List<NodeRef> others = new ArrayList<>();

    HostDecl(NodeRef ref, String name) {
      this.ref = ref;
      this.name = name;
    }

    IscBlock block() {
      return (IscBlock) ref.node();
    }
  }

  final Map<String, PeerDecl> peers = new LinkedHashMap<>();
  /**
   * Peer declarations dhcpd accepts that the SDK cannot hold (a port above 65535, a number above
   * 4294967295, …), by name, each located: left out of {@link #peers}.
   */
  final Map<String, IscConfigException> peerProblems = new LinkedHashMap<>();
  /**
   * Subnet declarations dhcpd accepts that the scope model cannot hold, each located: a subnet
   * declared twice, one whose contents break the scope's rules (two hosts with one fixed
   * address, …). Left out of the scope view, refused by edits.
   */
  final Map<Subnet, IscConfigException> subnetProblems = new LinkedHashMap<>();
  /** Further located problems of declarations left out of the views (a subnet with a netmask no prefix length says). */
  final List<IscConfigException> otherProblems = new ArrayList<>();
  private volatile Map<Subnet, dev.failover.scope.Scope> scopeView;
  final List<NodeRef> sharedNetworkReferences = new ArrayList<>();
  final List<NodeRef> stateRecords = new ArrayList<>();
  final List<SubnetDecl> subnets = new ArrayList<>();
  final List<PoolDecl> pools = new ArrayList<>();
  final List<HostDecl> hosts = new ArrayList<>();
  final OptionCatalog catalog = OptionCatalog.standard();
  private final Set<String> hostNames = new HashSet<>();
  private final TreeMap<Long, SubnetDecl> byNetwork = new TreeMap<>();
  private final IscConfig config;
  private final java.util.Deque<List<NodeRef>> groups = new java.util.ArrayDeque<>();
  private int includeDepth;

  private ConfigIndex(IscConfig config) {
    this.config = config;
  }

  static ConfigIndex build(IscConfig config) {
    ConfigIndex index = new ConfigIndex(config);
    IscConfigFile main = config.main();
    index.walk(main, main.nodes(), new int[0], Context.TOP, null, null, null);
    index.assign();
    return index;
  }

  private void walk(IscConfigFile file, List<IscNode> nodes, int[] prefix, Context ctx, String sharedPeer,
      SubnetDecl subnet, PoolDecl pool) {
    for (int i = 0; i < nodes.size(); i++) {
      IscNode node = nodes.get(i);
      int[] path = Arrays.copyOf(prefix, prefix.length + 1);
      path[prefix.length] = i;
      NodeRef ref = new NodeRef(file.name(), path, node);
      if (node instanceof IscStatement) {
        statement((IscStatement) node, ref, file, ctx, sharedPeer, subnet, pool);
      } else {
        block((IscBlock) node, ref, file, ctx, sharedPeer, subnet, pool);
      }
    }
  }

  private void statement(IscStatement st, NodeRef ref, IscConfigFile file, Context ctx, String sharedPeer,
      SubnetDecl subnet, PoolDecl pool) {
    String k = st.token(0);
    switch (k) {
      case "include": {
        String name = Syntax.unquote(st.token(1));
        IscConfigFile included = config.file(name).orElseThrow(
            () -> ConfChecks.at(st.segment, 1, "expected an included file that can be read"));
        if (++includeDepth > IscConfig.MAX_INCLUDE_DEPTH) {
          throw ConfChecks.at(st.segment, 1, "expected includes nested at most " + IscConfig.MAX_INCLUDE_DEPTH + " deep");
        }
        walk(included, included.nodes(), new int[0], ctx, sharedPeer, subnet, pool);
        includeDepth--;
        break;
      }
      case "failover": {
        String name = Syntax.nameValue(st.token(2));
        if (!peers.containsKey(name) && !peerProblems.containsKey(name)) {
          throw ConfChecks.at(st.segment, 2, "expected a failover peer declared before this reference (dhcpd: \"failover"
              + " peer " + name + ": not found\")");
        }
        if (ctx == Context.SHARED_NETWORK) {
          sharedNetworkReferences.add(ref);
        }
        break;
      }
      case "range":
        if (ctx == Context.SUBNET && pool == null && subnet != null) {
          PoolDecl implicit = new PoolDecl(ref, true);
          implicit.ranges.add(range(st, ref));
          implicit.inheritedPeer = sharedPeer;
          implicit.subnet = subnet;
          subnet.pools.add(implicit);
          pools.add(implicit);
          checkBootp(implicit, implicit.ranges.get(0));
        }
        break;
      case "option":
        definition(st);
        break;
      default:
        break;
    }
  }

  private void block(IscBlock b, NodeRef ref, IscConfigFile file, Context ctx, String sharedPeer, SubnetDecl subnet,
      PoolDecl pool) {
    String k = b.token(0);
    Context inner = Context.of(b, ctx);
    switch (k) {
      case "failover": {
        String name = Syntax.nameValue(b.token(2));
        if (inner == Context.PEER_STATE) {
          if (!peers.containsKey(name) && !peerProblems.containsKey(name)) {
            throw ConfChecks.at(b.head, 2, "expected a failover peer declared before its state record (dhcpd: \"state"
                + " declaration for unknown failover peer " + name + "\")");
          }
          stateRecords.add(ref);
          return;
        }
        if (peers.containsKey(name) || peerProblems.containsKey(name)) {
          throw ConfChecks.at(b.head, 2, "expected each failover peer declared once (dhcpd: \"redeclaration of failover"
              + " peer\")");
        }
        try {
          peers.put(name, new PeerDecl(PeerReader.read(b), ref));
        } catch (IscConfigException e) {
          peerProblems.put(name, e);
        }
        return;
      }
      case "shared-network": {
        String peer = sharedPeer;
        for (IscNode c : b.children()) {
          if (c instanceof IscStatement && c.keyword().equals("failover")) {
            peer = Syntax.nameValue(c.token(2));
          }
        }
        walk(file, b.children(), ref.path(), inner, peer, null, null);
        return;
      }
      case "subnet": {
        Subnet net;
        try {
          net = Subnet.of(Syntax.address(b.token(1)), Syntax.address(b.token(3)));
        } catch (dev.failover.errors.ValidationException e) {
          otherProblems.add(ConfChecks.at(b.head, 3, "expected a netmask the scope model can hold (a contiguous one):"
              + " this subnet is left out"));
          walk(file, b.children(), ref.path(), inner, sharedPeer, new SubnetDecl(ref, null, sharedPeer), null);
          return;
        }
        SubnetDecl decl = new SubnetDecl(ref, net, sharedPeer);
        for (int i = 0; i < b.children().size(); i++) {
          IscNode c = b.children().get(i);
          if (c instanceof IscStatement) {
            String ck = c.keyword();
            if (ck.equals("option") && !isDefinition((IscStatement) c)) {
              decl.options.add(child(ref, i, c));
            } else if (ck.equals("default-lease-time")) {
              decl.leaseTime = child(ref, i, c);
            } else if (ScopeWriter.isBootingOff((IscStatement) c)) {
              decl.booting.add(child(ref, i, c));
            } else if (ScopeWriter.isSubnetStatement((IscStatement) c)) {
              decl.others.add(child(ref, i, c));
            }
          } else if (ScopeWriter.isPoolBlock((IscBlock) c)) {
            decl.others.add(child(ref, i, c));
          }
        }
        SubnetDecl clash = byNetwork.get(net.network().toLong());
        if (clash != null) {
          IscConfigException e = ConfChecks.at(b.head, 1, "expected each subnet declared once (also declared in "
              + clash.ref.file() + " line " + clash.ref.line() + "; dhcpd only warns that they overlap): the scope "
              + net + " is left out until one declaration remains");
          if (clash.subnet.equals(net)) {
            subnetProblems.putIfAbsent(net, e);
          } else {
            otherProblems.add(e);
          }
          walk(file, b.children(), ref.path(), inner, sharedPeer, new SubnetDecl(ref, null, sharedPeer), null);
          return;
        }
        byNetwork.put(net.network().toLong(), decl);
        subnets.add(decl);
        walk(file, b.children(), ref.path(), inner, sharedPeer, decl, null);
        return;
      }
      case "pool": {
        PoolDecl decl = new PoolDecl(ref, false);
        decl.inheritedPeer = sharedPeer;
        decl.subnet = subnet;
        for (int i = 0; i < b.children().size(); i++) {
          IscNode c = b.children().get(i);
          if (c instanceof IscStatement && c.keyword().equals("failover")) {
            decl.peer = Syntax.nameValue(c.token(2));
            decl.peerStatement = child(ref, i, c);
          } else if (c instanceof IscStatement && !c.keyword().equals("range") && !c.keyword().equals("include")) {
            decl.others.add(child(ref, i, c));
          } else if (c instanceof IscBlock && ScopeWriter.isPoolBlock((IscBlock) c)) {
            decl.others.add(child(ref, i, c));
          }
        }
        for (int i = 0; i < b.children().size(); i++) {
          IscNode c = b.children().get(i);
          if (c instanceof IscStatement && c.keyword().equals("range")) {
            RangeDecl r = range((IscStatement) c, child(ref, i, c));
            decl.ranges.add(r);
            checkBootp(decl, r);
          }
        }
        if (!decl.ranges.isEmpty()) {
          decl.ranges.sort((x, y) -> x.range.compareTo(y.range));
          pools.add(decl);
          if (subnet != null) {
            subnet.pools.add(decl);
          }
        }
        walk(file, b.children(), ref.path(), inner, sharedPeer, subnet, decl);
        return;
      }
      case "host": {
        String name = b.token(1);
        if (!hostNames.add(name)) {
          throw ConfChecks.at(b.head, 1, "expected each host name declared once (dhcpd: \"host " + name
              + ": already exists\")");
        }
        HostDecl h = host(b, ref);
        groups.descendingIterator().forEachRemaining(h.groupOptions::addAll);
        hosts.add(h);
        walk(file, b.children(), ref.path(), inner, sharedPeer, subnet, pool);
        return;
      }
      case "group": {
        List<NodeRef> options = new ArrayList<>();
        for (int i = 0; i < b.children().size(); i++) {
          IscNode c = b.children().get(i);
          if (c instanceof IscStatement && c.keyword().equals("option") && !isDefinition((IscStatement) c)) {
            options.add(child(ref, i, c));
          }
        }
        groups.push(options);
        walk(file, b.children(), ref.path(), inner, sharedPeer, subnet, pool);
        groups.pop();
        return;
      }
      default:
        walk(file, b.children(), ref.path(), inner, sharedPeer, subnet, pool);
    }
  }

  private static NodeRef child(NodeRef parent, int i, IscNode node) {
    int[] path = Arrays.copyOf(parent.path(), parent.path().length + 1);
    path[path.length - 1] = i;
    return new NodeRef(parent.file(), path, node);
  }

  private RangeDecl range(IscStatement st, NodeRef ref) {
    int i = 1;
    boolean bootp = st.token(1).equals("dynamic-bootp");
    if (bootp) {
      i++;
    }
    Ipv4Address lo = Syntax.address(st.token(i));
    Ipv4Address hi = st.tokenCount() > i + 1 ? Syntax.address(st.token(i + 1)) : lo;
    if (lo.compareTo(hi) > 0) {
      Ipv4Address t = lo;
      lo = hi;
      hi = t;
    }
    return new RangeDecl(ref, AddressRange.of(lo, hi), bootp);
  }

  private void checkBootp(PoolDecl pool, RangeDecl r) {
    if (r.dynamicBootp && (pool.peer != null || pool.inheritedPeer != null)) {
      throw ConfChecks.at(((IscStatement) r.ref.node()).segment, 1, "expected no dynamic-bootp flag where a failover peer"
          + " governs the pool (dhcpd: \"dynamic-bootp flag is not permitted for address range declarations where"
          + " there is a failover peer in scope\")");
    }
  }

  static boolean isDefinition(IscStatement st) {
    return st.tokenCount() >= 2 && (st.token(1).equals("space") || (st.tokenCount() >= 4 && st.token(2).equals("code")));
  }

  private void definition(IscStatement st) {
    if (st.tokenCount() < 6 || !st.token(2).equals("code") || !st.token(4).equals("=")) {
      return;
    }
    String name = st.token(1);
    String code = st.token(3);
    if (!code.matches("[0-9]{1,3}")) {
      return;
    }
    int dot = name.indexOf('.');
    String space = dot < 0 ? "dhcp" : name.substring(0, dot);
    String bare = dot < 0 ? name : name.substring(dot + 1);
    boolean text = st.tokenCount() == 6 && st.token(5).equals("text");
    catalog.define(space, bare, Integer.parseInt(code), text);
  }

  private HostDecl host(IscBlock b, NodeRef ref) {
    HostDecl h = new HostDecl(ref, b.token(1));
    for (int i = 0; i < b.children().size(); i++) {
      IscNode c = b.children().get(i);
      if (!(c instanceof IscStatement)) {
        h.others.add(child(ref, i, c));
        continue;
      }
      IscStatement st = (IscStatement) c;
      if (ScopeWriter.isHostStatement(st)) {
        h.others.add(child(ref, i, c));
        continue;
      }
      switch (st.keyword()) {
        case "hardware":
          if (st.tokenCount() >= 3 && st.segment.tokenIs(1, "ethernet")) {
            String raw = st.segment.span(2, st.tokenCount());
            h.hardwareEthernet = raw.indexOf(' ') < 0 && raw.indexOf('\t') < 0 && raw.indexOf('\n') < 0
                && raw.indexOf('#') < 0 ? raw : String.join("", st.tokens().subList(2, st.tokenCount()));
            h.hardwareRef = child(ref, i, c);
          }
          break;
        case "fixed-address":
          h.fixedAddressRef = child(ref, i, c);
          String address = st.tokenCount() == 2 ? st.token(1) : null;
          h.fixedAddressSimple = address != null && Syntax.isIpv4(address);
          h.fixedAddress = h.fixedAddressSimple ? address : null;
          break;
        case "option":
          if (!isDefinition(st)) {
            h.options.add(child(ref, i, c));
          }
          break;
        default:
          break;
      }
    }
    return h;
  }

  /** Gives every pool outside a subnet, and every host, the subnet that contains its addresses. */
  private void assign() {
    for (PoolDecl p : pools) {
      if (p.subnet == null) {
        p.subnet = containing(p.ranges.get(0).range.start());
        if (p.subnet != null) {
          p.subnet.pools.add(p);
        }
      }
    }
    for (HostDecl h : hosts) {
      if (h.fixedAddress != null) {
        SubnetDecl s = containing(Syntax.address(h.fixedAddress));
        if (s != null) {
          s.hosts.add(h);
        }
      }
    }
  }

  /** The scopes of the subnets that can be read, by subnet, in file order; others get a problem. */
  Map<Subnet, dev.failover.scope.Scope> scopes() {
    Map<Subnet, dev.failover.scope.Scope> view = scopeView;
    if (view == null) {
      view = new LinkedHashMap<>();
      for (SubnetDecl s : subnets) {
        if (subnetProblems.containsKey(s.subnet)) {
          continue;
        }
        try {
          view.put(s.subnet, ScopeReader.scope(this, s));
        } catch (IscConfigException e) {
          synchronized (subnetProblems) {
            subnetProblems.putIfAbsent(s.subnet, e);
          }
        }
      }
      scopeView = view;
    }
    return view;
  }

  /** Every located problem of a declaration left out of the views, in file order. */
  List<IscConfigException> problems() {
    scopes();
    List<IscConfigException> out = new ArrayList<>(peerProblems.values());
    out.addAll(subnetProblems.values());
    out.addAll(otherProblems);
    out.sort(java.util.Comparator.comparing(IscConfigException::file).thenComparingInt(IscConfigException::line));
    return out;
  }

  SubnetDecl containing(Ipv4Address address) {
    Map.Entry<Long, SubnetDecl> e = byNetwork.floorEntry(address.toLong());
    for (int step = 0; e != null && step < 8; step++) {
      if (e.getValue().subnet.contains(address)) {
        return e.getValue();
      }
      e = byNetwork.lowerEntry(e.getKey());
    }
    return null;
  }

  SubnetDecl subnet(Subnet subnet) {
    SubnetDecl d = byNetwork.get(subnet.network().toLong());
    return d != null && d.subnet.equals(subnet) ? d : null;
  }
}
