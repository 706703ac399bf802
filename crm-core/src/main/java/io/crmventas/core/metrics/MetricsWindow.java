package io.crmventas.core.metrics;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.internal.Check;
import io.crmventas.core.tenant.UserId;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What a metrics computation looks at: the period {@code [from, to)} as days of the tenant's
 * calendar, the instant "now" (for the values that describe the present: active and waiting
 * conversations, assignments today, SLA deadlines already passed), the sellers to report on,
 * and the tenant's first-response target.
 *
 * @param from the first day of the period (inclusive), in {@code zone}
 * @param to the day after the last one (exclusive), in {@code zone}; after {@code from}
 * @param now the present; values bounded by "now" never look past it
 * @param zone the tenant's time zone: days start at its midnight
 * @param sellers the sellers to report on, without repeats, in the order to report them
 * @param slaTarget the first-response target (positive)
 */
public record MetricsWindow(
    LocalDate from, LocalDate to, Instant now, ZoneId zone, List<UserId> sellers, Duration slaTarget) {

  /** How far back "active" conversations look from {@link #now}. */
  public static final Duration ACTIVE_WINDOW = Duration.ofHours(24);

  public MetricsWindow {
    Check.notNull("from", from);
    Check.notNull("to", to);
    if (!to.isAfter(from)) {
      throw new InvalidInputException("to", to, "must be after from " + from);
    }
    Check.notNull("now", now);
    Check.notNull("zone", zone);
    Check.notNull("sellers", sellers);
    if (new LinkedHashSet<>(sellers).size() != sellers.size()) {
      throw new InvalidInputException("sellers", sellers, "must not repeat a seller");
    }
    sellers = List.copyOf(sellers);
    Check.notNull("slaTarget", slaTarget);
    if (slaTarget.isNegative() || slaTarget.isZero()) {
      throw new InvalidInputException("slaTarget", slaTarget, "must be positive");
    }
  }

  /** The first instant of the period: midnight of {@link #from} in the tenant's zone. */
  public Instant start() {
    return from.atStartOfDay(zone).toInstant();
  }

  /** The end of the period (exclusive): midnight of {@link #to} in the tenant's zone. */
  public Instant end() {
    return to.atStartOfDay(zone).toInstant();
  }

  /** Days in the period. */
  public long days() {
    return java.time.temporal.ChronoUnit.DAYS.between(from, to);
  }

  /** Midnight of today (the day of {@link #now}) in the tenant's zone. */
  public Instant todayStart() {
    return LocalDate.ofInstant(now, zone).atStartOfDay(zone).toInstant();
  }

  /** Conversations with a message at or after this instant are "active". */
  public Instant activeSince() {
    return now.minus(ACTIVE_WINDOW);
  }
}
