package io.crmventas.core.internal;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.conversation.ConversationStatus;

/**
 * What {@link io.crmventas.core.conversation.ConversationStore#openOrGet} accepts as a candidate:
 * a conversation as {@link Conversation#open} makes it, open and with no messages. Its counters
 * and times are the store's to keep, from the messages appended; a candidate that carries its own
 * would be stored with figures no message stands behind. Both stores check it here.
 */
public final class NewConversation {
  private NewConversation() {}

  /** @throws InvalidInputException naming the first field that is not a new conversation's */
  public static Conversation check(Conversation c) {
    if (c.status() != ConversationStatus.OPEN) {
      throw new InvalidInputException("status", c.status(), "must be OPEN for a new conversation");
    }
    if (c.messageCount() != 0) {
      throw new InvalidInputException("messageCount", c.messageCount(), "must be 0 for a new conversation");
    }
    if (c.lastMessageAt().isPresent() || c.lastLeadMessageAt().isPresent() || c.lastSellerMessageAt().isPresent()
        || c.lastBotMessageAt().isPresent() || c.awaitingReplySince().isPresent()) {
      throw new InvalidInputException("lastMessageAt", c.lastMessageAt().orElse(null),
          "and the other message times must be empty for a new conversation (appending sets them)");
    }
    return c;
  }
}
