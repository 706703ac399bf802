package io.crmventas.core.assignment;

import io.crmventas.core.event.DomainEvent;
import io.crmventas.core.tenant.TenantId;
import java.time.Instant;

/** A seller did not answer a lead within the rule's limit and the CEO was told. */
public record AssignmentEscalated(TenantId tenantId, StaleAssignment stale, Instant occurredAt) implements DomainEvent {}
