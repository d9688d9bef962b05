package dev.failover.errors;

/** A server, relationship, scope or peer that an operation names does not exist. */
public class NotFoundException extends FailoverException {

  private static final long serialVersionUID = 1L;

  /** What kind of object was missing. */
  private final String kind;
  /** Its name. */
  private final String name;

  /**
   * An object that does not exist.
   *
   * @param kind what kind of object: "server", "relationship", "scope", "peer"
   * @param name its name
   * @param where where it was looked for, for the message; may be null or empty
   */
  public NotFoundException(String kind, String name, String where) {
    super(kind + " " + name + " not found" + (where == null || where.isEmpty() ? "" : " " + where));
    this.kind = kind;
    this.name = name;
  }

  /** {@return what kind of object was missing: "server", "relationship", "scope", "peer"} */
  public String kind() {
    return kind;
  }

  /** {@return the name of the missing object} */
  public String name() {
    return name;
  }
}
