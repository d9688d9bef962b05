package dev.failover.isc.conf;

import java.util.List;

/**
 * One dhcpd configuration file as a lossless tree: its top-level nodes in order and the trivia
 * after the last one. {@link #render()} gives back the file's text exactly as read, with only the
 * bytes that edits changed being different. Immutable.
 */
public final class IscConfigFile {

  private final String name;
  private final List<IscNode> nodes;
  final Segment end;
  final Source source;

  IscConfigFile(String name, List<IscNode> nodes, Segment end, Source source) {
    this.name = name;
    this.nodes = List.copyOf(nodes);
    this.end = end;
    this.source = source;
  }

  /**
   * {@return the file's name: the main file's path as given, or an include's path as the include statement writes it}
   */
  public String name() {
    return name;
  }

  /** {@return the top-level statements and blocks, in order} */
  public List<IscNode> nodes() {
    return nodes;
  }

  /** {@return the file's complete text} */
  public String render() {
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
    return name + " (" + nodes.size() + " top-level statements)";
  }
}
