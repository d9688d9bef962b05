package dev.failover.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a vendor extension interface that changes a server's state (Kea
 * {@code ha-maintenance-start}, {@code ha-sync}, {@code ha-scopes}, …). Through the facade such a
 * method is decided and audited like every other change
 * ({@link dev.failover.Failover#extension(String, Class, dev.failover.access.Principal)}); an
 * extension asked for without a principal refuses it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ChangesState {

  /** {@return the change in the vendor's words, for the decision and the audit event: {@code ha-maintenance-start}} */
  String value();
}
