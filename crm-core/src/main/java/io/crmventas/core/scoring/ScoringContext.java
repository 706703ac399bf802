package io.crmventas.core.scoring;

import io.crmventas.core.lead.Lead;
import io.crmventas.core.scoring.PhraseMatcher.Hit;
import io.crmventas.core.scoring.PhraseMatcher.Kind;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What a rule sees: the lead, its signals, the phrases found in its recent messages, and the
 * scoring time.
 */
public record ScoringContext(Lead lead, LeadSignals signals, Map<Kind, Hit> phrases, Instant now) {

  /** The first phrase of {@code kind} the lead wrote recently, if any. */
  public Optional<Hit> phrase(Kind kind) {
    return Optional.ofNullable(phrases.get(kind));
  }
}
