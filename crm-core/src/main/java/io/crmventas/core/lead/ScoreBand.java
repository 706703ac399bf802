package io.crmventas.core.lead;

/** A coarse reading of a lead's score, with per-tenant thresholds. */
public enum ScoreBand {
  HOT,
  WARM,
  COLD
}
