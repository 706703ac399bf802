package io.crmventas.core.scoring;

/** What made the engine score a lead again. */
public enum ScoreTrigger {
  /** The lead wrote. */
  INBOUND_MESSAGE,
  /** The assistant or a seller changed the lead's qualification. */
  QUALIFICATION,
  /** The lead moved in the funnel. */
  STATUS_CHANGE,
  /** A periodic recalculation (scores decay with time). */
  RECALCULATION,
  /** Someone asked for it. */
  MANUAL
}
