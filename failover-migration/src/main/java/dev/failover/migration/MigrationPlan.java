package dev.failover.migration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.errors.NotFoundException;
import dev.failover.scope.Subnet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.immutables.value.Value;

/**
 * The move of one ISC failover pair to a Kea HA pair, to inspect before anything is applied: the
 * Kea configuration of each new server (a whole {@code {"Dhcp4": …}} document, the server's own
 * entries kept), the subnet ids given (the same on both servers), every mapping the plan made,
 * named, and every {@link UntranslatableItem}. The plan may be applied only when the operator has
 * accepted every untranslatable item ({@link #blockers(Set)} is empty).
 */
@Value.Immutable
public abstract class MigrationPlan {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** {@return the ISC failover peer's name: the relationship moved} */
  public abstract String relationship();

  /** {@return the Kea HA mode: {@code load-balancing} or {@code hot-standby}} */
  public abstract String mode();

  /** {@return the Kea servers, the ISC primary's successor first} */
  public abstract List<String> servers();

  /** {@return each Kea server's configuration, as a JSON text {@code {"Dhcp4": …}}, by server name} */
  public abstract Map<String, String> configs();

  /** {@return the Kea subnet id given to each ISC subnet, the same on both servers} */
  public abstract Map<Subnet, Long> subnetIds();

  /** {@return every translation made, named} */
  public abstract List<Mapping> mappings();

  /** {@return everything that does not translate, item by item} */
  public abstract List<UntranslatableItem> untranslatable();

  /**
   * {@return a server's configuration, a fresh copy to read or change}
   *
   * @param server the Kea server's name
   * @throws NotFoundException when the plan has no such server
   */
  public ObjectNode config(String server) {
    String text = configs().get(server);
    if (text == null) {
      throw new NotFoundException("Kea server", "\"" + server + "\"", "in the plan (it has " + servers() + ")");
    }
    try {
      return (ObjectNode) JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the plan holds a configuration that is not JSON", e);
    }
  }

  /**
   * {@return the untranslatable items the operator has not accepted: while any is left, the plan
   * must not be applied}
   *
   * @param accepted the {@link UntranslatableItem#key() keys} or {@link UntranslatableItem#id() ids}
   *     of the items the operator accepts
   */
  public List<UntranslatableItem> blockers(Set<String> accepted) {
    List<UntranslatableItem> out = new ArrayList<>();
    for (UntranslatableItem item : untranslatable()) {
      if (!accepted.contains(item.key()) && !accepted.contains(item.id())) {
        out.add(item);
      }
    }
    return out;
  }

  /**
   * {@return the SHA-256 digest of the plan's JSON ({@link #toJson()}), in hexadecimal: the same plan
   * has the same digest wherever it is made; the audit events of its cutover carry it}
   */
  @Value.Lazy
  public String digest() {
    return dev.failover.spi.Fingerprints.sha256(toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** {@return the plan as one JSON document: relationship, mode, servers, subnet ids, mappings, untranslatable items, configurations} */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("relationship", relationship()).put("mode", mode());
    ArrayNode servers = root.putArray("servers");
    servers().forEach(servers::add);
    ObjectNode ids = root.putObject("subnet-ids");
    subnetIds().forEach((s, id) -> ids.put(s.toString(), id));
    ArrayNode mappings = root.putArray("mappings");
    for (Mapping m : mappings()) {
      mappings.addObject().put("isc", m.isc()).put("kea", m.kea()).put("note", m.note());
    }
    ArrayNode items = root.putArray("untranslatable");
    for (UntranslatableItem i : untranslatable()) {
      items.addObject().put("location", i.location()).put("statement", i.statement()).put("reason", i.reason())
          .put("accept-with", i.key()).put("id", i.id());
    }
    ObjectNode configs = root.putObject("configs");
    for (String s : servers()) {
      configs.set(s, config(s));
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the plan cannot be written as JSON", e);
    }
  }

  /** {@return the plan in words: mode, servers, each mapping, each untranslatable item} */
  public String summary() {
    StringBuilder out = new StringBuilder();
    out.append("Move ISC failover peer \"").append(relationship()).append("\" to Kea HA (").append(mode())
        .append(") on ").append(String.join(", ", servers())).append('\n');
    out.append(subnetIds().size()).append(" subnet(s); Kea subnet ids: ");
    List<String> ids = new ArrayList<>();
    subnetIds().forEach((s, id) -> ids.add(s + "=" + id));
    out.append(String.join(", ", ids)).append('\n');
    out.append("Mappings (").append(mappings().size()).append("):\n");
    for (Mapping m : mappings()) {
      out.append("  ").append(m.isc()).append("  ->  ").append(m.kea()).append("   (").append(m.note()).append(")\n");
    }
    out.append("Untranslatable (").append(untranslatable().size()).append("), each blocks the apply until accepted:\n");
    for (UntranslatableItem i : untranslatable()) {
      out.append("  ").append(i.id()).append("  ").append(i.location()).append("  ").append(i.statement())
          .append("\n      ").append(i.reason()).append('\n');
    }
    return out.toString();
  }
}
