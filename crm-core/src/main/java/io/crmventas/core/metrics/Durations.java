package io.crmventas.core.metrics;

import io.crmventas.core.InvalidInputException;
import java.util.Optional;

/**
 * A set of durations in whole milliseconds, summarised: how many, their sum, and the p50 and
 * p90 by nearest rank (the value at position {@code ceil(p * count)} of the sorted values, which
 * is what PostgreSQL's {@code percentile_disc} returns). Percentiles of no values are absent.
 */
public record Durations(long count, long sumMillis, Optional<Long> p50Millis, Optional<Long> p90Millis) {

  /** No values. */
  public static final Durations NONE = new Durations(0, 0, Optional.empty(), Optional.empty());

  public Durations {
    if (count < 0) {
      throw new InvalidInputException("count", count, "must not be negative");
    }
    if (sumMillis < 0) {
      throw new InvalidInputException("sumMillis", sumMillis, "must not be negative");
    }
    if ((count == 0) != p50Millis.isEmpty() || (count == 0) != p90Millis.isEmpty()) {
      throw new InvalidInputException("p50Millis", p50Millis, "must be present exactly when count > 0");
    }
  }

  /** Summarises {@code values} (not sorted; the array is sorted in place). */
  public static Durations of(long[] values) {
    if (values.length == 0) {
      return NONE;
    }
    java.util.Arrays.sort(values);
    long sum = 0;
    for (long v : values) {
      sum += v;
    }
    return new Durations(values.length, sum, Optional.of(nearestRank(values, 0.5)), Optional.of(nearestRank(values, 0.9)));
  }

  /** The value at position {@code ceil(p * n)} (1-based) of sorted {@code values}. */
  static long nearestRank(long[] sorted, double p) {
    long rank = (long) Math.ceil(p * sorted.length);
    return sorted[(int) Math.max(1, Math.min(sorted.length, rank)) - 1];
  }

  /** The mean in milliseconds; absent when there are no values. */
  public Optional<Double> averageMillis() {
    return count == 0 ? Optional.empty() : Optional.of((double) sumMillis / count);
  }
}
