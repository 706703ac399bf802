package io.crmventas.core.assignment;

/** How the engine picks one seller among those who may take a lead. */
public enum AssignmentStrategy {
  /** The seller whose last assignment is oldest; never-assigned sellers first. */
  ROUND_ROBIN,
  /** The seller with the fewest open conversations. */
  LEAST_LOADED,
  /** The seller with the highest conversion over the last 30 days (with a minimum sample). */
  BEST_PERFORMER,
  /** The seller whose skills best match the lead's source, tags and language. */
  SKILLS,
  /** Hot leads to the best converters with room; others least loaded. */
  SCORE_AWARE
}
