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
    if (payload.indexOf(0) >= 0) {
      // PostgreSQL cannot store it; refused here so that both stores say the same.
      throw new io.crmventas.core.InvalidInputException("payload", payload.length() + " characters",
          "must not contain the NUL character (U+0000)");
    }
    updatedAt = Check.instant("updatedAt", updatedAt);
  }
}
