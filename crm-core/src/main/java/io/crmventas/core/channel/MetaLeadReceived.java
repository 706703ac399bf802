package io.crmventas.core.channel;

import io.crmventas.core.event.DomainEvent;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.lead.MetaAttribution;
import io.crmventas.core.tenant.TenantId;
import java.time.Instant;

/** A lead arrived from a Meta click-to-WhatsApp ad; the lead now has source META_ADS and this attribution. */
public record MetaLeadReceived(TenantId tenantId, LeadId leadId, MetaAttribution attribution, Instant occurredAt)
    implements DomainEvent {}
