package io.crmventas.core.lead;

import io.crmventas.core.internal.Check;

/**
 * One reason behind a score: the rule that gave it, its points and a sentence a seller
 * understands ("+15 came from a Meta ad").
 *
 * @param rule the stable id of the scoring rule, for example {@code source}
 * @param points what the rule added (negative when it took away)
 * @param reason the explanation in the tenant's language
 */
public record ScoreFactor(String rule, int points, String reason) {
  public ScoreFactor {
    rule = Check.text("factor.rule", rule, 60);
    Check.range("factor.points", points, -1000, 1000);
    reason = Check.text("factor.reason", reason, 300);
  }
}
