package io.crmventas.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void theCapDoublesFromTheInitialWaitUpToTheMaximum() {
    Backoff b = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(1));
    assertThat(b.cap(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(b.cap(2)).isEqualTo(Duration.ofSeconds(10));
    assertThat(b.cap(4)).isEqualTo(Duration.ofSeconds(40));
    assertThat(b.cap(5)).isEqualTo(Duration.ofMinutes(1));
    assertThat(b.cap(1_000)).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void aHugeAttemptNumberOrInitialWaitNeverOverflows() {
    Backoff b = new Backoff(Duration.ofDays(365), Duration.ofDays(3650));
    assertThat(b.cap(64)).isEqualTo(Duration.ofDays(3650));
    assertThat(b.cap(Integer.MAX_VALUE)).isEqualTo(Duration.ofDays(3650));
  }

  @Test
  void eachDelayIsBetweenHalfTheCapAndTheCap() {
    Backoff b = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));
    for (int attempt = 1; attempt <= 8; attempt++) {
      long cap = b.cap(attempt).toMillis();
      for (int i = 0; i < 200; i++) {
        assertThat(b.delay(attempt).toMillis()).isBetween(cap / 2, cap);
      }
    }
  }

  @Test
  void aZeroBackoffRetriesAtOnce() {
    assertThat(new Backoff(Duration.ZERO, Duration.ZERO).delay(3)).isZero();
  }

  @Test
  void badValuesAreRefusedByName() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(-1), Duration.ofSeconds(1)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("initialBackoff");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(1)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).cap(0))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("attempt");
  }
}
