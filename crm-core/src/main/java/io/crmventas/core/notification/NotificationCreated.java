package io.crmventas.core.notification;

import io.crmventas.core.event.DomainEvent;
import io.crmventas.core.tenant.TenantId;
import java.time.Instant;

/** A notification was stored for its recipient. Realtime delivery listens to this. */
public record NotificationCreated(Notification notification) implements DomainEvent {
  @Override
  public TenantId tenantId() {
    return notification.tenantId();
  }

  @Override
  public Instant occurredAt() {
    return notification.createdAt();
  }
}
