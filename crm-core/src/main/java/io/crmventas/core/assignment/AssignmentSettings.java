package io.crmventas.core.assignment;

import io.crmventas.core.tenant.Setting;
import java.time.Duration;

/** The tenant settings the assignment engine reads. */
public final class AssignmentSettings {
  private AssignmentSettings() {}

  /** At most this many leads per seller per {@link #FAIRNESS_WINDOW}; 0 turns the limit off (default). */
  public static final Setting<Integer> FAIRNESS_CAP = Setting.integer("assignment.fairness.cap", 0, 0, 100_000);
  /** The window of the fairness limit (default one hour). */
  public static final Setting<Duration> FAIRNESS_WINDOW = Setting.duration("assignment.fairness.window",
      Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofDays(31));
  /** How far back conversion is measured for the best-performer strategy (default 30 days). */
  public static final Setting<Duration> PERFORMANCE_PERIOD = Setting.duration("assignment.performance.period",
      Duration.ofDays(30), Duration.ofDays(1), Duration.ofDays(365));
  /** Leads a seller needs in the period before their conversion counts (default 10). */
  public static final Setting<Integer> PERFORMANCE_MIN_SAMPLE =
      Setting.integer("assignment.performance.min_sample", 10, 1, 100_000);
}
