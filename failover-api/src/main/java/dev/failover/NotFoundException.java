package dev.failover;

/** A server, relationship, scope or peer that an operation names does not exist. */
public class NotFoundException extends FailoverException {

  private static final long serialVersionUID = 1L;

  private final String kind;
  private final String name;

  public NotFoundException(String kind, String name, String where) {
    super(kind + " " + name + " not found" + (where == null || where.isEmpty() ? "" : " " + where));
    this.kind = kind;
    this.name = name;
  }

  /** What kind of object was missing: "server", "relationship", "scope", "peer". */
  public String kind() {
    return kind;
  }

  public String name() {
    return name;
  }
}
