package io.crmventas.core.scoring;

import io.crmventas.core.internal.Check;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.lead.LeadScore;
import io.crmventas.core.lead.ScoreBand;
import io.crmventas.core.tenant.TenantId;
import java.time.Instant;
import java.util.Optional;

/**
 * One entry of a lead's score history: when, the old and new score, and why (the trigger and
 * the new score's factors).
 */
public record ScoreChange(
    ScoreChangeId id,
    TenantId tenantId,
    LeadId leadId,
    Optional<Integer> oldScore,
    Optional<ScoreBand> oldBand,
    LeadScore newScore,
    ScoreTrigger trigger,
    Instant at) {

  public ScoreChange {
    Check.notNull("id", id);
    Check.notNull("tenantId", tenantId);
    Check.notNull("leadId", leadId);
    Check.optional("oldScore", oldScore);
    Check.optional("oldBand", oldBand);
    Check.notNull("newScore", newScore);
    Check.notNull("trigger", trigger);
    at = Check.instant("at", at);
    if (!newScore.scoredAt().equals(at)) {
      throw new io.crmventas.core.InvalidInputException("at", at, "must equal the new score's time " + newScore.scoredAt());
    }
  }
}
