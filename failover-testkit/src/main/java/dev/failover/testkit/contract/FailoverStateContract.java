package dev.failover.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.Failover;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.plan.AddScope;
import dev.failover.plan.CreateRelationship;
import dev.failover.relationship.Relationship;
import dev.failover.state.CommonState;
import dev.failover.state.FailoverStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The state contract of a backend tested against fakes whose link and clock the test controls
 * ({@link StateFixture}): what {@link Failover#status} reports while the partners talk, after the
 * link is cut (communications interrupted, then partner-down by itself after the vendor's delay
 * or by the operator's {@link Failover#partnerDown}), and after it is restored (normal again
 * within the vendor's recovery time). Every assertion is on the vendor-neutral
 * {@link CommonState}, so the same test holds for every vendor.
 */
public abstract class FailoverStateContract {

  private static final Principal ADMIN = Principal.withRoles("state-admin", BuiltInRole.DHCP_ADMINISTRATORS);
  /** How many clock steps a wait may take at most. */
  private static final int MAX_STEPS = 60;

  private StateFixture fixture;
  /** The facade under test, over the fixture's backend; made before each test. */
  protected Failover failover;

  /**
   * {@return a new fixture for one test}
   *
   * @throws Exception when the servers cannot be started
   */
  protected abstract StateFixture fixture() throws Exception;

  @BeforeEach
  void openFixture() throws Exception {
    fixture = fixture();
    failover = Failover.builder().inventory(fixture.inventory()).backends(fixture.backend()).build();
  }

  @AfterEach
  void closeFixture() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  /** A relationship with one scope on both servers, its partners in touch. */
  private Relationship pair(String name, String subnet) {
    fixture.seed(fixture.primary(), FailoverBackendContract.sampleScope(subnet, 1));
    Relationship r = fixture.relationship(name, List.of());
    failover.apply(failover.plan(CreateRelationship.of(r)), ADMIN);
    failover.apply(failover.plan(AddScope.of(name, subnet)), ADMIN);
    Relationship created = failover.relationship(name);
    waitUntil(created, s -> s == CommonState.NORMAL, fixture.controls().recovery(), "both normal after creation");
    return created;
  }

  private Map<String, CommonState> states(Relationship r) {
    return failover.status(r.name().value()).stream().collect(Collectors.toMap(s -> s.server().value(),
        s -> s.local().common(), (a, b) -> a, java.util.LinkedHashMap::new));
  }

  private CommonState state(Relationship r, dev.failover.server.ServerId server) {
    return failover.status(r.name().value()).stream().filter(s -> s.server().equals(server)).findFirst()
        .map(FailoverStatus::local).orElseThrow().common();
  }

  /** Advances the clock in steps until both servers' states satisfy the predicate, for at most {@code within}. */
  private void waitUntil(Relationship r, Predicate<CommonState> wanted, Duration within, String what) {
    Duration step = within.dividedBy(12).plusMillis(1);
    Duration waited = Duration.ZERO;
    Instant deadline = Instant.now().plusSeconds(60);
    for (int i = 0; i < MAX_STEPS && Instant.now().isBefore(deadline); i++) {
      if (states(r).values().stream().allMatch(wanted)) {
        return;
      }
      if (waited.compareTo(within.multipliedBy(2)) > 0) {
        break;
      }
      fixture.controls().advance(step);
      waited = waited.plus(step);
    }
    assertThat(states(r)).as(what + " (waited " + waited + " of the pair's clock)").allSatisfy(
        (server, state) -> assertThat(wanted).accepts(state));
  }

  @Test
  void partnersInTouchAreNormal() {
    Relationship r = pair("state-1", "10.61.0.0/24");
    assertThat(states(r)).containsOnlyKeys(r.primary().value(), r.secondary().value())
        .allSatisfy((server, state) -> assertThat(state).isEqualTo(CommonState.NORMAL));
  }

  @Test
  void aCutLinkNeverLooksLikePartnerDownBeforeTheVendorsDelay() {
    Relationship r = pair("state-2", "10.62.0.0/24");
    fixture.controls().cutLink();
    Duration before = fixture.controls().automaticPartnerDown().map(d -> d.dividedBy(2)).orElse(Duration.ofHours(2));
    fixture.controls().advance(before);
    // ISC and Windows have a state for it; Kea's hot-standby and load-balancing only raise a flag
    CommonState interrupted = r.vendor() == dev.failover.server.Vendor.KEA ? CommonState.NORMAL
        : CommonState.COMMUNICATION_INTERRUPTED;
    assertThat(states(r)).allSatisfy((server, state) -> assertThat(state).isEqualTo(interrupted));
  }

  @Test
  void aCutLinkEndsInPartnerDownByTheVendorsDelayOrByTheOperator() {
    Relationship r = pair("state-3", "10.63.0.0/24");
    cutUntilPartnerDown(r);
  }

  /**
   * Cuts the link and waits for partner-down: by itself within twice the vendor's delay, or,
   * where only an operator moves it, not even after two hours until {@link Failover#partnerDown}.
   */
  private void cutUntilPartnerDown(Relationship r) {
    fixture.controls().cutLink();
    fixture.controls().advance(Duration.ofMillis(100));
    if (fixture.controls().automaticPartnerDown().isPresent()) {
      waitUntil(r, s -> s == CommonState.PARTNER_DOWN, fixture.controls().automaticPartnerDown().get(),
          "both servers in partner-down by themselves");
    } else {
      fixture.controls().advance(Duration.ofHours(2));
      assertThat(state(r, r.primary())).as("no automatic partner-down: still waiting for the operator")
          .isNotEqualTo(CommonState.PARTNER_DOWN);
      failover.partnerDown(r.name().value(), r.primary().value(), ADMIN);
      assertThat(state(r, r.primary())).isEqualTo(CommonState.PARTNER_DOWN);
    }
  }

  @Test
  void aRestoredLinkBringsBothBackToNormalWithinTheRecoveryTime() {
    Relationship r = pair("state-4", "10.64.0.0/24");
    cutUntilPartnerDown(r);
    fixture.controls().restoreLink();
    waitUntil(r, s -> s == CommonState.NORMAL, fixture.controls().recovery(), "both normal after the link came back");
  }

  @Test
  void aLinkCutAndRestoredBeforeAnyPartnerDownIsNormalAtOnce() {
    Relationship r = pair("state-5", "10.65.0.0/24");
    fixture.controls().cutLink();
    fixture.controls().advance(Duration.ofMillis(100));
    fixture.controls().restoreLink();
    waitUntil(r, s -> s == CommonState.NORMAL, Duration.ofSeconds(10), "both normal again");
  }
}
