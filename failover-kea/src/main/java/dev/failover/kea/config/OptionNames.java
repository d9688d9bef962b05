package dev.failover.kea.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves an {@code option-data} entry's name to its code: the standard {@code dhcp4} names,
 * plus the options the configuration defines itself in {@code option-def}.
 */
final class OptionNames {

  static final OptionNames STANDARD = new OptionNames(Map.of());

  private final Map<String, Integer> defined;

  private OptionNames(Map<String, Integer> defined) {
    this.defined = defined;
  }

  /** The names of a Dhcp4 map's {@code option-def} list, beside the standard ones. */
  static OptionNames of(JsonNode dhcp4) {
    JsonNode defs = dhcp4.path("option-def");
    if (!defs.isArray() || defs.isEmpty()) {
      return STANDARD;
    }
    Map<String, Integer> found = new HashMap<>();
    for (JsonNode def : defs) {
      if (def.path("name").isTextual() && def.path("code").canConvertToInt()) {
        found.put(key(def.path("space").asText("dhcp4"), def.path("name").asText()), def.path("code").asInt());
      }
    }
    return new OptionNames(Map.copyOf(found));
  }

  Optional<Integer> code(String space, String name) {
    Integer own = defined.get(key(space, name));
    if (own != null) {
      return Optional.of(own);
    }
    return "dhcp4".equals(space) ? StandardOptions.code(name) : Optional.empty();
  }

  Optional<String> name(String space, int code) {
    for (Map.Entry<String, Integer> e : defined.entrySet()) {
      if (e.getValue() == code && e.getKey().startsWith(space + "\u0000")) {
        return Optional.of(e.getKey().substring(space.length() + 1));
      }
    }
    return "dhcp4".equals(space) ? StandardOptions.name(code) : Optional.empty();
  }

  private static String key(String space, String name) {
    return space + "\u0000" + name;
  }
}
