package io.crmventas.core.metrics;

import io.crmventas.core.internal.Check;
import io.crmventas.core.internal.Ids;
import io.crmventas.core.tenant.UserId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sellers ranked by one {@link Metric}: each seller exactly once; best first (ascending for
 * metrics where lower is better, such as response times, descending otherwise); sellers without
 * a value (a median of no responses) last; ties ordered by seller id, so the order is stable.
 * Tied sellers share a rank (1, 1, 3...); {@link Entry#position} is always 1, 2, 3...
 */
public record Leaderboard(Metric metric, List<Entry> entries) {

  /** One seller's place. {@code value} is absent when the metric has no value for them. */
  public record Entry(int position, int rank, UserId sellerId, Optional<Double> value) {}

  public Leaderboard {
    Check.notNull("metric", metric);
    entries = List.copyOf(Check.notNull("entries", entries));
  }

  /** Ranks {@code sellers} by {@code metric}; a seller listed twice counts once (the first). */
  public static Leaderboard of(Metric metric, List<SellerMetrics> sellers) {
    Map<UserId, Optional<Double>> values = new LinkedHashMap<>();
    for (SellerMetrics m : sellers) {
      m.sellerId().ifPresent(id -> values.putIfAbsent(id, m.get(metric)));
    }
    Comparator<Double> byValue = metric.lowerIsBetter() ? Comparator.naturalOrder() : Comparator.reverseOrder();
    List<Map.Entry<UserId, Optional<Double>>> sorted = new ArrayList<>(values.entrySet());
    sorted.sort(Comparator.<Map.Entry<UserId, Optional<Double>>, Boolean>comparing(e -> e.getValue().isEmpty())
        .thenComparing(e -> e.getValue().orElse(0.0), byValue)
        .thenComparing((a, b) -> Ids.compare(a.getKey().value(), b.getKey().value())));
    List<Entry> out = new ArrayList<>(sorted.size());
    int rank = 0;
    Optional<Double> previous = null;
    for (int i = 0; i < sorted.size(); i++) {
      Optional<Double> v = sorted.get(i).getValue();
      if (!v.equals(previous)) {
        rank = i + 1;
        previous = v;
      }
      out.add(new Entry(i + 1, rank, sorted.get(i).getKey(), v));
    }
    return new Leaderboard(metric, out);
  }
}
