package io.crmventas.core.notification;

import io.crmventas.core.internal.Check;
import io.crmventas.core.tenant.UserId;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Filters for listing notifications.
 *
 * @param recipientId only this user's; empty for the whole tenant (what a CEO sees)
 * @param unreadOnly only unread ones
 * @param types only these types; empty for any
 */
public record NotificationQuery(Optional<UserId> recipientId, boolean unreadOnly, Set<NotificationType> types) {
  public NotificationQuery {
    Check.optional("recipientId", recipientId);
    Check.notNull("types", types);
    types = types.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(types));
  }

  /** Everything addressed to {@code recipient}. */
  public static NotificationQuery forRecipient(UserId recipient) {
    return new NotificationQuery(Optional.of(recipient), false, Set.of());
  }

  /** Every notification of the tenant. */
  public static NotificationQuery wholeTenant() {
    return new NotificationQuery(Optional.empty(), false, Set.of());
  }

  public NotificationQuery unread() {
    return new NotificationQuery(recipientId, true, types);
  }

  public NotificationQuery ofTypes(Set<NotificationType> values) {
    return new NotificationQuery(recipientId, unreadOnly, values);
  }

  /** Whether {@code n} passes every filter. */
  public boolean matches(Notification n) {
    return (recipientId.isEmpty() || recipientId.get().equals(n.recipientId()))
        && (!unreadOnly || !n.isRead())
        && (types.isEmpty() || types.contains(n.type()));
  }
}
