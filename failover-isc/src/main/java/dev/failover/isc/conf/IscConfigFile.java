package dev.failover.isc.conf;

import java.util.List;

/**
 * One dhcpd configuration file as a lossless tree: its top-level nodes in order and the trivia
 * after the last one. {@link #render()} gives back the file's text exactly as read, with only the
 * bytes that edits changed being different. Immutable.
 */
public final class IscConfigFile {

  private final String name;
  /** The parsed rows of a file as read; null for a file an edit produced. */
  final FlatTree tree;
  /** The node objects: given for a file an edit produced, made from {@link #tree} when first asked for one read. */
  private volatile List<IscNode> nodes;
  final Segment end;
  final Source source;

  IscConfigFile(String name, List<IscNode> nodes, Segment end, Source source) {
    this.name = name;
    this.tree = null;
    this.nodes = List.copyOf(nodes);
    this.end = end;
    this.source = source;
  }

  /** A file as read: its node objects are made when first asked for. */
  IscConfigFile(FlatTree tree) {
    this.name = tree.source.name();
    this.tree = tree;
    this.end = tree.end();
    this.source = tree.source;
  }

  /**
   * {@return the file's name: the main file's path as given, or an include's path as the include statement writes it}
   */
  public String name() {
    return name;
  }

  /** {@return the top-level statements and blocks, in order} */
  public List<IscNode> nodes() {
    List<IscNode> n = nodes;
    if (n == null) {
      synchronized (this) {
        n = nodes;
        if (n == null) {
          n = List.copyOf(tree.materialise());
          nodes = n;
        }
      }
    }
    return n;
  }

  /** {@return the file's complete text} */
  public String render() {
    if (tree != null) {
      return source.text(); // a file as read is its text: the nodes and the end trivia cover it exactly
    }
    StringBuilder out = new StringBuilder(source.text().length() + 256);
    for (IscNode node : nodes) {
      node.render(out);
    }
    end.render(out);
    return out.toString();
  }

  IscConfigFile withNodes(List<IscNode> newNodes) {
    return new IscConfigFile(name, newNodes, end, source);
  }

  @Override
  public String toString() {
    return name + " (" + (tree != null ? tree.topLevelCount() : nodes.size()) + " top-level statements)";
  }
}
