package io.crmventas.core.lead;

import io.crmventas.core.internal.Check;
import java.util.Optional;

/**
 * What the assistant or a seller learned about the lead's intent.
 *
 * @param interest how interested the lead said they are
 * @param timeline when they intend to buy
 * @param budget the budget they stated, in their words
 * @param need a short summary of what they need
 */
public record Qualification(
    Optional<Interest> interest, Optional<Timeline> timeline, Optional<String> budget, Optional<String> need) {

  /** Nothing known yet. */
  public static final Qualification NONE =
      new Qualification(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public Qualification {
    Check.optional("qualification.interest", interest);
    Check.optional("qualification.timeline", timeline);
    budget = Check.optionalText("qualification.budget", budget, 200);
    need = Check.optionalText("qualification.need", need, 1000);
  }

  /** Stated interest. */
  public enum Interest { HIGH, MEDIUM, LOW }

  /** Stated purchase timeline. */
  public enum Timeline {
    /** This week. */
    IMMEDIATE,
    /** Within a month. */
    THIS_MONTH,
    /** Within three months. */
    THIS_QUARTER,
    /** Later, or only exploring. */
    LATER
  }

  public boolean isEmpty() {
    return interest.isEmpty() && timeline.isEmpty() && budget.isEmpty() && need.isEmpty();
  }

  public Qualification withInterest(Interest value) {
    return new Qualification(Optional.of(value), timeline, budget, need);
  }

  public Qualification withTimeline(Timeline value) {
    return new Qualification(interest, Optional.of(value), budget, need);
  }

  public Qualification withBudget(String value) {
    return new Qualification(interest, timeline, Optional.of(value), need);
  }

  public Qualification withNeed(String value) {
    return new Qualification(interest, timeline, budget, Optional.of(value));
  }
}
