package io.crmventas.core.scoring;

import io.crmventas.core.event.DomainEvent;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.lead.LeadScore;
import io.crmventas.core.tenant.TenantId;
import java.time.Instant;
import java.util.Optional;

/** A lead's score changed (or it was scored for the first time). */
public record LeadScored(
    TenantId tenantId, LeadId leadId, Optional<LeadScore> previous, LeadScore score, ScoreTrigger trigger,
    Instant occurredAt) implements DomainEvent {}
