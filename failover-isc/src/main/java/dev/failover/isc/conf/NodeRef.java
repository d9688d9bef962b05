package dev.failover.isc.conf;

/** Where a node stands: the file and the indices from the file's top-level list down to it. */
record NodeRef(String file, int[] path, IscNode node) {

  int line() {
    return node.line();
  }

  /** The path of the node's parent block (empty for a top-level node). */
  int[] parentPath() {
    return java.util.Arrays.copyOf(path, path.length - 1);
  }

  int index() {
    return path[path.length - 1];
  }
}
