package dev.failover.isc.omapi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One OMAPI message as it travels: the 24-byte header (authid, authlen, op, handle, id, rid),
 * the message's own name/value list, the object's name/value list and, when signed, the
 * authenticator. Not API.
 */
final class OmapiMessage {

  /** OMAPI opcodes (omapip.h). */
  static final int OP_OPEN = 1;
  static final int OP_REFRESH = 2;
  static final int OP_UPDATE = 3;
  static final int OP_NOTIFY = 4;
  static final int OP_STATUS = 5;
  static final int OP_DELETE = 6;

  /** One name/value pair; the value is raw bytes (integers are 4 bytes, big-endian). */
  static final class Value {
    private final String name;
    private final byte[] bytes;

    Value(String name, byte[] bytes) {
      this.name = name;
      this.bytes = bytes.clone();
    }

    String name() {
      return name;
    }

    byte[] bytes() {
      return bytes.clone();
    }

    int length() {
      return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Value && ((Value) o).name.equals(name) && Arrays.equals(((Value) o).bytes, bytes);
    }

    @Override
    public int hashCode() {
      return name.hashCode() * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return name + "=" + OmapiWire.hex(bytes);
    }
  }

  final int authId;
  final int op;
  final int handle;
  final int id;
  final int rid;
  final List<Value> messageValues;
  final List<Value> objectValues;
  /** The authenticator as received (empty when unsigned or when built for sending). */
  final byte[] signature;
  /** The bytes the authenticator covers (authlen through the object list's end), as received. */
  final byte[] signedBytes;

  OmapiMessage(int authId, int op, int handle, int id, int rid, List<Value> messageValues, List<Value> objectValues) {
    this(authId, op, handle, id, rid, messageValues, objectValues, new byte[0], new byte[0]);
  }

  OmapiMessage(int authId, int op, int handle, int id, int rid, List<Value> messageValues, List<Value> objectValues,
      byte[] signature, byte[] signedBytes) {
    this.authId = authId;
    this.op = op;
    this.handle = handle;
    this.id = id;
    this.rid = rid;
    this.messageValues = List.copyOf(messageValues);
    this.objectValues = List.copyOf(objectValues);
    this.signature = signature.clone();
    this.signedBytes = signedBytes.clone();
  }

  static Optional<Value> find(List<Value> values, String name) {
    for (Value v : values) {
      if (v.name().equals(name)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  Optional<Value> messageValue(String name) {
    return find(messageValues, name);
  }

  Optional<Value> objectValue(String name) {
    return find(objectValues, name);
  }

  static String opName(int op) {
    switch (op) {
      case OP_OPEN:
        return "open";
      case OP_REFRESH:
        return "refresh";
      case OP_UPDATE:
        return "update";
      case OP_NOTIFY:
        return "notify";
      case OP_STATUS:
        return "status";
      case OP_DELETE:
        return "delete";
      default:
        return "op " + op;
    }
  }

  /** A list builder that keeps the order values are added in (the wire order). */
  static final class Values {
    private final List<Value> list = new ArrayList<>();

    Values string(String name, String text) {
      list.add(new Value(name, text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      return this;
    }

    Values integer(String name, int value) {
      list.add(new Value(name, OmapiWire.int32(value)));
      return this;
    }

    List<Value> list() {
      return List.copyOf(list);
    }
  }

  @Override
  public String toString() {
    return opName(op) + " authid=" + authId + " handle=" + handle + " id=" + Integer.toUnsignedString(id)
        + " rid=" + Integer.toUnsignedString(rid) + " message=" + messageValues + " object=" + objectValues;
  }
}
