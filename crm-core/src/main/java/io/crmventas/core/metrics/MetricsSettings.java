package io.crmventas.core.metrics;

import io.crmventas.core.tenant.Setting;
import java.time.Duration;

/** The tenant settings the metrics read. */
public final class MetricsSettings {
  private MetricsSettings() {}

  /** The first-response target SLA attainment is measured against (default 15 minutes). */
  public static final Setting<Duration> FIRST_RESPONSE_TARGET = Setting.duration("metrics.first_response.target",
      Duration.ofMinutes(15), Duration.ofSeconds(1), Duration.ofDays(7));

  /** The default dashboard period in days, ending today (default 7). */
  public static final Setting<Integer> DEFAULT_PERIOD_DAYS = Setting.integer("metrics.period.days", 7, 1, 366);

  /** How long daily snapshots are kept (default 400 days). */
  public static final Setting<Integer> SNAPSHOT_RETENTION_DAYS =
      Setting.integer("metrics.snapshots.retention_days", 400, 1, 100_000);
}
