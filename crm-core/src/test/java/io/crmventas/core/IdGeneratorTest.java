package io.crmventas.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmventas.core.internal.Ids;
import io.crmventas.core.testing.MutableClock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdGeneratorTest {

  @Test
  void timeOrderedIdsStrictlyIncreaseEvenWithinAMillisecondOrWhenTheClockStepsBack() {
    MutableClock clock = MutableClock.at("2026-11-25T10:00:00Z");
    IdGenerator ids = IdGenerator.timeOrdered(clock);
    UUID previous = ids.next();
    for (int i = 0; i < 20_000; i++) {
      if (i == 10_000) {
        clock.advance(Duration.ofSeconds(-5));
      }
      UUID next = ids.next();
      assertThat(Ids.compare(next, previous)).as("id %d", i).isPositive();
      assertThat(next.version()).isEqualTo(7);
      assertThat(next.variant()).isEqualTo(2);
      previous = next;
    }
  }

  @Test
  void theTimeIsInTheFirst48Bits() {
    MutableClock clock = MutableClock.at("2026-11-25T10:00:00Z");
    UUID id = IdGenerator.timeOrdered(clock).next();
    assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(clock.millis());
  }
}
