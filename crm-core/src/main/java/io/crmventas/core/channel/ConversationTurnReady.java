package io.crmventas.core.channel;

import io.crmventas.core.conversation.ConversationId;
import io.crmventas.core.conversation.MessageId;
import io.crmventas.core.event.DomainEvent;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.tenant.TenantId;
import java.time.Instant;
import java.util.List;

/**
 * A lead finished a burst of messages: the assistant (or a person) may answer now.
 *
 * @param messageIds the burst's messages, oldest first
 * @param text their texts (transcripts for voice notes, captions, summaries such as "Sent an
 *     image" for media without a caption, as the channel adapter gives them) joined by line
 *     breaks; the ids lead to the messages and their media
 * @param lastInboundMessageId the provider id of the burst's last message, for read receipts
 *     and the typing indicator
 */
public record ConversationTurnReady(TenantId tenantId, LeadId leadId, ConversationId conversationId,
    List<MessageId> messageIds, String text, String lastInboundMessageId, Instant occurredAt) implements DomainEvent {
  public ConversationTurnReady {
    messageIds = List.copyOf(messageIds);
  }
}
