package io.crmventas.core.lead;

import io.crmventas.core.internal.Check;
import java.time.Instant;
import java.util.List;

/**
 * A lead's score from 0 to 100, its band and the factors that made it.
 *
 * @param scoredAt when it was computed
 */
public record LeadScore(int value, ScoreBand band, List<ScoreFactor> factors, Instant scoredAt) {
  public LeadScore {
    Check.range("score", value, 0, 100);
    Check.notNull("band", band);
    factors = Check.list("factors", factors);
    scoredAt = Check.instant("scoredAt", scoredAt);
  }
}
