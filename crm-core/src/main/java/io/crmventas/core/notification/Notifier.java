package io.crmventas.core.notification;

import io.crmventas.core.IdGenerator;
import io.crmventas.core.event.EventPublisher;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.InsertResult;
import io.crmventas.core.store.TenantStore;
import io.crmventas.core.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications: skips what the recipient muted (critical ones always pass), sets the
 * expiry (low and medium priority expire after {@link #LOW_PRIORITY_LIFETIME}), stores each
 * one unless the recipient already has one with the same dedup key, and publishes
 * {@link NotificationCreated} for what it stored.
 *
 * <p>Sending is side work: {@link #send} never throws for a store or listener failure; it logs
 * and returns empty, so the operation that notified goes on. Thread-safe.
 */
public final class Notifier {
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

  /** How long low and medium priority notifications are kept. */
  public static final Duration LOW_PRIORITY_LIFETIME = Duration.ofDays(7);

  private final CrmStore store;
  private final Clock clock;
  private final IdGenerator ids;
  private final EventPublisher events;

  public Notifier(CrmStore store, Clock clock, IdGenerator ids, EventPublisher events) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
    this.events = Objects.requireNonNull(events, "events");
  }

  /**
   * Sends {@code draft} in {@code tenant}.
   *
   * @return the stored notification; empty if muted, already sent (same dedup key), or if
   *     storing failed (logged)
   */
  public Optional<Notification> send(TenantId tenant, NotificationDraft draft) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(draft, "draft");
    try {
      TenantStore t = store.tenant(tenant);
      Instant now = clock.instant();
      boolean accepted = t.notificationSettings().find(draft.recipientId())
          .map(s -> s.accepts(draft.type(), draft.priority(), now)).orElse(true);
      if (!accepted) {
        return Optional.empty();
      }
      Optional<Instant> expires = draft.priority() == Priority.LOW || draft.priority() == Priority.MEDIUM
          ? Optional.of(now.plus(LOW_PRIORITY_LIFETIME)) : Optional.empty();
      Notification n = new Notification(NotificationId.of(ids.next()), tenant, draft.recipientId(), draft.type(),
          draft.priority(), draft.title(), draft.message(), draft.data(), draft.related(), draft.dedupKey(),
          Optional.empty(), expires, now);
      InsertResult<Notification> r = t.notifications().create(n);
      if (!r.inserted()) {
        return Optional.empty();
      }
      events.publish(new NotificationCreated(r.value()));
      return Optional.of(r.value());
    } catch (RuntimeException e) {
      LOG.warn("tenant={} could not send {} notification to {}: {}", tenant, draft.type(), draft.recipientId(),
          e.toString());
      return Optional.empty();
    }
  }
}
