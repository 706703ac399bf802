package io.crmventas.core.audit;

import io.crmventas.core.internal.Check;
import io.crmventas.core.tenant.UserId;
import java.time.Instant;
import java.util.Optional;

/**
 * Filters for reading the audit trail; every filter given must hold.
 *
 * @param entityType and {@code entityId}: one entity's events
 * @param actorId one actor's events
 * @param from events at or after this time
 * @param before events before this time
 */
public record AuditQuery(
    Optional<String> entityType, Optional<String> entityId, Optional<UserId> actorId,
    Optional<Instant> from, Optional<Instant> before) {

  /** Every event. */
  public static final AuditQuery ALL =
      new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public AuditQuery {
    // The same form events are stored in: " 42" finds what was recorded as "42".
    entityType = Check.optional("entityType", entityType).map(v -> Check.text("entityType", v, 40));
    entityId = Check.optional("entityId", entityId).map(v -> Check.text("entityId", v, 200));
    Check.optional("actorId", actorId);
    from = Check.optionalInstant("from", from);
    before = Check.optionalInstant("before", before);
    if (from.isPresent() && before.isPresent() && !from.get().isBefore(before.get())) {
      throw new io.crmventas.core.InvalidInputException("before", before.get(), "must be after from (" + from.get() + ")");
    }
  }

  /** One entity's events. */
  public static AuditQuery forEntity(String type, String id) {
    return new AuditQuery(Optional.of(type), Optional.of(id), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Whether {@code e} passes every filter. */
  public boolean matches(AuditEvent e) {
    return (entityType.isEmpty() || entityType.get().equals(e.entityType()))
        && (entityId.isEmpty() || entityId.get().equals(e.entityId()))
        && (actorId.isEmpty() || actorId.equals(e.actorId()))
        && (from.isEmpty() || !e.at().isBefore(from.get()))
        && (before.isEmpty() || e.at().isBefore(before.get()));
  }
}
