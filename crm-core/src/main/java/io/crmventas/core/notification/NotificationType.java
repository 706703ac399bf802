package io.crmventas.core.notification;

/** What a notification is about. */
public enum NotificationType {
  /** An assigned conversation waits for the seller's reply. */
  UNANSWERED,
  /** A lead is hot and recently active. */
  HOT_LEAD,
  /** A lead has had no interaction for too long for its status. */
  FOLLOW_UP,
  /** A seller's response time or conversion is out of bounds. */
  PERFORMANCE,
  /** A first response is close to breaching the tenant's target. */
  SLA_WARNING,
  /** A lead was assigned or reassigned. */
  ASSIGNMENT,
  /** No seller could take a lead; it waits in the queue. */
  ASSIGNMENT_QUEUED,
  /** A seller did not reply in time and the lead was escalated. */
  ESCALATION,
  /** The CEO's daily summary. */
  DAILY_REPORT,
  /** Anything else the system reports. */
  SYSTEM
}
