package io.crmventas.core.conversation;

import io.crmventas.core.lead.LeadId;
import io.crmventas.core.store.InsertResult;
import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.tenant.UserId;
import java.util.List;
import java.util.Optional;

/**
 * One tenant's conversations, and the one way messages enter them. Thread-safe.
 */
public interface ConversationStore {

  /**
   * Returns the lead's conversation on {@code candidate}'s channel, creating it from
   * {@code candidate} if there is none. Concurrent calls for one lead and channel end with
   * one conversation.
   *
   * @throws io.crmventas.core.InvalidInputException if the lead is not this tenant's
   */
  InsertResult<Conversation> openOrGet(Conversation candidate);

  /** The conversation with this id, if any. */
  Optional<Conversation> find(ConversationId id);

  /** The lead's conversation on {@code channel}, if any. */
  Optional<Conversation> findByLead(LeadId leadId, String channel);

  /**
   * Conversations matching {@code query}, most recently active first (last message time, or
   * creation time before any message; then id).
   */
  Page<Conversation> list(ConversationQuery query, PageRequest page);

  /** How many conversations match {@code query}. */
  long count(ConversationQuery query);

  /**
   * Stores a message and, in the same transaction, updates its conversation (last message
   * times per author, the waiting-for-reply mark, the message count) and its lead (last
   * inbound or outbound time). A message whose provider id is already stored is not stored
   * again.
   *
   * <p>A lead message starts the waiting-for-reply mark if none is set; a bot or seller
   * message clears it. System messages change neither.
   *
   * @return {@code Inserted} with the message, or {@code Duplicate} with the stored message
   *     that has the same provider id
   * @throws io.crmventas.core.InvalidInputException if the conversation is not this tenant's
   *     or belongs to another lead
   */
  InsertResult<Message> append(Message message);

  /**
   * Sets the seller of every conversation of {@code leadId} (empty to unassign).
   *
   * @return how many conversations changed
   * @throws io.crmventas.core.InvalidInputException if the seller is not a member
   */
  int assignLead(LeadId leadId, Optional<UserId> sellerId);

  /**
   * Inside a unit of work, locks the lead's conversations until the unit ends (PostgreSQL
   * {@code SELECT ... FOR UPDATE}, in id order). A unit that changes a lead and its conversations
   * calls it before locking or writing the lead: appending a message writes its conversation
   * before its lead, and taking the two in the same order everywhere keeps the units from
   * deadlocking. A store whose units cannot deadlock (the in-memory one) only reads them; so does
   * the default.
   *
   * @return the lead's conversations, as locked
   */
  default List<Conversation> lockByLead(LeadId leadId) {
    return list(new ConversationQuery(Optional.empty(), false, Optional.empty(), false, Optional.of(leadId)),
        PageRequest.first(PageRequest.MAX_LIMIT)).items();
  }

  /**
   * Opens or closes a conversation.
   *
   * @throws io.crmventas.core.NotFoundException if there is no such conversation
   */
  Conversation setStatus(ConversationId id, ConversationStatus status);
}
