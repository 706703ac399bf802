package io.crmventas.core.assignment;

import io.crmventas.core.event.DomainEvent;
import io.crmventas.core.tenant.TenantId;
import java.time.Instant;

/** Nobody could take a lead; it waits in the assignment queue. */
public record LeadQueued(TenantId tenantId, QueuedLead entry, AssignmentExplanation explanation) implements DomainEvent {
  @Override
  public Instant occurredAt() {
    return entry.queuedAt();
  }
}
