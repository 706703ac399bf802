package io.crmventas.core.channel;

import io.crmventas.core.conversation.ConversationId;
import io.crmventas.core.conversation.MessageId;
import io.crmventas.core.event.DomainEvent;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.tenant.TenantId;
import java.time.Instant;

/**
 * A message from a channel was stored in its conversation for the first time.
 *
 * @param fromCustomer false for an echo of the business's own message (never answer those)
 */
public record MessageReceived(TenantId tenantId, LeadId leadId, ConversationId conversationId, MessageId messageId,
    String channel, boolean fromCustomer, Instant occurredAt) implements DomainEvent {}
