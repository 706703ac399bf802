package io.crmventas.core.assignment;

import io.crmventas.core.internal.Check;
import io.crmventas.core.tenant.UserId;
import java.time.Instant;
import java.util.Optional;

/**
 * What the assignment engine needs to know of one seller, read in one query for all sellers.
 *
 * @param openConversations conversations assigned to the seller whose status is OPEN
 * @param lastAssignedAt when the seller last received a lead (any kind of assignment)
 * @param lastAssignmentId the id of that assignment: ids are time-ordered, so it orders
 *     assignments made within the same clock tick
 * @param assignedInWindow how many leads the seller received since the fairness window began
 * @param leadsAssignedInPeriod leads given to the seller in the performance period that the
 *     seller still holds
 * @param leadsWonInPeriod of those, how many are won
 */
public record SellerWorkload(
    UserId sellerId,
    long openConversations,
    Optional<Instant> lastAssignedAt,
    Optional<AssignmentId> lastAssignmentId,
    long assignedInWindow,
    long leadsAssignedInPeriod,
    long leadsWonInPeriod) {

  public SellerWorkload {
    Check.notNull("sellerId", sellerId);
    Check.optionalInstant("lastAssignedAt", lastAssignedAt);
    Check.optional("lastAssignmentId", lastAssignmentId);
  }

  /** A seller with nothing yet. */
  public static SellerWorkload idle(UserId sellerId) {
    return new SellerWorkload(sellerId, 0, Optional.empty(), Optional.empty(), 0, 0, 0);
  }

  /** Won over assigned in the performance period, a fraction from 0 to 1; empty with no leads. */
  public Optional<Double> conversionRate() {
    return leadsAssignedInPeriod == 0 ? Optional.empty()
        : Optional.of((double) leadsWonInPeriod / leadsAssignedInPeriod);
  }
}
