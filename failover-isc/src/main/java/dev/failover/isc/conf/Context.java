package dev.failover.isc.conf;

/** Where a statement stands, as far as dhcpd's placement rules care. */
enum Context {
  TOP("the outer scope"),
  SHARED_NETWORK("a shared-network"),
  SUBNET("a subnet"),
  POOL("a pool"),
  HOST("a host"),
  GROUP("a group"),
  CLASS("a class"),
  FAILOVER_PEER("a failover peer declaration"),
  PEER_STATE("a failover peer state record"),
  OTHER("a block");

  private final String description;

  Context(String description) {
    this.description = description;
  }

  String description() {
    return description;
  }

  /** The context of the body of {@code block} when it stands in {@code parent}. */
  static Context of(IscBlock block, Context parent) {
    return of(block.head, parent);
  }

  static Context of(Tokens head, Context parent) {
    String k = head.token(0);
    switch (k) {
      case "subnet":
        return SUBNET;
      case "shared-network":
        return SHARED_NETWORK;
      case "pool":
        return POOL;
      case "host":
        return HOST;
      case "group":
        return GROUP;
      case "class":
      case "subclass":
        return CLASS;
      case "if":
      case "elsif":
      case "else":
        return parent;
      case "failover":
        return head.tokenCount() > 4 && head.tokenIs(3, "state") ? PEER_STATE : FAILOVER_PEER;
      default:
        return OTHER;
    }
  }
}
