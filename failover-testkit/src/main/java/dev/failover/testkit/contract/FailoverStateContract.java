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
import dev.failover.state.ServerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The state contract of a backend tested against fakes whose link and clock the test controls
 * ({@link StateFixture}): what {@link Failover#status} reports while the partners talk, after the
 * link is cut (communications interrupted, then partner-down by itself after the vendor's delay
 * or by the operator's {@link Failover#partnerDown}), and after it is restored (normal again
 * within the vendor's recovery time). Every assertion is on the vendor-neutral
 * {@link CommonState}, so the same test holds for every vendor. On a real pair the cut stops the
 * secondary's process ({@link PairControls#cutStopsSecondary()}): while cut only the primary's
 * state is asserted, and the secondary must give none.
 */
public abstract class FailoverStateContract {

  private static final Principal ADMIN = Principal.withRoles("state-admin", BuiltInRole.DHCP_ADMINISTRATORS);
  /** How many clock steps a wait may take at most. */
  private static final int MAX_STEPS = 60;

  private StateFixture fixture;
  /** Whether the test has cut the link and not restored it. */
  private boolean cut;
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

  /**
   * Each server's state; a server that gives none is {@link CommonState#UNKNOWN}, except the
   * secondary while a cut stops it ({@link PairControls#cutStopsSecondary()}), which must give
   * none and is left out.
   */
  private Map<String, CommonState> states(Relationship r) {
    Map<String, CommonState> out = new java.util.LinkedHashMap<>();
    for (ServerStatus s : failover.statuses(r.name().value())) {
      if (cut && fixture.controls().cutStopsSecondary() && s.server().equals(r.secondary())) {
        assertThat(s.answered()).as("the stopped secondary answered while cut").isFalse();
        continue;
      }
      out.put(s.server().value(), s.status().map(st -> st.local().common()).orElse(CommonState.UNKNOWN));
    }
    return out;
  }

  private void cutLink() {
    fixture.controls().cutLink();
    cut = true;
  }

  private void restoreLink() {
    fixture.controls().restoreLink();
    cut = false;
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

  /**
   * Cuts the link and waits for partner-down: by itself within twice the vendor's delay, or,
   * where only an operator moves it, not even after two hours until {@link Failover#partnerDown}.
   */
  private void cutUntilPartnerDown(Relationship r) {
    cutLink();
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

  @Nested
  @DisplayName("while the partners are in touch")
  class PartnersInTouch {

    @Test
    @DisplayName("both are normal")
    void partnersInTouchAreNormal() {
      Relationship r = pair("state-1", "10.61.0.0/24");
      assertThat(states(r)).containsOnlyKeys(r.primary().value(), r.secondary().value())
          .allSatisfy((server, state) -> assertThat(state).isEqualTo(CommonState.NORMAL));
    }
  }

  @Nested
  @DisplayName("when the link between the partners is cut")
  class CutLink {

    @Test
    @DisplayName("neither looks like partner-down before the vendor's delay")
    void aCutLinkNeverLooksLikePartnerDownBeforeTheVendorsDelay() {
      Relationship r = pair("state-2", "10.62.0.0/24");
      cutLink();
      Duration before = fixture.controls().automaticPartnerDown().map(d -> d.dividedBy(2)).orElse(Duration.ofHours(2));
      fixture.controls().advance(before);
      CommonState interrupted = fixture.capabilities().whileCutBeforePartnerDown(r);
      assertThat(states(r)).allSatisfy((server, state) -> assertThat(state).isEqualTo(interrupted));
    }

    @Test
    @DisplayName("they end in partner-down, by the vendor's delay or by the operator")
    void aCutLinkEndsInPartnerDownByTheVendorsDelayOrByTheOperator() {
      Relationship r = pair("state-3", "10.63.0.0/24");
      cutUntilPartnerDown(r);
    }
  }

  @Nested
  @DisplayName("when the link comes back")
  class RestoredLink {

    @Test
    @DisplayName("both are normal again within the recovery time")
    void aRestoredLinkBringsBothBackToNormalWithinTheRecoveryTime() {
      Relationship r = pair("state-4", "10.64.0.0/24");
      cutUntilPartnerDown(r);
      restoreLink();
      waitUntil(r, s -> s == CommonState.NORMAL, fixture.controls().recovery(), "both normal after the link came back");
    }

    @Test
    @DisplayName("before any partner-down, both are normal at once")
    void aLinkCutAndRestoredBeforeAnyPartnerDownIsNormalAtOnce() {
      Relationship r = pair("state-5", "10.65.0.0/24");
      cutLink();
      fixture.controls().advance(Duration.ofMillis(100));
      restoreLink();
      waitUntil(r, s -> s == CommonState.NORMAL, Duration.ofSeconds(10), "both normal again");
    }
  }
}
