package io.crmventas.core.scoring;

import io.crmventas.core.tenant.Setting;

/** The tenant settings scoring reads. */
public final class ScoringSettings {
  private ScoringSettings() {}

  /** A score at or above this is HOT (default 70). */
  public static final Setting<Integer> HOT_THRESHOLD = Setting.integer("scoring.band.hot", 70, 1, 100);
  /** A score at or above this (and below hot) is WARM (default 45). */
  public static final Setting<Integer> WARM_THRESHOLD = Setting.integer("scoring.band.warm", 45, 0, 99);

  /** The weight of rule {@code ruleId}: its points are multiplied by this (default 1, 0 turns it off). */
  public static Setting<Double> weight(String ruleId) {
    return Setting.decimal("scoring.weight." + ruleId, 1.0, 5.0);
  }
}
