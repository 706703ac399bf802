package io.crmventas.ycloud.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.testing.MutableClock;
import io.crmventas.core.testing.TestData;
import io.crmventas.ycloud.dedup.EventDeduplicator.Claim;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryEventDeduplicatorTest {
  private final MutableClock clock = MutableClock.at(TestData.T0);
  private final InMemoryEventDeduplicator d =
      new InMemoryEventDeduplicator(clock, Duration.ofHours(24), Duration.ofSeconds(60), 10);
  private final TenantId tenant = TestData.newTenantId();

  @Test
  void aClaimIsHeldUntilStoredOrReleased() {
    assertThat(d.claim(tenant, "ycloud", "e1")).isEqualTo(Claim.CLAIMED);
    assertThat(d.claim(tenant, "ycloud", "e1")).isEqualTo(Claim.IN_FLIGHT);
    d.release(tenant, "ycloud", "e1");
    assertThat(d.claim(tenant, "ycloud", "e1")).isEqualTo(Claim.CLAIMED);
    d.stored(tenant, "ycloud", "e1");
    assertThat(d.claim(tenant, "ycloud", "e1")).isEqualTo(Claim.STORED);
    assertThat(d.claim(TestData.newTenantId(), "ycloud", "e1")).isEqualTo(Claim.CLAIMED);
  }

  @Test
  void anAbandonedClaimExpiresAndAStoredEventIsForgottenAfterItsTtl() {
    assertThat(d.claim(tenant, "ycloud", "crashed")).isEqualTo(Claim.CLAIMED);
    clock.advance(Duration.ofSeconds(61));
    assertThat(d.claim(tenant, "ycloud", "crashed")).isEqualTo(Claim.CLAIMED);
    d.stored(tenant, "ycloud", "crashed");
    clock.advance(Duration.ofHours(23));
    assertThat(d.claim(tenant, "ycloud", "crashed")).isEqualTo(Claim.STORED);
    clock.advance(Duration.ofHours(2));
    assertThat(d.claim(tenant, "ycloud", "crashed")).isEqualTo(Claim.CLAIMED);
  }

  @Test
  void pastItsCapacityItFirstDropsWhatExpired() {
    for (int i = 1; i < InMemoryEventDeduplicator.SWEEP_EVERY; i++) {
      d.claim(tenant, "ycloud", "old-" + i);
    }
    d.stored(tenant, "ycloud", "kept");
    clock.advance(Duration.ofSeconds(61));
    assertThat(d.size()).isEqualTo(InMemoryEventDeduplicator.SWEEP_EVERY);

    assertThat(d.claim(tenant, "ycloud", "fresh")).isEqualTo(Claim.CLAIMED);

    assertThat(d.size()).isEqualTo(2);
    assertThat(d.claim(tenant, "ycloud", "kept")).isEqualTo(Claim.STORED);
    assertThat(d.claim(tenant, "ycloud", "fresh")).isEqualTo(Claim.IN_FLIGHT);
  }

  @Test
  void pastItsCapacityWithNothingExpiredItForgetsEverythingAndTheInboxDecides() {
    d.stored(tenant, "ycloud", "stored-early");
    for (int i = 1; i <= InMemoryEventDeduplicator.SWEEP_EVERY; i++) {
      d.claim(tenant, "ycloud", "live-" + i);
    }
    assertThat(d.size()).isEqualTo(0);
    assertThat(d.claim(tenant, "ycloud", "stored-early")).isEqualTo(Claim.CLAIMED);
  }

  @Test
  void expiredEntriesAreDroppedWithinAMinuteEvenUnderItsCapacity() {
    InMemoryEventDeduplicator roomy = InMemoryEventDeduplicator.create(clock);
    for (int i = 0; i < 5; i++) {
      roomy.claim(tenant, "ycloud", "abandoned-" + i);
    }
    clock.advance(Duration.ofSeconds(61));
    assertThat(roomy.claim(tenant, "ycloud", "next")).isEqualTo(Claim.CLAIMED);
    assertThat(roomy.size()).as("the abandoned claims are gone, not kept until a million").isEqualTo(1);
  }

  @Test
  void pastItsCapacityItForgetsStoredEventsBeforeClaimsInFlight() {
    for (int i = 0; i < 20; i++) {
      d.stored(tenant, "ycloud", "stored-" + i);
    }
    clock.advance(Duration.ofSeconds(61));
    assertThat(d.claim(tenant, "ycloud", "in-flight")).isEqualTo(Claim.CLAIMED);
    assertThat(d.size()).isEqualTo(1);
    assertThat(d.claim(tenant, "ycloud", "in-flight")).isEqualTo(Claim.IN_FLIGHT);
    assertThat(d.claim(tenant, "ycloud", "stored-3")).as("the inbox decides").isEqualTo(Claim.CLAIMED);
  }

  @Test
  void badSettingsAreRefusedByName() {
    assertThatThrownBy(() -> new InMemoryEventDeduplicator(clock, Duration.ofHours(1), Duration.ofSeconds(1), 0))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("maxEntries");
    assertThatThrownBy(() -> new InMemoryEventDeduplicator(clock, Duration.ZERO, Duration.ofSeconds(1), 10))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("storedTtl");
  }
}
