package dev.failover.kea.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failover.kea.config.Dhcp4Config;

/**
 * Hands a configuration tree that was just parsed from a {@code config-get} answer, and that
 * nobody else holds, to {@link Dhcp4Config} without the copy its public factory
 * {@link Dhcp4Config#of(JsonNode)} makes of a caller's tree (a 2,000-subnet answer is about 11 MB
 * of JSON). Not API.
 */
public final class ParsedConfigs {

  /** Makes a configuration of a tree it takes over; the same checks and errors as {@link Dhcp4Config#of(JsonNode)}. */
  @FunctionalInterface
  public interface Adopter {
    /**
     * {@return the configuration in {@code json}, which it keeps as it is}
     *
     * @param json {@code {"Dhcp4": {...}}}, held by nobody else
     */
    Dhcp4Config adopt(JsonNode json);
  }

  private static volatile Adopter adopter;

  private ParsedConfigs() {}

  /**
   * Set once, by {@link Dhcp4Config} as its class is initialised; later calls change nothing.
   *
   * @param a the factory
   */
  public static synchronized void register(Adopter a) {
    if (adopter == null) {
      adopter = a;
    }
  }

  /**
   * {@return the configuration in {@code json}, the tree taken over, not copied}
   *
   * @param json {@code {"Dhcp4": {...}}}, held by nobody else
   */
  public static Dhcp4Config adopt(JsonNode json) {
    Adopter a = adopter;
    if (a == null) {
      try {
        Class.forName(Dhcp4Config.class.getName(), true, Dhcp4Config.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      a = adopter;
    }
    return a.adopt(json);
  }
}
