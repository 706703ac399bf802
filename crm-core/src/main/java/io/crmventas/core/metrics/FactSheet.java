package io.crmventas.core.metrics;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.internal.Check;
import java.util.List;

/**
 * What {@link MetricsQueries#facts} returns: one {@link ActivityFacts} per seller of the window,
 * in the window's order, and the team's.
 */
public record FactSheet(List<ActivityFacts> sellers, ActivityFacts team) {
  public FactSheet {
    sellers = List.copyOf(Check.notNull("sellers", sellers));
    Check.notNull("team", team);
    if (team.sellerId().isPresent()) {
      throw new InvalidInputException("team.sellerId", team.sellerId().get(), "must be empty for the team");
    }
  }
}
