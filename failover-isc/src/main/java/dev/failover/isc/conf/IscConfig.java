package dev.failover.isc.conf;

import dev.failover.errors.Violation;
import dev.failover.errors.Violations;
import dev.failover.scope.AddressRange;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A dhcpd configuration: the main file and every file it includes, each a lossless tree, with
 * typed views (scopes, failover peers, pools) and edits. Immutable: an edit returns a new
 * configuration in which every byte the edit does not change is the same as before, in every file.
 *
 * <pre>{@code
 * IscConfig config = IscConfig.read(Path.of("/etc/dhcp/dhcpd.conf"));
 * IscConfig next = config.withPoolsRewired("fo-old", "fo-new");
 * Map<String, String> files = next.renderFiles();   // file name -> text, main file first
 * }</pre>
 *
 * <p>Parsing applies the grammar and the rules dhcpd 4.4.3 applies while it parses; anything it
 * refuses is an {@link IscConfigException} naming the file, line and column. Text is held as
 * ISO-8859-1 (one char per byte), so any file, whatever its encoding, is rendered back byte for
 * byte; see {@link #decode(byte[])} and {@link #encode(String)}.
 */
public final class IscConfig {

  static final int MAX_INCLUDE_DEPTH = 16;

  private final IscConfigFile main;
  private final Map<String, IscConfigFile> includes;
  private volatile ConfigIndex index;

  IscConfig(IscConfigFile main, Map<String, IscConfigFile> includes) {
    this.main = main;
    this.includes = Collections.unmodifiableMap(new LinkedHashMap<>(includes));
  }

  /**
   * Parses a configuration without include statements, named {@code dhcpd.conf} in messages.
   *
   * @param text the configuration's text
   * @return the parsed configuration
   */
  public static IscConfig parse(String text) {
    return parse("dhcpd.conf", text, IncludeResolver.none());
  }

  /**
   * Parses the main file {@code name} with text {@code text}; include statements are followed
   * through {@code includes} and each included file is parsed as its own tree.
   *
   * @param name the main file's name, for messages
   * @param text the main file's text
   * @param includes reads each included file
   * @return the parsed configuration
   */
  public static IscConfig parse(String name, String text, IncludeResolver includes) {
    IscConfigFile mainFile = Parser.parseFile(new Source(name, text, false), Context.TOP);
    Map<String, IscConfigFile> loaded = new LinkedHashMap<>();
    Deque<String> open = new ArrayDeque<>();
    open.push(name);
    load(mainFile, includes, loaded, open);
    IscConfig config = new IscConfig(mainFile, loaded);
    ParseChecks.check(config);
    return config;
  }

  /**
   * Reads the main file at {@code path} and the files it includes (a relative include name is
   * resolved against the main file's directory).
   *
   * @param path the main file
   * @return the parsed configuration
   * @throws IOException when a file cannot be read
   */
  public static IscConfig read(Path path) throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    IncludeResolver resolver = name -> {
      Path p = Path.of(name);
      Path file = p.isAbsolute() ? p : dir.resolve(p);
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      try {
        return Optional.of(decode(Files.readAllBytes(file)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
    String text = decode(Files.readAllBytes(path));
    try {
      return parse(path.toString(), text, resolver);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * {@return a file's bytes as the text this class works on: one ISO-8859-1 char per byte}
   *
   * @param bytes the file's bytes
   */
  public static String decode(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /**
   * {@return the bytes to write for a rendered text: ISO-8859-1 (the inverse of {@link #decode(byte[])})
   * when every char fits a byte, which is always so for text read from files and rendered by
   * edits; UTF-8 when the text was given as a Java string with wider characters}
   *
   * @param text the rendered text
   */
  public static byte[] encode(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0xff) {
        return text.getBytes(StandardCharsets.UTF_8);
      }
    }
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Parses the files that {@code file}'s include statements name, in file order, each where it is included. */
  private static void load(IscConfigFile file, IncludeResolver resolver, Map<String, IscConfigFile> loaded,
      Deque<String> open) {
    FlatTree tree = file.tree;
    Parser lexer = new Parser(tree.source);
    for (int i = 0; i < tree.includeCount(); i++) {
      lexer.lexNode(tree.lead(tree.includeRow(i)));
      Segment st = lexer.segment();
      String name = Syntax.unquote(st.token(1));
      if (open.contains(name)) {
        throw ConfChecks.at(st, 1, "expected no include cycle (" + name + " includes itself)");
      }
      if (open.size() > MAX_INCLUDE_DEPTH) {
        throw ConfChecks.at(st, 1, "expected includes nested at most " + MAX_INCLUDE_DEPTH + " deep");
      }
      if (loaded.containsKey(name)) {
        continue;
      }
      String text = resolver.read(name).orElseThrow(
          () -> ConfChecks.at(st, 1, "expected an included file that can be read"));
      IscConfigFile included = Parser.parseFile(new Source(name, text, false), tree.includeContext(i));
      loaded.put(name, included);
      open.push(name);
      load(included, resolver, loaded, open);
      open.pop();
    }
  }

  /**
   * The index of the declarations, built when first needed: a parse applies the rules it checks
   * ({@link ParseChecks}) without building it.
   */
  ConfigIndex index() {
    ConfigIndex i = index;
    if (i == null) {
      synchronized (this) {
        i = index;
        if (i == null) {
          i = ConfigIndex.build(this);
          index = i;
        }
      }
    }
    return i;
  }

  /** {@return the main file} */
  public IscConfigFile main() {
    return main;
  }

  /** {@return every file: the main file first, then the included files in the order they were first included} */
  public List<IscConfigFile> files() {
    List<IscConfigFile> all = new ArrayList<>(includes.size() + 1);
    all.add(main);
    all.addAll(includes.values());
    return Collections.unmodifiableList(all);
  }

  /**
   * {@return the file with that name (the main file's name, or an include's name as the statement writes it)}
   *
   * @param name the file's name
   */
  public Optional<IscConfigFile> file(String name) {
    if (name.equals(main.name())) {
      return Optional.of(main);
    }
    return Optional.ofNullable(includes.get(name));
  }

  /** {@return the main file's text} */
  public String render() {
    return main.render();
  }

  /** {@return every file's text by name, the main file first} */
  public Map<String, String> renderFiles() {
    Map<String, String> out = new LinkedHashMap<>();
    for (IscConfigFile f : files()) {
      out.put(f.name(), f.render());
    }
    return Collections.unmodifiableMap(out);
  }

  // ---- views ----

  /**
   * {@return every subnet declaration as a scope, in file order} A {@code pool} is one pool spanning its
   * ranges, the gaps between its ranges are the scope's exclusions; a {@code range} outside any
   * pool is a pool of its own; a host with one fixed IPv4 address in the subnet and a
   * {@code hardware ethernet} (else a {@code dhcp-client-identifier}) is a reservation, wherever
   * it is declared; {@code default-lease-time} is the lease time; options dhcpd has a name for
   * are option values (text options decoded, others in dhcpd's notation with one canonical
   * spacing). What the model cannot hold (pool-level options, several fixed addresses, class
   * statements …) is left out of the view and left alone by edits. A subnet whose contents break
   * the scope's rules (overlapping pools, one address reserved twice) is an
   * {@link IscConfigException} located at the subnet.
   */
  public List<Scope> scopes() {
    return List.copyOf(index().scopes().values());
  }

  /**
   * {@return the scope of the subnet declared for {@code subnet}; empty when it is not declared or cannot be read}
   *
   * @param subnet the subnet
   */
  public Optional<Scope> scope(Subnet subnet) {
    return Optional.ofNullable(index().scopes().get(subnet));
  }

  /**
   * {@return what dhcpd accepts but the SDK cannot hold, each located (file, line, column) on the
   * declaration it concerns, in file order: such a declaration is left out of {@link #scopes()}
   * and {@link #peers()}, and the rest is read} A subnet declared twice, a subnet whose contents
   * break the scope's rules (two hosts with one fixed address, overlapping pools), a netmask that
   * is not contiguous, a failover peer with a port above 65535 or a number above 4294967295.
   */
  public List<IscConfigException> unreadable() {
    return List.copyOf(index().problems());
  }

  /** {@return the declared subnets that {@link #unreadable()} leaves out of the scopes} */
  public java.util.Set<Subnet> unreadableSubnets() {
    index().scopes();
    return java.util.Set.copyOf(index().subnetProblems.keySet());
  }

  /**
   * {@return where the peer is declared, as {@code file:line}; empty for a dormant or undeclared peer}
   *
   * @param peer the peer's name
   */
  public Optional<String> location(String peer) {
    ConfigIndex.PeerDecl d = index().peers.get(peer);
    return d == null ? Optional.empty() : Optional.of(d.ref.file() + ":" + d.ref.line());
  }

  /** {@return the failover peers whose declarations {@link #unreadable()} leaves out of the peers} */
  public java.util.Set<String> unreadablePeers() {
    return java.util.Set.copyOf(index().peerProblems.keySet());
  }

  /** {@return the subnets declared, in file order} */
  public List<Subnet> subnets() {
    return index().subnets.stream().map(s -> s.subnet).collect(Collectors.toUnmodifiableList());
  }

  /** {@return every failover peer declaration, in file order} */
  public List<IscPeerStatement> peers() {
    return index().peers.values().stream().map(p -> p.peer).collect(Collectors.toUnmodifiableList());
  }

  /**
   * {@return the failover peer declared with that name}
   *
   * @param name the peer's name
   */
  public Optional<IscPeerStatement> peer(String name) {
    return Optional.ofNullable(index().peers.get(name)).map(p -> p.peer);
  }

  /**
   * {@return every dormant failover peer declaration (see {@link #withPeerDormant(String)}), in file order} dhcpd does not see them; the failover SDK counts them among the server's peers.
   *
   * @throws IscConfigException when lines marked dormant do not hold failover peer declarations
   *
   */
  public List<IscPeerStatement> dormantPeers() {
    return Dormant.scan(this).stream().map(Dormant.Entry::peer).collect(Collectors.toUnmodifiableList());
  }

  /** {@return every pool (and every range outside a pool), in file order} */
  public List<IscPoolReference> pools() {
    return index().pools.stream().map(ScopeReader::pool).collect(Collectors.toUnmodifiableList());
  }

  /**
   * {@return the pools that each declared peer governs (by their own reference or their shared-network's),
   * every declared peer present, in declaration order}
   */
  public Map<String, List<IscPoolReference>> poolsByPeer() {
    Map<String, List<IscPoolReference>> out = new LinkedHashMap<>();
    for (String name : index().peers.keySet()) {
      out.put(name, new ArrayList<>());
    }
    for (ConfigIndex.PoolDecl p : index().pools) {
      String peer = p.peer != null ? p.peer : p.inheritedPeer;
      if (peer != null && out.containsKey(peer)) {
        out.get(peer).add(ScopeReader.pool(p));
      }
    }
    out.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(out);
  }

  /**
   * {@return what dhcpd 4.4.3 refuses after parsing ("Failover configuration sanity check failed"): a
   * declared peer that no pool refers to with its own {@code failover peer} statement (a
   * shared-network's reference does not count, as {@code dhcpd -t} shows)} Empty when dhcpd will
   * start.
   */
  public List<Violation> problems() {
    Violations v = Violations.collect();
    Map<String, Integer> own = new LinkedHashMap<>();
    for (String name : index().peers.keySet()) {
      own.put(name, 0);
    }
    for (ConfigIndex.PoolDecl p : index().pools) {
      if (p.peer != null) {
        own.merge(p.peer, 1, Integer::sum);
      }
    }
    own.forEach((name, count) -> v.check(count > 0, "failover peer", dev.failover.spi.Texts.quoted(name),
        "must be referred to by at least one pool (dhcpd: \"Failover peer, " + name + ", has no referring pools\")"));
    return v.list();
  }

  // ---- edits ----

  /**
   * Adds the peer declaration, or updates the one with the same name statement by statement.
   *
   * @param peer the peer declaration
   * @return the edited configuration
   */
  public IscConfig withPeer(IscPeerStatement peer) {
    return Editor.withPeer(this, peer);
  }

  /**
   * Removes the peer declaration and its state records. Refused while any pool or shared-network
   * still refers to the peer: rewire or clear those first.
   *
   * @param name the peer's name
   * @return the edited configuration
   */
  public IscConfig withoutPeer(String name) {
    return Editor.withoutPeer(this, name);
  }

  /**
   * Turns the declaration into comment lines, in place, each starting with {@code #dormant#},
   * under two lines that say why: dhcpd refuses a failover peer that no pool refers to ("has no
   * referring pools"), but a relationship exists before its first scope joins and after its last
   * one leaves. {@link #dormantPeers()} reads such a declaration back and
   * {@link #withPeerAwake(String)} declares it again where it stood. Refused while a pool or a
   * shared-network refers to the peer, or a {@code failover peer … state} record names it.
   *
   * @param name the peer's name
   * @return the edited configuration
   */
  public IscConfig withPeerDormant(String name) {
    return Dormant.sleep(this, name);
  }

  /**
   * Declares a dormant peer again where its comment lines stand (the lines, with their
   * explanation, are removed; every other byte stays).
   *
   * @param name the dormant peer's name
   * @return the edited configuration
   */
  public IscConfig withPeerAwake(String name) {
    return Dormant.wake(this, name);
  }

  /**
   * Removes a dormant peer's comment lines.
   *
   * @param name the dormant peer's name
   * @return the edited configuration
   */
  public IscConfig withoutDormantPeer(String name) {
    return Dormant.remove(this, name);
  }

  /**
   * Points the pool whose span is {@code pool} at {@code peer} (a declared peer).
   *
   * @param pool the pool's span
   * @param peer the declared peer's name
   * @return the edited configuration
   */
  public IscConfig withPoolPeer(AddressRange pool, String peer) {
    return Editor.withPoolPeer(this, pool, peer);
  }

  /**
   * Removes the pool's own {@code failover peer} statement.
   *
   * @param pool the pool's span
   * @return the edited configuration
   */
  public IscConfig withoutPoolPeer(AddressRange pool) {
    return Editor.withoutPoolPeer(this, pool);
  }

  /**
   * Points every pool and shared-network that refers to {@code from} at {@code to} (a declared peer).
   *
   * @param from the peer the pools refer to now
   * @param to the declared peer they will refer to
   * @return the edited configuration
   */
  public IscConfig withPoolsRewired(String from, String to) {
    return Editor.rewire(this, from, to);
  }

  /**
   * Adds a subnet declaration rendered from the scope (pools, options, a host per reservation),
   * at the end of the main file, or replaces the existing declaration of that subnet as a whole
   * (the hosts and pools that belong to the subnet but are declared elsewhere are removed, since
   * the scope now says what the subnet holds). Exclusions are cut out of the pools they lie in;
   * an exclusion inside no pool has nothing to cut and is not written. A reservation without a
   * name is declared as {@code host r-<identifier with dashes>}. A disabled scope is written with
   * {@code ignore booting;} in the subnet's body (and a comment saying why): dhcpd has no disabled
   * subnet, but with booting off it answers none of the subnet's clients. Refused with a
   * {@link dev.failover.errors.ValidationException} for what dhcpd cannot hold: a scope name,
   * description or id, an option without a dhcpd name, class-scoped options, a
   * host name that is not letters, digits, '-' and '_' in dot-separated labels (dhcpd refuses
   * quoted host names), identifiers other than hardware address and client identifier.
   *
   * @param scope the scope to declare
   * @return the edited configuration
   */
  public IscConfig withSubnet(Scope scope) {
    return Editor.withSubnet(this, scope);
  }

  /**
   * Removes the subnet declaration (with everything declared inside it).
   *
   * @param subnet the subnet to remove
   * @return the edited configuration
   */
  public IscConfig withoutSubnet(Subnet subnet) {
    return Editor.withoutSubnet(this, subnet);
  }

  /**
   * Replication: makes the subnet's options, pools, lease time, enabled state and reservations those of
   * {@code source}, changing only what differs. Per-server settings stay: a pool that exists keeps
   * its own peer reference; a new pool refers to the peer that the subnet's pools referred to
   * (when they agreed on one); the source's peer names are never copied.
   *
   * @param source the scope whose contents the subnet takes
   * @return the edited configuration
   */
  public IscConfig withSubnetContents(Scope source) {
    return Editor.withSubnetContents(this, source, Optional.empty());
  }

  /**
   * Like {@link #withSubnetContents(Scope)}, with every pool of the subnet pointed at {@code localPeer}.
   *
   * @param source the scope whose contents the subnet takes
   * @param localPeer the peer every pool of the subnet refers to
   * @return the edited configuration
   */
  public IscConfig withSubnetContents(Scope source, String localPeer) {
    return Editor.withSubnetContents(this, source, Optional.of(localPeer));
  }

  /**
   * Several subnet edits in one pass (one re-index of the configuration, however many subnets):
   * each scope whose subnet is declared is made to hold what it says as
   * {@link #withSubnetContents(Scope)} does, each other scope is added as
   * {@link #withSubnet(Scope)} does, and each subnet of {@code removed} is removed as
   * {@link #withoutSubnet(Subnet)} does. Each subnet may appear once.
   *
   * @param scopes the scopes to add or to replace
   * @param removed the subnets to remove
   * @return the edited configuration
   */
  public IscConfig withScopes(List<Scope> scopes, List<Subnet> removed) {
    return Editor.withScopes(this, scopes, removed);
  }

  /**
   * Points each pool (by its span) at the peer given for it, or, for an empty peer, removes the
   * pool's own {@code failover peer} statement; in one pass.
   *
   * @param peers each pool's span and the peer it refers to; empty for none
   * @return the edited configuration
   */
  public IscConfig withPoolPeers(Map<AddressRange, Optional<String>> peers) {
    return Editor.withPoolPeers(this, peers);
  }

  /**
   * Points every {@code include} statement that names {@code from} at {@code to} instead, and
   * files the included tree under its new name. Used to move an included file, and by the store
   * to have {@code dhcpd -t} check new include files before they replace the old ones.
   *
   * @param from the include name the statements write now
   * @param to the new name
   * @return the edited configuration
   */
  public IscConfig withIncludeRenamed(String from, String to) {
    return Editor.renameInclude(this, from, to);
  }

  IscConfig withFiles(IscConfigFile newMain, Map<String, IscConfigFile> newIncludes) {
    return new IscConfig(newMain, newIncludes);
  }

  Map<String, IscConfigFile> includes() {
    return includes;
  }

  @Override
  public String toString() {
    return "IscConfig[" + main.name() + ", " + includes.size() + " included files]";
  }
}
