package io.crmventas.core.metrics;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.internal.Check;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The team dashboard of one tenant for the period {@code [from, to)}: every seller's metrics
 * (each seller once, in a stable order) and the team's, computed from the raw data at
 * {@code computedAt}.
 */
public record Dashboard(TenantId tenantId, LocalDate from, LocalDate to, Instant computedAt,
    List<SellerMetrics> sellers, SellerMetrics team) {

  public Dashboard {
    Check.notNull("tenantId", tenantId);
    Check.notNull("from", from);
    Check.notNull("to", to);
    Check.notNull("computedAt", computedAt);
    sellers = List.copyOf(Check.notNull("sellers", sellers));
    Check.notNull("team", team);
    if (team.sellerId().isPresent()) {
      throw new InvalidInputException("team", team.sellerId().get(), "must not name a seller");
    }
  }

  /** The metrics of {@code seller}, if they are on this dashboard. */
  public Optional<SellerMetrics> seller(UserId seller) {
    return sellers.stream().filter(m -> m.sellerId().equals(Optional.of(seller))).findFirst();
  }

  /** The leaderboard of this dashboard by {@code metric}. */
  public Leaderboard leaderboard(Metric metric) {
    return Leaderboard.of(metric, sellers);
  }
}
