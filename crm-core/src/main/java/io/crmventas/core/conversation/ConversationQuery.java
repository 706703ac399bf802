package io.crmventas.core.conversation;

import io.crmventas.core.lead.LeadId;
import io.crmventas.core.tenant.UserId;
import java.util.Optional;

/**
 * Filters for listing conversations; every filter given must hold.
 *
 * @param sellerId only conversations of this seller
 * @param unassignedOnly only conversations without a seller
 * @param status only conversations in this status
 * @param awaitingReply only conversations where a lead message waits for an answer
 * @param leadId only this lead's conversations
 */
public record ConversationQuery(
    Optional<UserId> sellerId,
    boolean unassignedOnly,
    Optional<ConversationStatus> status,
    boolean awaitingReply,
    Optional<LeadId> leadId) {

  /** Every conversation. */
  public static final ConversationQuery ALL =
      new ConversationQuery(Optional.empty(), false, Optional.empty(), false, Optional.empty());

  public ConversationQuery {
    io.crmventas.core.internal.Check.optional("sellerId", sellerId);
    io.crmventas.core.internal.Check.optional("status", status);
    io.crmventas.core.internal.Check.optional("leadId", leadId);
    if (unassignedOnly && sellerId.isPresent()) {
      throw new io.crmventas.core.InvalidInputException("sellerId", sellerId.get(), "cannot be combined with unassignedOnly");
    }
  }

  /** One seller's conversations. */
  public static ConversationQuery ofSeller(UserId sellerId) {
    return ALL.withSeller(sellerId);
  }

  public ConversationQuery withSeller(UserId seller) {
    return new ConversationQuery(Optional.of(seller), false, status, awaitingReply, leadId);
  }

  public ConversationQuery withStatus(ConversationStatus value) {
    return new ConversationQuery(sellerId, unassignedOnly, Optional.of(value), awaitingReply, leadId);
  }

  public ConversationQuery awaitingReplyOnly() {
    return new ConversationQuery(sellerId, unassignedOnly, status, true, leadId);
  }

  public ConversationQuery unassigned() {
    return new ConversationQuery(Optional.empty(), true, status, awaitingReply, leadId);
  }

  /** Whether {@code c} passes every filter. */
  public boolean matches(Conversation c) {
    return (sellerId.isEmpty() || sellerId.equals(c.assignedSellerId()))
        && (!unassignedOnly || c.assignedSellerId().isEmpty())
        && (status.isEmpty() || status.get() == c.status())
        && (!awaitingReply || c.awaitingReplySince().isPresent())
        && (leadId.isEmpty() || leadId.get().equals(c.leadId()));
  }
}
