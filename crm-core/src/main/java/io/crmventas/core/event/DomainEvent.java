package io.crmventas.core.event;

import io.crmventas.core.tenant.TenantId;
import java.time.Instant;

/**
 * Something that happened in one tenant, told to listeners after it was stored. Events are
 * immutable records; each names its tenant, so a listener can never mix tenants by mistake.
 */
public interface DomainEvent {

  /** The tenant it happened in. */
  TenantId tenantId();

  /** When it happened. */
  Instant occurredAt();
}
