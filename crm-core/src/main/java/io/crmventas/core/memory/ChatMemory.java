package io.crmventas.core.memory;

import io.crmventas.core.internal.Check;
import io.crmventas.core.tenant.TenantId;
import java.time.Instant;

/**
 * The assistant's memory of one conversation, serialised by the assistant (the core does not
 * interpret it).
 *
 * @param memoryId the assistant's key, usually the conversation or lead id
 */
public record ChatMemory(TenantId tenantId, String memoryId, String payload, Instant updatedAt) {
  public ChatMemory {
    Check.notNull("tenantId", tenantId);
    memoryId = Check.text("memoryId", memoryId, 200);
    Check.notNull("payload", payload);
    updatedAt = Check.instant("updatedAt", updatedAt);
  }
}
