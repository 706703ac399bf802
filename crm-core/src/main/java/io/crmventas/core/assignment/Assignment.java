package io.crmventas.core.assignment;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.internal.Check;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.time.Instant;
import java.util.Optional;

/**
 * One entry of a lead's assignment history: who got it, from whom, how, by whom and why.
 *
 * @param sellerId the new seller; empty only for {@link AssignmentKind#UNASSIGNMENT}
 * @param previousSellerId the seller who had it before, if any
 * @param ruleId the rule that decided an automatic assignment
 * @param assignedBy the person who decided a manual one
 * @param reason the reason a person gave (required for a reassignment)
 */
public record Assignment(
    AssignmentId id,
    TenantId tenantId,
    LeadId leadId,
    Optional<UserId> sellerId,
    Optional<UserId> previousSellerId,
    AssignmentKind kind,
    Optional<AssignmentRuleId> ruleId,
    Optional<UserId> assignedBy,
    Optional<String> reason,
    AssignmentExplanation explanation,
    Instant at) {

  public Assignment {
    Check.notNull("id", id);
    Check.notNull("tenantId", tenantId);
    Check.notNull("leadId", leadId);
    Check.optional("sellerId", sellerId);
    Check.optional("previousSellerId", previousSellerId);
    Check.notNull("kind", kind);
    Check.optional("ruleId", ruleId);
    Check.optional("assignedBy", assignedBy);
    reason = Check.optionalText("reason", reason, 1000);
    Check.notNull("explanation", explanation);
    at = Check.instant("at", at);
    if (sellerId.isEmpty() != (kind == AssignmentKind.UNASSIGNMENT)) {
      throw new InvalidInputException("sellerId", sellerId.orElse(null),
          kind == AssignmentKind.UNASSIGNMENT ? "must be empty when unassigning" : "is required for " + kind);
    }
    if (kind == AssignmentKind.REASSIGNMENT && reason.isEmpty()) {
      throw new InvalidInputException("reason", null, "is required for a reassignment");
    }
  }
}
