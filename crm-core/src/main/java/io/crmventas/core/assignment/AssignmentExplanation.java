package io.crmventas.core.assignment;

import io.crmventas.core.internal.Check;
import io.crmventas.core.tenant.UserId;
import java.util.List;
import java.util.Optional;

/**
 * Why a lead went to a seller (or to nobody): who was considered, each filter with whom it
 * removed and why, how the strategy ranked the rest, and the pick.
 *
 * @param rule the rule that matched, or a description of the fallback
 * @param candidates every member considered before filtering
 * @param filters the filters in the order applied
 * @param ranking the remaining candidates as the strategy ordered them, best first
 * @param picked the chosen seller; empty when nobody qualified
 * @param summary one sentence for people
 */
public record AssignmentExplanation(
    String rule,
    List<UserId> candidates,
    List<Filter> filters,
    Optional<AssignmentStrategy> strategy,
    List<Ranked> ranking,
    Optional<UserId> picked,
    String summary) {

  /** The longest summary kept, in characters. */
  public static final int MAX_SUMMARY = 1000;

  public AssignmentExplanation {
    rule = Check.text("explanation.rule", rule, 200);
    candidates = Check.list("explanation.candidates", candidates);
    filters = Check.list("explanation.filters", filters);
    Check.optional("explanation.strategy", strategy);
    ranking = Check.list("explanation.ranking", ranking);
    Check.optional("explanation.picked", picked);
    summary = Check.text("explanation.summary", summary, MAX_SUMMARY);
  }

  /** An explanation for a decision a person made (manual assignment or reassignment). */
  public static AssignmentExplanation manual(UserId seller, String summary) {
    return new AssignmentExplanation("manual", List.of(seller), List.of(), Optional.empty(), List.of(),
        Optional.of(seller), summary);
  }

  /** One filter and the candidates it removed. */
  public record Filter(String name, List<Removal> removed) {
    public Filter {
      name = Check.text("filter.name", name, 100);
      removed = Check.list("filter.removed", removed);
    }
  }

  /** A candidate a filter removed, and why. */
  public record Removal(UserId sellerId, String why) {
    public Removal {
      Check.notNull("removal.sellerId", sellerId);
      why = Check.text("removal.why", why, 300);
    }
  }

  /** A candidate's place in the strategy's order, with the measure that put it there. */
  public record Ranked(UserId sellerId, double value, String measure) {
    public Ranked {
      Check.notNull("ranked.sellerId", sellerId);
      if (Double.isNaN(value) || Double.isInfinite(value)) {
        throw new io.crmventas.core.InvalidInputException("ranked.value", value, "must be a finite number");
      }
      measure = Check.text("ranked.measure", measure, 200);
    }
  }
}
