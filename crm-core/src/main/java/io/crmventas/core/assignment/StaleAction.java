package io.crmventas.core.assignment;

/** What happens when the assigned seller does not reply within a rule's limit. */
public enum StaleAction {
  /** Move the lead to the next candidate. */
  REASSIGN,
  /** Keep the seller but alert the CEO. */
  ESCALATE
}
