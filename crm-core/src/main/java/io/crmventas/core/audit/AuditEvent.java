package io.crmventas.core.audit;

import io.crmventas.core.internal.Check;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A record of something that changed and who changed it, kept for accountability.
 *
 * @param actorId the user who acted; empty for the system
 * @param action a dotted verb, for example {@code lead.reassigned}
 */
public record AuditEvent(
    AuditEventId id,
    TenantId tenantId,
    Optional<UserId> actorId,
    String action,
    String entityType,
    String entityId,
    Map<String, String> details,
    Instant at) {

  private static final Pattern ACTION = Pattern.compile("^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$");

  public AuditEvent {
    Check.notNull("id", id);
    Check.notNull("tenantId", tenantId);
    Check.optional("actorId", actorId);
    Check.matches("action", action, ACTION, "must be dotted lower-case words such as lead.reassigned");
    entityType = Check.text("entityType", entityType, 40);
    entityId = Check.text("entityId", entityId, 200);
    details = Collections.unmodifiableMap(new TreeMap<>(Check.map("details", details)));
    at = Check.instant("at", at);
  }
}
