package dev.failover.isc.conf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of changes to the trees of a configuration, applied in one pass per file so that an edit
 * touching thousands of pools costs one rebuild of the paths it changes, not one per change.
 * Nodes off the changed paths are shared with the original, byte for byte.
 */
final class Patches {

  private static final class Trie {
    final Map<Integer, Trie> children = new HashMap<>();
    List<IscNode> replacement;
    String preserved = "";
    final List<IscNode> appended = new ArrayList<>();
    final List<IscNode> before = new ArrayList<>();
    /** For a file's root: the trivia after its last node, replacing what the file has. */
    String endTrivia;

    Trie at(int i) {
      return children.computeIfAbsent(i, k -> new Trie());
    }
  }

  private final IscConfig config;
  private final Map<String, Trie> files = new LinkedHashMap<>();

  Patches(IscConfig config) {
    this.config = config;
  }

  boolean isEmpty() {
    return files.isEmpty();
  }

  private Trie trie(String file, int[] path, int length) {
    Trie t = files.computeIfAbsent(file, k -> new Trie());
    for (int i = 0; i < length; i++) {
      t = t.at(path[i]);
    }
    return t;
  }

  /** Replaces the node with {@code nodes} (none: removes it). */
  void replace(NodeRef ref, List<IscNode> nodes) {
    trie(ref.file(), ref.path(), ref.path().length).replacement = List.copyOf(nodes);
  }

  /**
   * Removes the node. Comment lines above it stay in the file (they move to whatever follows);
   * blank lines and its own line go with it.
   */
  void remove(NodeRef ref) {
    Trie t = trie(ref.file(), ref.path(), ref.path().length);
    t.replacement = List.of();
    String leading = ref.node().leadingTrivia();
    int cut = leading.lastIndexOf('\n');
    String kept = cut >= 0 ? leading.substring(0, cut + 1) : "";
    t.preserved = kept.indexOf('#') >= 0 ? kept : "";
  }

  /**
   * Removes the node and puts {@code trivia} where it stood (it is rendered before whatever
   * follows the node), instead of the comment lines {@link #remove} keeps.
   */
  void removeWith(NodeRef ref, String trivia) {
    Trie t = trie(ref.file(), ref.path(), ref.path().length);
    t.replacement = List.of();
    t.preserved = trivia;
  }

  /** Replaces the trivia after the last node of a file. */
  void endTrivia(String file, String trivia) {
    trie(file, new int[0], 0).endTrivia = trivia;
  }

  /** Inserts nodes right before the node; changes to the node itself still apply. */
  void insertBefore(NodeRef ref, List<IscNode> nodes) {
    trie(ref.file(), ref.path(), ref.path().length).before.addAll(nodes);
  }

  /** Adds nodes at the end of a block's body ({@code parent} is the block's path) or of a file (empty path). */
  void append(String file, int[] parent, List<IscNode> nodes) {
    trie(file, parent, parent.length).appended.addAll(nodes);
  }

  IscConfig apply() {
    IscConfigFile main = config.main();
    Map<String, IscConfigFile> includes = new LinkedHashMap<>(config.includes());
    for (Map.Entry<String, Trie> e : files.entrySet()) {
      IscConfigFile f = config.file(e.getKey()).orElseThrow();
      StringBuilder pending = new StringBuilder();
      List<IscNode> nodes = rebuild(f.nodes(), e.getValue(), pending);
      Segment end = e.getValue().endTrivia != null ? f.end.withLeading(e.getValue().endTrivia) : f.end;
      IscConfigFile nf = new IscConfigFile(f.name(), nodes, pending.length() == 0 ? end : end.withPrefix(pending.toString()),
          f.source);
      if (f == main) {
        main = nf;
      } else {
        includes.put(f.name(), nf);
      }
    }
    return config.withFiles(main, includes);
  }

  private static List<IscNode> rebuild(List<IscNode> nodes, Trie t, StringBuilder pending) {
    List<IscNode> out = new ArrayList<>(nodes.size() + t.appended.size());
    for (int i = 0; i < nodes.size(); i++) {
      Trie c = t.children.get(i);
      IscNode node = nodes.get(i);
      if (c == null) {
        out.add(withPending(node, pending));
        continue;
      }
      for (IscNode b : c.before) {
        out.add(withPending(b, pending));
      }
      if (c.replacement != null) {
        pending.append(c.preserved);
        for (IscNode r : c.replacement) {
          out.add(withPending(r, pending));
        }
        continue;
      }
      if (node instanceof IscBlock) {
        IscBlock b = (IscBlock) node;
        StringBuilder inner = new StringBuilder();
        List<IscNode> children = rebuild(b.children(), c, inner);
        Segment tail = inner.length() == 0 ? b.tail : b.tail.withPrefix(inner.toString());
        out.add(withPending(new IscBlock(b.head, children, tail), pending));
      } else {
        out.add(withPending(node, pending));
      }
    }
    for (IscNode a : t.appended) {
      out.add(withPending(a, pending));
    }
    return out;
  }

  private static IscNode withPending(IscNode node, StringBuilder pending) {
    if (pending.length() == 0) {
      return node;
    }
    String p = pending.toString();
    pending.setLength(0);
    if (node instanceof IscStatement) {
      return new IscStatement(((IscStatement) node).segment.withPrefix(p));
    }
    IscBlock b = (IscBlock) node;
    return new IscBlock(b.head.withPrefix(p), b.children(), b.tail);
  }
}
