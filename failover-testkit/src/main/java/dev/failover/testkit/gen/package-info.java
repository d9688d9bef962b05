/**
 * Engine-neutral generators of the SDK's values for property tests: subnets, scopes and their
 * contents, relationships with valid settings for every vendor and mode, and hostile text.
 * Plain Java over a seeded {@link java.util.random.RandomGenerator}, so JUnit parameterized
 * tests, QuickTheories or any other engine can drive them ({@link dev.failover.testkit.gen.Generator},
 * {@link dev.failover.testkit.gen.Generators}).
 */
package dev.failover.testkit.gen;
