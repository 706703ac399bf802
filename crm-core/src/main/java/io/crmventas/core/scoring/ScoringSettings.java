package io.crmventas.core.scoring;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.tenant.Setting;
import io.crmventas.core.tenant.TenantSettings;

/** The tenant settings scoring reads. */
public final class ScoringSettings {
  private ScoringSettings() {}

  /** A score at or above this is HOT (default 70). */
  public static final Setting<Integer> HOT_THRESHOLD = Setting.integer("scoring.band.hot", 70, 1, 100);
  /** A score at or above this (and below hot) is WARM (default 45). */
  public static final Setting<Integer> WARM_THRESHOLD = Setting.integer("scoring.band.warm", 45, 0, 99);

  /** What the key of every rule's weight starts with. */
  public static final String WEIGHT_PREFIX = "scoring.weight.";

  /** The weight of rule {@code ruleId}: its points are multiplied by this (default 1, 0 turns it off). */
  public static Setting<Double> weight(String ruleId) {
    return Setting.decimal(WEIGHT_PREFIX + ruleId, 1.0, 5.0);
  }

  /**
   * Checks that the warm band starts below the hot one in {@code settings}.
   *
   * @throws InvalidInputException naming {@code scoring.band.warm} otherwise
   */
  public static void checkBands(TenantSettings settings) {
    int warm = settings.get(WARM_THRESHOLD);
    int hot = settings.get(HOT_THRESHOLD);
    if (warm >= hot) {
      throw new InvalidInputException(WARM_THRESHOLD.key(), warm, "must be below " + HOT_THRESHOLD.key() + " (" + hot
          + ")");
    }
  }
}
