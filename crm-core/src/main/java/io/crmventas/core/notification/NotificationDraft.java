package io.crmventas.core.notification;

import io.crmventas.core.internal.Check;
import io.crmventas.core.tenant.UserId;
import java.util.Map;
import java.util.Optional;

/**
 * A notification to send: everything but the id, time and expiry, which the {@link Notifier}
 * sets.
 */
public record NotificationDraft(
    UserId recipientId,
    NotificationType type,
    Priority priority,
    String title,
    String message,
    Map<String, String> data,
    Optional<RelatedEntity> related,
    String dedupKey) {

  public NotificationDraft {
    Check.notNull("recipientId", recipientId);
    Check.notNull("type", type);
    Check.notNull("priority", priority);
    data = Check.map("data", data);
    Check.optional("related", related);
    Check.notNull("dedupKey", dedupKey);
  }
}
