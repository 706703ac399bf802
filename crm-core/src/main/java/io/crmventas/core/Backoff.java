package io.crmventas.core;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: the wait after failed attempt n is {@code initial * 2^(n-1)},
 * capped at {@code max}, of which a random half is taken away. Half fixed, half random spreads
 * the retries of many callers without making any wait tiny.
 *
 * @param initial the cap of the first wait (zero or more)
 * @param max the largest cap of any wait (at least {@code initial})
 */
public record Backoff(Duration initial, Duration max) {

  public Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative()) {
      throw new InvalidInputException("initialBackoff", initial, "must not be negative");
    }
    if (max.compareTo(initial) < 0) {
      throw new InvalidInputException("maxBackoff", max, "must be at least the initial backoff " + initial);
    }
  }

  /** The cap for failed attempt {@code attempt} (1-based): doubling from {@code initial}, at most {@code max}. */
  public Duration cap(int attempt) {
    if (attempt < 1) {
      throw new InvalidInputException("attempt", attempt, "must be at least 1");
    }
    long initialMillis = initial.toMillis();
    long maxMillis = max.toMillis();
    int doublings = Math.min(attempt - 1, 62);
    // initial * 2^doublings, without overflowing a long
    long capped = initialMillis > (maxMillis >> doublings) ? maxMillis : Math.min(maxMillis, initialMillis << doublings);
    return Duration.ofMillis(capped);
  }

  /** The wait after failed attempt {@code attempt} (1-based): between half of {@link #cap} and all of it. */
  public Duration delay(int attempt) {
    long capped = cap(attempt).toMillis();
    return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
  }
}
