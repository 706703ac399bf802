package io.crmventas.core.assignment;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.internal.Check;
import io.crmventas.core.lead.LeadSource;
import io.crmventas.core.lead.ScoreBand;
import io.crmventas.core.lead.Tags;
import io.crmventas.core.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;

/**
 * A tenant's rule for routing leads: when a lead matches (every non-empty condition holds),
 * the rule's strategy picks from its candidate pool. Rules are tried by ascending
 * {@code priority} (1 first); ties by name.
 *
 * @param sources lead sources it matches; empty matches any
 * @param tags tags of which the lead must have at least one; empty matches any
 * @param bands score bands it matches; empty matches any
 * @param staleAfter how long the assigned seller has to reply before {@code staleAction}
 */
public record AssignmentRule(
    AssignmentRuleId id,
    TenantId tenantId,
    String name,
    int priority,
    boolean active,
    Set<LeadSource> sources,
    SortedSet<String> tags,
    Set<ScoreBand> bands,
    AssignmentStrategy strategy,
    CandidatePool pool,
    Optional<Duration> staleAfter,
    StaleAction staleAction,
    Instant createdAt) {

  /** The longest a seller may take to answer before a rule moves the lead on. */
  public static final Duration MAX_STALE_AFTER = Duration.ofDays(365);

  public AssignmentRule {
    Check.notNull("id", id);
    Check.notNull("tenantId", tenantId);
    name = Check.text("name", name, 100);
    Check.range("priority", priority, 0, 1_000_000);
    sources = Check.set("sources", sources);
    tags = Tags.of(tags);
    bands = Check.set("bands", bands);
    Check.notNull("strategy", strategy);
    Check.notNull("pool", pool);
    staleAfter = Check.optional("staleAfter", staleAfter).map(d -> d.truncatedTo(ChronoUnit.MILLIS));
    staleAfter.ifPresent(d -> {
      if (d.isNegative() || d.isZero()) {
        throw new InvalidInputException("staleAfter", d, "must be positive");
      }
      if (d.compareTo(MAX_STALE_AFTER) > 0) {
        throw new InvalidInputException("staleAfter", d, "must be at most " + MAX_STALE_AFTER.toDays() + " days");
      }
    });
    Check.notNull("staleAction", staleAction);
    createdAt = Check.instant("createdAt", createdAt);
  }
}
