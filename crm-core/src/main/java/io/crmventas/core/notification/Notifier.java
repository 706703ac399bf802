package io.crmventas.core.notification;

import io.crmventas.core.IdGenerator;
import io.crmventas.core.event.EventPublisher;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.TenantStore;
import io.crmventas.core.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import io.crmventas.core.tenant.UserId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * How long low and medium priority notifications are kept; a follow-up, at least as long as
   * the lead it is about can still be due for it ({@link AlertSettings#FOLLOW_UP_MAX_AGE} and a
   * day), so that its dedup key outlives the silence it reminds of and it is not sent again.
   */
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
    Objects.requireNonNull(draft, "draft");
    List<Notification> sent = sendAll(tenant, List.of(draft));
    return sent.isEmpty() ? Optional.empty() : Optional.of(sent.get(0));
  }

  /**
   * Sends many drafts in one write: muted ones are skipped, the rest are stored unless their
   * recipient already has one with the same dedup key, and {@link NotificationCreated} is
   * published for each one stored.
   *
   * @return the stored notifications, in the drafts' order; empty if storing failed (logged)
   */
  public List<Notification> sendAll(TenantId tenant, List<NotificationDraft> drafts) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(drafts, "drafts");
    if (drafts.isEmpty()) {
      return List.of();
    }
    try {
      List<Notification> stored = storeIn(store, tenant, drafts);
      announce(stored);
      return stored;
    } catch (RuntimeException e) {
      LOG.warn("tenant={} could not send {} notification(s): {}", tenant, drafts.size(), e.toString());
      return List.of();
    }
  }

  /**
   * Stores {@code drafts} through {@code unit}, the store a unit of work gives its work, so they
   * commit (or roll back) with what the unit does: muted ones are skipped, and a recipient who
   * already has one with the same dedup key is not given another. Nothing is published: call
   * {@link #announce} with the result once the unit has committed. Failures are thrown, for the
   * unit to roll back.
   *
   * @return the stored notifications, in the drafts' order
   */
  public List<Notification> storeIn(CrmStore unit, TenantId tenant, List<NotificationDraft> drafts) {
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(drafts, "drafts");
    if (drafts.isEmpty()) {
      return List.of();
    }
    TenantStore t = unit.tenant(tenant);
    // Microseconds, as PostgreSQL keeps them, so what is returned equals what is stored.
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    Map<UserId, Optional<NotificationSettings>> settings = new HashMap<>();
    Duration followUps = drafts.stream().anyMatch(d -> d.type() == NotificationType.FOLLOW_UP)
        ? followUpLifetime(unit, tenant) : LOW_PRIORITY_LIFETIME;
    List<Notification> toStore = new ArrayList<>(drafts.size());
    for (NotificationDraft draft : drafts) {
      boolean accepted = settings.computeIfAbsent(draft.recipientId(), r -> t.notificationSettings().find(r))
          .map(s -> s.accepts(draft.type(), draft.priority(), now)).orElse(true);
      if (!accepted) {
        continue;
      }
      Optional<Instant> expires = draft.priority() == Priority.LOW || draft.priority() == Priority.MEDIUM
          ? Optional.of(now.plus(draft.type() == NotificationType.FOLLOW_UP ? followUps : LOW_PRIORITY_LIFETIME))
          : Optional.empty();
      toStore.add(new Notification(NotificationId.of(ids.next()), tenant, draft.recipientId(), draft.type(),
          draft.priority(), draft.title(), draft.message(), draft.data(), draft.related(), draft.dedupKey(),
          Optional.empty(), expires, now));
    }
    return t.notifications().createAll(toStore);
  }

  /**
   * Publishes {@link NotificationCreated} for each of {@code stored} (live delivery, e.g. over
   * Socket.IO); the notifications themselves are already durable. A listener's failure is logged.
   */
  public void announce(List<Notification> stored) {
    Objects.requireNonNull(stored, "stored");
    for (Notification n : stored) {
      try {
        events.publish(new NotificationCreated(n));
      } catch (RuntimeException e) {
        LOG.warn("tenant={} notification {} stored, but announcing it failed: {}", n.tenantId(), n.id(), e.toString());
      }
    }
  }

  /** A follow-up lives while its lead can still be due for it, and a day more. */
  private static Duration followUpLifetime(CrmStore unit, TenantId tenant) {
    Duration due = unit.tenants().find(tenant).map(t -> t.settings().get(AlertSettings.FOLLOW_UP_MAX_AGE))
        .orElse(AlertSettings.FOLLOW_UP_MAX_AGE.defaultValue()).plusDays(1);
    return due.compareTo(LOW_PRIORITY_LIFETIME) > 0 ? due : LOW_PRIORITY_LIFETIME;
  }
}
