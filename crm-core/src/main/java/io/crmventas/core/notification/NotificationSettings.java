package io.crmventas.core.notification;

import io.crmventas.core.internal.Check;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A user's notification preferences in one tenant.
 *
 * @param mutedTypes types the user does not want
 * @param mutedUntil while in the future, nothing is delivered except critical notifications
 */
public record NotificationSettings(
    TenantId tenantId, UserId userId, Set<NotificationType> mutedTypes, Optional<Instant> mutedUntil, Instant updatedAt) {

  public NotificationSettings {
    Check.notNull("tenantId", tenantId);
    Check.notNull("userId", userId);
    Check.notNull("mutedTypes", mutedTypes);
    mutedTypes = mutedTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(mutedTypes));
    mutedUntil = Check.optionalInstant("mutedUntil", mutedUntil);
    updatedAt = Check.instant("updatedAt", updatedAt);
  }

  /** Nothing muted. */
  public static NotificationSettings defaults(TenantId tenantId, UserId userId, Instant at) {
    return new NotificationSettings(tenantId, userId, Set.of(), Optional.empty(), at);
  }

  /** Whether a notification of {@code type} and {@code priority} should reach the user at {@code now}. */
  public boolean accepts(NotificationType type, Priority priority, Instant now) {
    if (mutedTypes.contains(type)) {
      return false;
    }
    boolean muted = mutedUntil.map(until -> until.isAfter(now)).orElse(false);
    return !muted || priority == Priority.CRITICAL;
  }
}
