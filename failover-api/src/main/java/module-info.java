/**
 * The failover SDK's API: the facade {@link dev.failover.Failover}, the values it plans and
 * applies, and the service-provider interface backends implement ({@code dev.failover.spi},
 * found with {@link java.util.ServiceLoader}). Every package is exported; the packages whose
 * values travel in JSON are open to Jackson.
 */
module dev.failover.api {
  requires transitive com.fasterxml.jackson.annotation;
  requires transitive com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jdk8;
  requires com.fasterxml.jackson.datatype.jsr310;
  requires java.net.http;
  requires org.slf4j;
  requires static org.immutables.value;

  exports dev.failover;
  exports dev.failover.errors;
  exports dev.failover.access;
  exports dev.failover.audit;
  exports dev.failover.diff;
  exports dev.failover.fleet;
  exports dev.failover.json;
  exports dev.failover.plan;
  exports dev.failover.relationship;
  exports dev.failover.scope;
  exports dev.failover.server;
  exports dev.failover.serving;
  exports dev.failover.spi;
  exports dev.failover.state;

  opens dev.failover to com.fasterxml.jackson.databind;
  opens dev.failover.errors to com.fasterxml.jackson.databind;
  opens dev.failover.access to com.fasterxml.jackson.databind;
  opens dev.failover.audit to com.fasterxml.jackson.databind;
  opens dev.failover.diff to com.fasterxml.jackson.databind;
  opens dev.failover.fleet to com.fasterxml.jackson.databind;
  opens dev.failover.plan to com.fasterxml.jackson.databind;
  opens dev.failover.relationship to com.fasterxml.jackson.databind;
  opens dev.failover.scope to com.fasterxml.jackson.databind;
  opens dev.failover.server to com.fasterxml.jackson.databind;
  opens dev.failover.serving to com.fasterxml.jackson.databind;
  opens dev.failover.spi to com.fasterxml.jackson.databind;
  opens dev.failover.state to com.fasterxml.jackson.databind;

  uses dev.failover.spi.BackendProvider;
}
