package io.crmventas.core.notification;

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
 * A message to one user about something that needs their attention.
 *
 * @param dedupKey identifies the occurrence of the condition (for example
 *     {@code unanswered:<conversation>:<first waiting message time>}); unique per recipient, so
 *     checking the same condition twice creates one notification
 * @param data small structured details for the UI (ids, figures)
 * @param readAt when the recipient marked it read
 * @param expiresAt after this it is removed; empty keeps it until trimmed
 */
public record Notification(
    NotificationId id,
    TenantId tenantId,
    UserId recipientId,
    NotificationType type,
    Priority priority,
    String title,
    String message,
    Map<String, String> data,
    Optional<RelatedEntity> related,
    String dedupKey,
    Optional<Instant> readAt,
    Optional<Instant> expiresAt,
    Instant createdAt) {

  private static final Pattern KEY = Pattern.compile("^[\\x21-\\x7e]{1,300}$");

  public Notification {
    Check.notNull("id", id);
    Check.notNull("tenantId", tenantId);
    Check.notNull("recipientId", recipientId);
    Check.notNull("type", type);
    Check.notNull("priority", priority);
    title = Check.text("title", title, 255);
    message = Check.text("message", message, 4000);
    data = Collections.unmodifiableMap(new TreeMap<>(Check.map("data", data)));
    Check.optional("related", related);
    Check.matches("dedupKey", dedupKey, KEY, "must be 1 to 300 printable ASCII characters without spaces");
    readAt = Check.optionalInstant("readAt", readAt);
    expiresAt = Check.optionalInstant("expiresAt", expiresAt);
    createdAt = Check.instant("createdAt", createdAt);
  }

  public boolean isRead() {
    return readAt.isPresent();
  }

  public Notification withReadAt(Instant at) {
    return new Notification(id, tenantId, recipientId, type, priority, title, message, data, related, dedupKey,
        Optional.of(at), expiresAt, createdAt);
  }
}
