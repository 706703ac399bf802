package io.crmventas.core.metrics;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.internal.Check;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A seller's metrics for one day of the tenant's calendar, as stored for history and trends.
 * Metrics that have no value for the day (a median of no responses) are absent, not zero.
 *
 * @param period the day, in the tenant's time zone
 * @param metrics metric name to value; every value is finite
 */
public record SellerMetricsSnapshot(
    TenantId tenantId, UserId sellerId, LocalDate period, Map<String, Double> metrics, Instant calculatedAt) {

  public SellerMetricsSnapshot {
    Check.notNull("tenantId", tenantId);
    Check.notNull("sellerId", sellerId);
    Check.notNull("period", period);
    Check.map("metrics", metrics).forEach((k, v) -> {
      if (v.isNaN() || v.isInfinite()) {
        throw new InvalidInputException("metrics." + k, v, "must be a finite number");
      }
    });
    metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
    calculatedAt = Check.instant("calculatedAt", calculatedAt);
  }
}
