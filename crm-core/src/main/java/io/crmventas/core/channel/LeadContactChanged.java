package io.crmventas.core.channel;

import io.crmventas.core.contact.ContactAddress;
import io.crmventas.core.event.DomainEvent;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.tenant.TenantId;
import java.time.Instant;

/**
 * A channel moved a lead to a new address ({@link ContactChange}): its phone number, its channel
 * user id or both changed. Published once the change is stored; at least once, like every
 * channel event.
 *
 * @param previous the address the channel said the person had ({@link ContactChange#previous()})
 * @param current the lead's address now
 */
public record LeadContactChanged(TenantId tenantId, LeadId leadId, ContactAddress previous, ContactAddress current,
    Instant occurredAt) implements DomainEvent {}
