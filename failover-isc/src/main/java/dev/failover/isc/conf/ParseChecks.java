package dev.failover.isc.conf;

import java.util.HashSet;
import java.util.Set;

/**
 * The rules dhcpd applies in file order across a whole configuration, includes followed where
 * they stand, applied when it is parsed: a peer is declared once and before any reference to
 * it, host names are unique, no {@code range dynamic-bootp} stands where a failover peer governs
 * the pool, includes nest at most {@link IscConfig#MAX_INCLUDE_DEPTH} deep. It walks the parsed
 * rows without making an object per node; {@link ConfigIndex} applies the same rules, in the
 * same order, when it indexes a configuration (an edited one included), and builds what the
 * views need.
 */
final class ParseChecks {

  private final IscConfig config;
  private final Set<String> peers = new HashSet<>();
  private final HostNames hostNames;
  private int includeDepth;

  private ParseChecks(IscConfig config, int hosts) {
    this.config = config;
    this.hostNames = new HostNames(hosts);
  }

  /** Applies the rules to a configuration just parsed (every file of it as read). */
  static void check(IscConfig config) {
    int hosts = 0;
    for (IscConfigFile f : config.files()) {
      hosts += f.tree.hosts;
    }
    ParseChecks checks = new ParseChecks(config, hosts);
    FlatTree main = config.main().tree;
    checks.walk(main, new Parser(main.source), 0, main.count, Context.TOP, null, false, false);
  }

  /** The nodes from row {@code from} to row {@code to} (exclusive) of {@code tree}, as siblings. */
  private void walk(FlatTree tree, Parser lexer, int from, int to, Context ctx, String sharedPeer, boolean inSubnet,
      boolean inPool) {
    for (int row = from; row < to; row = tree.after(row)) {
      lexer.lexNode(tree.lead(row));
      if (tree.isBlock(row)) {
        block(tree, lexer, row, ctx, sharedPeer, inSubnet, inPool);
      } else {
        statement(lexer, ctx, sharedPeer, inSubnet, inPool);
      }
    }
  }

  private void statement(Parser st, Context ctx, String sharedPeer, boolean inSubnet, boolean inPool) {
    if (st.tokenIs(0, "include")) {
      String name = Syntax.unquote(st.token(1));
      Segment seg = st.segment();
      IscConfigFile included = config.file(name).orElseThrow(
          () -> ConfChecks.at(seg, 1, "expected an included file that can be read"));
      if (++includeDepth > IscConfig.MAX_INCLUDE_DEPTH) {
        throw ConfChecks.at(seg, 1, "expected includes nested at most " + IscConfig.MAX_INCLUDE_DEPTH + " deep");
      }
      FlatTree tree = included.tree;
      walk(tree, new Parser(tree.source), 0, tree.count, ctx, sharedPeer, inSubnet, inPool);
      includeDepth--;
    } else if (st.tokenIs(0, "failover")) {
      String name = Syntax.nameValue(st.token(2));
      if (!peers.contains(name)) {
        throw ConfChecks.at(st, 2, "expected a failover peer declared before this reference (dhcpd: \"failover"
            + " peer " + name + ": not found\")");
      }
    } else if (st.tokenIs(0, "range")) {
      if (ctx == Context.SUBNET && !inPool && inSubnet) {
        bootp(st, sharedPeer != null);
      }
    }
  }

  private void block(FlatTree tree, Parser head, int row, Context ctx, String sharedPeer, boolean inSubnet,
      boolean inPool) {
    Context inner = Context.of(head, ctx);
    int first = row + 1;
    int stop = tree.after(row);
    if (head.tokenIs(0, "failover")) {
      String name = Syntax.nameValue(head.token(2));
      if (inner == Context.PEER_STATE) {
        if (!peers.contains(name)) {
          throw ConfChecks.at(head, 2, "expected a failover peer declared before its state record (dhcpd: \"state"
              + " declaration for unknown failover peer " + name + "\")");
        }
        return;
      }
      if (peers.contains(name)) {
        throw ConfChecks.at(head, 2, "expected each failover peer declared once (dhcpd: \"redeclaration of failover"
            + " peer\")");
      }
      try {
        PeerReader.read((IscBlock) FlatTree.node(new Parser(tree.source), tree, row));
      } catch (IscConfigException e) {
        // the index reports it on the peer; the peer is declared all the same
      }
      peers.add(name);
      return;
    }
    if (head.tokenIs(0, "shared-network")) {
      String peer = sharedPeer;
      for (int c = first; c < stop; c = tree.after(c)) {
        if (!tree.isBlock(c)) {
          head.lexNode(tree.lead(c));
          if (head.tokenIs(0, "failover")) {
            peer = Syntax.nameValue(head.token(2));
          }
        }
      }
      walk(tree, head, first, stop, inner, peer, false, false);
    } else if (head.tokenIs(0, "subnet")) {
      walk(tree, head, first, stop, inner, sharedPeer, true, false);
    } else if (head.tokenIs(0, "pool")) {
      String peer = null;
      for (int c = first; c < stop; c = tree.after(c)) {
        if (!tree.isBlock(c)) {
          head.lexNode(tree.lead(c));
          if (head.tokenIs(0, "failover")) {
            peer = Syntax.nameValue(head.token(2));
          }
        }
      }
      for (int c = first; c < stop; c = tree.after(c)) {
        if (!tree.isBlock(c)) {
          head.lexNode(tree.lead(c));
          if (head.tokenIs(0, "range")) {
            bootp(head, peer != null || sharedPeer != null);
          }
        }
      }
      walk(tree, head, first, stop, inner, sharedPeer, inSubnet, true);
    } else if (head.tokenIs(0, "host")) {
      if (!hostNames.add(tree.source, head.tokenStart(1), head.tokenEnd(1))) {
        String name = head.token(1);
        throw ConfChecks.at(head, 1, "expected each host name declared once (dhcpd: \"host " + name
            + ": already exists\")");
      }
      walk(tree, head, first, stop, inner, sharedPeer, inSubnet, inPool);
    } else {
      walk(tree, head, first, stop, inner, sharedPeer, inSubnet, inPool);
    }
  }

  /** A range statement: no dynamic-bootp flag where a failover peer governs the pool. */
  private static void bootp(Parser range, boolean governed) {
    if (governed && range.tokenIs(1, "dynamic-bootp")) {
      throw ConfChecks.at(range, 1, "expected no dynamic-bootp flag where a failover peer governs the pool (dhcpd:"
          + " \"dynamic-bootp flag is not permitted for address range declarations where there is a failover peer in"
          + " scope\")");
    }
  }

  /**
   * The host names seen so far, as an open-addressing hash table of the offsets of their tokens:
   * no string per host.
   */
  private static final class HostNames {
    private final java.util.List<Source> sources = new java.util.ArrayList<>();
    private int[] starts;
    /** The index in {@link #sources} of each entry's text; made when a second file declares hosts. */
    private int[] files;
    /**
     * Sized for every host declaration of every file, twice over: a file included twice adds none
     * the second time (its first host is already there, and the parse stops).
     */
    HostNames(int expected) {
      int capacity = 16;
      while (capacity < expected * 2) {
        capacity <<= 1;
      }
      starts = new int[capacity];
    }

    /** Adds the name (the word from {@code start} to {@code end} of the source); false when it was there. */
    boolean add(Source source, int start, int end) {
      int file = sources.indexOf(source);
      if (file < 0) {
        file = sources.size();
        sources.add(source);
        if (file > 0 && files == null) {
          files = new int[starts.length];
        }
      }
      String text = source.text();
      int mask = starts.length - 1;
      for (int slot = hash(text, start, end) & mask; ; slot = (slot + 1) & mask) {
        int stored = starts[slot];
        if (stored == 0) {
          starts[slot] = start + 1;
          if (files != null) {
            files[slot] = file;
          }
          return true;
        }
        Source other = sources.get(files == null ? 0 : files[slot]);
        int otherEnd = wordEnd(other.text(), stored - 1);
        if (otherEnd - (stored - 1) == end - start && other.text().regionMatches(stored - 1, text, start, end - start)) {
          return false;
        }
      }
    }

    /** A host name is one word (the parse rules refuse anything else). */
    private static int wordEnd(String text, int start) {
      int e = start;
      while (e < text.length() && Syntax.isWordChar(text.charAt(e))) {
        e++;
      }
      return e;
    }

    private static int hash(String text, int start, int end) {
      int h = 0;
      for (int i = start; i < end; i++) {
        h = 31 * h + text.charAt(i);
      }
      return h ^ (h >>> 16);
    }
  }
}
