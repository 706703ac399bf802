package io.crmventas.core.assignment;

/** How a lead came to its seller. */
public enum AssignmentKind {
  /** Chosen by the assignment engine. */
  AUTOMATIC,
  /** Chosen by a CEO for an unassigned lead. */
  MANUAL,
  /** A seller took an unassigned lead for themselves. */
  SELF,
  /** A CEO moved the lead from one seller to another, with a reason. */
  REASSIGNMENT,
  /** The seller did not reply in time and the engine moved the lead on. */
  STALE,
  /** The lead was released and now has no seller. */
  UNASSIGNMENT
}
