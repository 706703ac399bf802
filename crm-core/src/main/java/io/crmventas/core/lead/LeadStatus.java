package io.crmventas.core.lead;

/** Where a lead is in the funnel. */
public enum LeadStatus {
  NEW,
  CONTACTED,
  QUALIFIED,
  MEETING_SCHEDULED,
  WON,
  LOST,
  DISCARDED;

  /** Whether the lead is still being worked (not won, lost or discarded). */
  public boolean isOpen() {
    return this != WON && this != LOST && this != DISCARDED;
  }
}
