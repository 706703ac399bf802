package io.crmventas.core.scoring;

import io.crmventas.core.event.DomainEvent;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.lead.LeadStatus;
import io.crmventas.core.tenant.TenantId;
import java.time.Instant;

/** A lead moved in the funnel. */
public record LeadStatusChanged(TenantId tenantId, LeadId leadId, LeadStatus from, LeadStatus to, Instant occurredAt)
    implements DomainEvent {}
