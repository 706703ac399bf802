package io.crmventas.core.channel;

import io.crmventas.core.conversation.ConversationId;
import io.crmventas.core.conversation.MessageId;
import io.crmventas.core.event.DomainEvent;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.tenant.TenantId;
import java.time.Instant;

/**
 * A message the business sent could not be delivered: its status became failed
 * ({@link InboundRecorder#recordDeliveryStatus}). Listen to it to fall back to a template when
 * the 24-hour window closed, to stop writing to a recipient WhatsApp refuses, or to tell a
 * person. Published at least once, like every channel event, each time the channel reports the
 * failure.
 *
 * @param providerMessageId the channel's id of the message
 */
public record MessageDeliveryFailed(TenantId tenantId, LeadId leadId, ConversationId conversationId,
    MessageId messageId, String providerMessageId, DeliveryFailure failure, Instant occurredAt) implements DomainEvent {}
