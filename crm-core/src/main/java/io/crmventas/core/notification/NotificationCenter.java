package io.crmventas.core.notification;

import io.crmventas.core.ForbiddenException;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.store.TenantStore;
import io.crmventas.core.tenant.Membership;
import io.crmventas.core.tenant.Role;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a user does with their notifications, with visibility by role: a seller (or secretary,
 * or professional) sees and changes only their own; the CEO may also list everyone's in the
 * tenant. Marking read is always the recipient's own act. Also the housekeeping: expired ones
 * go, and each recipient keeps at most {@link #KEEP_PER_RECIPIENT}. Thread-safe.
 */
public final class NotificationCenter {
  /** Notifications kept per recipient; older ones are deleted by {@link #cleanUp}. */
  public static final int KEEP_PER_RECIPIENT = 1000;

  private final CrmStore store;
  private final Clock clock;

  public NotificationCenter(CrmStore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Lists notifications as {@code viewer} may see them: highest priority first, then newest.
   * A query without a recipient means "mine" for everyone but the CEO, for whom it means the
   * whole tenant.
   *
   * @throws ForbiddenException if the viewer is not a member, or asks for someone else's
   *     notifications without being the CEO
   */
  public Page<Notification> list(TenantId tenant, UserId viewer, NotificationQuery query, PageRequest page) {
    Objects.requireNonNull(query, "query");
    Membership m = member(tenant, viewer);
    NotificationQuery q = query;
    if (m.role() != Role.CEO) {
      if (query.recipientId().isPresent() && !query.recipientId().get().equals(viewer)) {
        throw new ForbiddenException("user " + viewer + " may only see their own notifications");
      }
      q = new NotificationQuery(Optional.of(viewer), query.unreadOnly(), query.types());
    }
    return store.tenant(tenant).notifications().list(q, page);
  }

  /** The viewer's unread notifications per priority (every priority present), and their total via {@link #total}. */
  public Map<Priority, Long> countUnread(TenantId tenant, UserId viewer) {
    member(tenant, viewer);
    return store.tenant(tenant).notifications().countUnread(viewer);
  }

  /** The sum of a {@link #countUnread} result. */
  public static long total(Map<Priority, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Marks one of the viewer's notifications read; false if it is not theirs, already read or expired. */
  public boolean markRead(TenantId tenant, UserId viewer, NotificationId id) {
    Objects.requireNonNull(id, "id");
    member(tenant, viewer);
    return store.tenant(tenant).notifications().markRead(id, viewer, clock.instant());
  }

  /** Marks all the viewer's notifications read; returns how many. */
  public int markAllRead(TenantId tenant, UserId viewer) {
    member(tenant, viewer);
    return store.tenant(tenant).notifications().markAllRead(viewer, clock.instant());
  }

  /** The viewer's preferences (nothing muted if never set). */
  public NotificationSettings settings(TenantId tenant, UserId viewer) {
    member(tenant, viewer);
    return store.tenant(tenant).notificationSettings().find(viewer)
        .orElse(NotificationSettings.defaults(tenant, viewer, clock.instant()));
  }

  /** Sets the viewer's muted types and mute-until time (critical notifications still arrive while muted). */
  public NotificationSettings mute(TenantId tenant, UserId viewer, Set<NotificationType> types, Optional<Instant> until) {
    member(tenant, viewer);
    return store.tenant(tenant).notificationSettings()
        .save(new NotificationSettings(tenant, viewer, types, until, clock.instant()));
  }

  /** Deletes expired notifications and trims each recipient to {@link #KEEP_PER_RECIPIENT}; returns how many went. */
  public int cleanUp(TenantId tenant) {
    TenantStore t = store.tenant(tenant);
    return t.notifications().deleteExpired(clock.instant()) + t.notifications().trimPerRecipient(KEEP_PER_RECIPIENT);
  }

  private Membership member(TenantId tenant, UserId viewer) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(viewer, "viewer");
    return store.tenant(tenant).members().find(viewer).filter(Membership::active)
        .orElseThrow(() -> new ForbiddenException("user " + viewer + " is not an active member of tenant " + tenant));
  }
}
