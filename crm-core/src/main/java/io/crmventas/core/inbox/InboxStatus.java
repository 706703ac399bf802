package io.crmventas.core.inbox;

/** Where an inbox event is in its processing. */
public enum InboxStatus {
  /** Waiting for a worker (new, or failed and due to be retried at its next attempt time). */
  PENDING,
  /** Claimed by a worker whose lease has not expired. */
  PROCESSING,
  /** Processed. */
  DONE,
  /** Failed too many times; kept with its last error for a person to look at. */
  DEAD
}
