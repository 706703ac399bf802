package io.crmventas.core.assignment;

import io.crmventas.core.event.DomainEvent;
import io.crmventas.core.tenant.TenantId;
import java.time.Instant;

/** A lead got a seller (automatically, manually, by reassignment or because the last one was too slow). */
public record LeadAssigned(Assignment assignment) implements DomainEvent {
  @Override
  public TenantId tenantId() {
    return assignment.tenantId();
  }

  @Override
  public Instant occurredAt() {
    return assignment.at();
  }
}
