package io.crmventas.core.assignment;

import io.crmventas.core.internal.Check;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.tenant.UserId;
import java.time.Duration;
import java.time.Instant;

/**
 * A lead whose seller has not written to it since the rule-driven assignment and whose rule's
 * limit has passed.
 */
public record StaleAssignment(
    LeadId leadId, UserId sellerId, AssignmentId assignmentId, AssignmentRuleId ruleId, Instant assignedAt,
    Duration limit, StaleAction action) {

  public StaleAssignment {
    Check.notNull("leadId", leadId);
    Check.notNull("sellerId", sellerId);
    Check.notNull("assignmentId", assignmentId);
    Check.notNull("ruleId", ruleId);
    assignedAt = Check.instant("assignedAt", assignedAt);
    Check.notNull("limit", limit);
    Check.notNull("action", action);
  }
}
