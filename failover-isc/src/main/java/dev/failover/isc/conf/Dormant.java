package dev.failover.isc.conf;

import dev.failover.errors.NotFoundException;
import dev.failover.errors.Violations;
import dev.failover.spi.Texts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Dormant failover peers: dhcpd refuses a configuration with a {@code failover peer} that no pool
 * refers to ("Failover peer, X, has no referring pools … Failover configuration sanity check
 * failed", confirmed with {@code dhcpd -t} 4.4.3), yet a relationship exists before its first
 * scope joins and after its last one leaves. Such a declaration is kept as comment lines that
 * start with {@value #MARKER}, where the declaration stood:
 *
 * <pre>
 * #dormant# # Kept by the failover SDK: dhcpd refuses a failover peer that no pool refers to
 * #dormant# # ("has no referring pools"). It is declared again when a pool refers to the peer.
 * #dormant# failover peer "fo1" {
 * #dormant#   primary;
 * #dormant#   …
 * #dormant# }
 * </pre>
 *
 * dhcpd reads comments only; this class finds them in the trivia (comments and whitespace)
 * anywhere in the trees, reads the declarations back, and turns a declaration dormant or
 * active again in place, changing no other byte.
 */
final class Dormant {

  /** The start of every line of a dormant declaration. */
  static final String MARKER = "#dormant#";

  static final List<String> EXPLANATION = List.of(
      "# Kept by the failover SDK: dhcpd refuses a failover peer that no pool refers to",
      "# (\"has no referring pools\"). It is declared again when a pool refers to the peer.");

  private Dormant() {}

  /** Where a run of trivia is: before a node, before a block's closing brace, or at the end of a file. */
  enum Kind {
    LEADING, CLOSING, END
  }

  /** A place holding trivia. */
  record Holder(String file, int[] path, Kind kind, IscNode node, String trivia) {}

  /**
   * One dormant declaration.
   *
   * @param peer the declaration as read
   * @param holder the trivia it is in
   * @param from the offset in the holder's trivia where its lines start
   * @param to the offset after its last line
   * @param text the declaration without the marker and the explanation, ending with a line end
   */
  record Entry(IscPeerStatement peer, Holder holder, int from, int to, String text) {}

  // ---------------------------------------------------------------- reading

  static List<Entry> scan(IscConfig config) {
    List<Entry> out = new ArrayList<>();
    for (IscConfigFile f : config.files()) {
      scan(f.name(), f.nodes(), new int[0], out);
      String end = f.end.text();
      if (end.contains(MARKER)) {
        read(new Holder(f.name(), new int[0], Kind.END, null, end), out);
      }
    }
    return out;
  }

  private static void scan(String file, List<IscNode> nodes, int[] prefix, List<Entry> out) {
    for (int i = 0; i < nodes.size(); i++) {
      IscNode n = nodes.get(i);
      int[] path = Arrays.copyOf(prefix, prefix.length + 1);
      path[prefix.length] = i;
      Segment lead = n instanceof IscStatement ? ((IscStatement) n).segment : ((IscBlock) n).head;
      if (leadingHasMarker(lead)) {
        read(new Holder(file, path, Kind.LEADING, n, n.leadingTrivia()), out);
      }
      if (n instanceof IscBlock) {
        IscBlock b = (IscBlock) n;
        scan(file, b.children(), path, out);
        if (leadingHasMarker(b.tail)) {
          read(new Holder(file, path, Kind.CLOSING, n, b.closingTrivia()), out);
        }
      }
    }
  }

  /** Whether a segment's leading trivia holds the marker, without copying it. */
  private static boolean leadingHasMarker(Segment s) {
    String leading = s.leadingPrefix();
    if (leading.contains(MARKER)) {
      return true;
    }
    String text = s.source.text();
    int end = s.tokenCount() == 0 ? s.end : s.tokenStart(0);
    int last = end - MARKER.length();
    for (int i = s.start; i <= last; i++) {
      if (text.charAt(i) == '#' && text.startsWith(MARKER, i)) {
        return true;
      }
    }
    return false;
  }

  private static void read(Holder h, List<Entry> out) {
    String t = h.trivia();
    int i = 0;
    int n = t.length();
    while (i < n) {
      int lineEnd = lineEnd(t, i);
      if (!t.startsWith(MARKER, i)) {
        i = lineEnd;
        continue;
      }
      List<Integer> starts = new ArrayList<>();
      StringBuilder content = new StringBuilder();
      while (i < n && t.startsWith(MARKER, i)) {
        starts.add(i);
        lineEnd = lineEnd(t, i);
        int body = i + MARKER.length();
        if (body < lineEnd && t.charAt(body) == ' ') {
          body++;
        }
        content.append(t, Math.min(body, lineEnd), lineEnd);
        i = lineEnd;
      }
      starts.add(i);
      parseRun(h, starts, content.toString(), out);
    }
  }

  private static int lineEnd(String t, int from) {
    int nl = t.indexOf('\n', from);
    return nl < 0 ? t.length() : nl + 1;
  }

  private static void parseRun(Holder h, List<Integer> lineStarts, String content, List<Entry> out) {
    int line = h.node() == null ? 0 : h.node().line();
    String where = h.file() + " (dormant failover peer" + (line > 0 ? " before line " + line : "") + ")";
    IscConfigFile parsed;
    try {
      parsed = Parser.parseFile(new Source(where, content, true), Context.TOP);
    } catch (IscConfigException e) {
      throw new IscConfigException(h.file(), line, 0, "a dormant failover peer declaration that parses ("
          + e.expected() + ")", e.found());
    }
    int lineIndex = 0;
    for (IscNode node : parsed.nodes()) {
      String text = node.text();
      if (!(node instanceof IscBlock) || !node.keyword().equals("failover")
          || Context.of((IscBlock) node, Context.TOP) != Context.FAILOVER_PEER) {
        throw new IscConfigException(h.file(), line, 0, "only failover peer declarations after " + MARKER,
            Syntax.describe(node.keyword()));
      }
      IscPeerStatement peer = PeerReader.read((IscBlock) node);
      int lines = count(text, '\n');
      int from = lineStarts.get(lineIndex);
      int toIndex = Math.min(lineIndex + lines + (text.endsWith("\n") ? 0 : 1), lineStarts.size() - 1);
      int to = lineStarts.get(toIndex);
      String leading = node.leadingTrivia();
      String core = leading.substring(leading.lastIndexOf('\n') + 1) + text.substring(leading.length());
      out.add(new Entry(peer, h, from, to, core.endsWith("\n") ? core : core + "\n"));
      lineIndex = toIndex;
    }
  }

  private static int count(String s, char c) {
    int k = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        k++;
      }
    }
    return k;
  }

  static Optional<Entry> find(IscConfig config, String name) {
    return scan(config).stream().filter(e -> e.peer().name().equals(name)).findFirst();
  }

  // ---------------------------------------------------------------- edits

  /** The declaration made dormant where it stands. */
  static IscConfig sleep(IscConfig config, String name) {
    ConfigIndex index = config.index();
    ConfigIndex.PeerDecl decl = index.peers.get(name);
    if (decl == null) {
      throw new NotFoundException("peer", Texts.quoted(name), "in " + config.main().name());
    }
    Violations v = Violations.collect();
    for (ConfigIndex.PoolDecl p : index.pools) {
      v.check(!name.equals(p.peer), "pool " + p.span(), p.ref.file() + " line " + p.ref.line(),
          "must no longer refer to failover peer " + Texts.quoted(name) + " before the peer is made dormant");
    }
    for (NodeRef r : index.sharedNetworkReferences) {
      v.check(!name.equals(Syntax.nameValue(r.node().token(2))), "shared-network", r.file() + " line " + r.line(),
          "must no longer refer to failover peer " + Texts.quoted(name) + " before the peer is made dormant");
    }
    for (NodeRef r : index.stateRecords) {
      v.check(!name.equals(Syntax.nameValue(r.node().token(2))), "failover peer state", r.file() + " line " + r.line(),
          "must not be kept for a dormant failover peer " + Texts.quoted(name));
    }
    v.throwIfAny("dormant failover peer " + Texts.quoted(name));
    IscConfigFile file = config.file(decl.ref.file()).orElseThrow();
    String nl = Editor.layout(file).newline();
    IscNode node = decl.ref.node();
    String leading = node.leadingTrivia();
    int cut = leading.lastIndexOf('\n') + 1;
    // marker lines start at column 0; the declaration's indentation goes after the marker
    String core = leading.substring(cut) + node.text().substring(leading.length());
    StringBuilder unit = new StringBuilder(leading.substring(0, cut));
    if (cut == 0 && !atLineStart(file, decl.ref)) {
      unit.append(nl);
    }
    for (String line : EXPLANATION) {
      unit.append(MARKER).append(' ').append(line).append(nl);
    }
    String body = core.endsWith("\n") ? core.substring(0, core.length() - 1) : core;
    for (String line : body.split("\n", -1)) {
      String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
      unit.append(MARKER).append(l.isEmpty() ? "" : " " + l).append(nl);
    }
    Patches patches = new Patches(config);
    patches.removeWith(decl.ref, unit.toString());
    IscConfig out = patches.apply();
    out.index();
    return out;
  }

  /** Whether the node starts a line: the first of its file, or after a node whose text ends with a line end. */
  private static boolean atLineStart(IscConfigFile file, NodeRef ref) {
    List<IscNode> siblings = file.nodes();
    IscBlock parent = null;
    for (int k = 0; k < ref.path().length - 1; k++) {
      parent = (IscBlock) siblings.get(ref.path()[k]);
      siblings = parent.children();
    }
    int i = ref.index();
    if (i > 0) {
      return Editor.endsWithNewline(siblings.get(i - 1));
    }
    return parent == null || parent.head.text().endsWith("\n");
  }

  /** The dormant declaration active again, where its comment lines stood. */
  static IscConfig wake(IscConfig config, String name) {
    Entry e = find(config, name).orElseThrow(() -> new NotFoundException("dormant failover peer", Texts.quoted(name),
        "in " + config.main().name()));
    if (config.index().peers.containsKey(name)) {
      throw new dev.failover.errors.ValidationException("failover peer " + Texts.quoted(name), List.of(new dev.failover.errors.Violation(
          "name", Texts.quoted(name), "must not be both declared and dormant")));
    }
    Holder h = e.holder();
    String t = h.trivia();
    String before = t.substring(0, e.from());
    String after = t.substring(e.to());
    Patches patches = new Patches(config);
    switch (h.kind()) {
      case LEADING: {
        NodeRef ref = new NodeRef(h.file(), h.path(), h.node());
        Context ctx = contextOf(config, ref);
        List<IscNode> peer = Editor.fragment(h.file(), before + e.text(), ctx);
        List<IscNode> nodes = new ArrayList<>(peer);
        nodes.add(withLeading(h.node(), after));
        patches.replace(ref, nodes);
        break;
      }
      case CLOSING: {
        IscBlock b = (IscBlock) h.node();
        NodeRef ref = new NodeRef(h.file(), h.path(), b);
        Context ctx = Context.of(b, contextOf(config, ref));
        List<IscNode> children = new ArrayList<>(b.children());
        children.addAll(Editor.fragment(h.file(), before + e.text(), ctx));
        patches.replace(ref, List.of(new IscBlock(b.head, children, b.tail.withLeading(after))));
        break;
      }
      default: {
        patches.append(h.file(), new int[0], Editor.fragment(h.file(), before + e.text(), Context.TOP));
        patches.endTrivia(h.file(), after);
      }
    }
    IscConfig out = patches.apply();
    out.index();
    return out;
  }

  /** The dormant declaration's lines removed. */
  static IscConfig remove(IscConfig config, String name) {
    Entry e = find(config, name).orElseThrow(() -> new NotFoundException("dormant failover peer", Texts.quoted(name),
        "in " + config.main().name()));
    Holder h = e.holder();
    String t = h.trivia();
    String rest = t.substring(0, e.from()) + t.substring(e.to());
    Patches patches = new Patches(config);
    switch (h.kind()) {
      case LEADING:
        patches.replace(new NodeRef(h.file(), h.path(), h.node()), List.of(withLeading(h.node(), rest)));
        break;
      case CLOSING: {
        IscBlock b = (IscBlock) h.node();
        patches.replace(new NodeRef(h.file(), h.path(), b), List.of(new IscBlock(b.head, b.children(),
            b.tail.withLeading(rest))));
        break;
      }
      default:
        patches.endTrivia(h.file(), rest);
    }
    IscConfig out = patches.apply();
    out.index();
    return out;
  }

  private static IscNode withLeading(IscNode n, String leading) {
    if (n instanceof IscStatement) {
      return new IscStatement(((IscStatement) n).segment.withLeading(leading));
    }
    IscBlock b = (IscBlock) n;
    return new IscBlock(b.head.withLeading(leading), b.children(), b.tail);
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
}
