package io.crmventas.ycloud.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmventas.core.testing.MutableClock;
import io.crmventas.core.testing.TestData;
import io.crmventas.core.tenant.TenantId;
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
}
