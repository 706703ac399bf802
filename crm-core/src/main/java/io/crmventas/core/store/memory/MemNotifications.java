package io.crmventas.core.store.memory;

import io.crmventas.core.ConflictException;
import io.crmventas.core.internal.Keyset.Order;
import io.crmventas.core.internal.Keyset.RankTimeId;
import io.crmventas.core.internal.Keyset.TimeId;
import io.crmventas.core.notification.Notification;
import io.crmventas.core.notification.NotificationId;
import io.crmventas.core.notification.NotificationQuery;
import io.crmventas.core.notification.NotificationStore;
import io.crmventas.core.notification.Priority;
import io.crmventas.core.store.InsertResult;
import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.store.memory.TenantData.NotificationKey;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

final class MemNotifications extends MemScoped implements NotificationStore {
  static final Order<Notification, RankTimeId> ORDER =
      Order.rankTimeIdDesc(n -> new RankTimeId(n.priority().rank(), n.createdAt(), n.id().value()));
  private static final Order<Notification, TimeId> NEWEST_FIRST =
      Order.timeIdDesc(n -> new TimeId(n.createdAt(), n.id().value()));

  MemNotifications(MemoryDb db, TenantId tenant) {
    super(db, tenant);
  }

  @Override
  public InsertResult<Notification> create(Notification n) {
    Objects.requireNonNull(n, "notification");
    requireSameTenant(n.tenantId());
    return write(d -> {
      requireMember(d, "recipientId", n.recipientId());
      NotificationKey key = new NotificationKey(n.recipientId(), n.dedupKey());
      NotificationId existing = d.notificationKeys.get(key);
      if (existing != null) {
        Notification stored = d.notifications.get(existing);
        return new InsertResult.Duplicate<>(stored != null ? stored : n);   // null: trimmed away
      }
      if (d.notifications.containsKey(n.id())) {
        throw new ConflictException("notification.id.unique", "notification " + n.id() + " already exists");
      }
      db.put(d.notifications, n.id(), n);
      db.put(d.notificationKeys, key, n.id());
      return new InsertResult.Inserted<>(n);
    });
  }

  @Override
  public java.util.List<Notification> createAll(java.util.List<Notification> notifications) {
    Objects.requireNonNull(notifications, "notifications");
    notifications.forEach(n -> requireSameTenant(Objects.requireNonNull(n, "notification").tenantId()));
    return write(d -> {
      notifications.forEach(n -> requireMember(d, "recipientId", n.recipientId()));
      java.util.List<Notification> out = new java.util.ArrayList<>();
      for (Notification n : notifications) {
        NotificationKey key = new NotificationKey(n.recipientId(), n.dedupKey());
        if (d.notificationKeys.containsKey(key)) {
          continue;
        }
        if (d.notifications.containsKey(n.id())) {
          throw new ConflictException("notification.id.unique", "notification " + n.id() + " already exists");
        }
        db.put(d.notifications, n.id(), n);
        db.put(d.notificationKeys, key, n.id());
        out.add(n);
      }
      return out;
    });
  }

  @Override
  public Optional<Notification> find(NotificationId id) {
    Objects.requireNonNull(id, "id");
    return readOptional(d -> Optional.ofNullable(d.notifications.get(id)));
  }

  @Override
  public Page<Notification> list(NotificationQuery query, PageRequest page) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(page, "page");
    Instant now = db.clock.instant();
    return page(ORDER, d -> d.notifications.values(), n -> query.matches(n) && live(n, now), page);
  }

  /** Not expired at {@code now}. */
  private static boolean live(Notification n, Instant now) {
    return n.expiresAt().map(e -> e.isAfter(now)).orElse(true);
  }

  @Override
  public Map<Priority, Long> countUnread(UserId recipientId) {
    Objects.requireNonNull(recipientId, "recipientId");
    Instant now = db.clock.instant();
    Map<Priority, Long> counts = new EnumMap<>(Priority.class);
    for (Priority p : Priority.values()) {
      counts.put(p, 0L);
    }
    read(d -> {
      d.notifications.values().stream()
          .filter(n -> n.recipientId().equals(recipientId) && !n.isRead() && live(n, now))
          .forEach(n -> counts.merge(n.priority(), 1L, Long::sum));
      return null;
    }, () -> null);
    return counts;
  }

  @Override
  public boolean markRead(NotificationId id, UserId recipientId, Instant at) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(recipientId, "recipientId");
    Objects.requireNonNull(at, "at");
    Instant now = db.clock.instant();
    return write(d -> {
      Notification n = d.notifications.get(id);
      if (n == null || !n.recipientId().equals(recipientId) || n.isRead() || !live(n, now)) {
        return false;
      }
      db.put(d.notifications, id, n.withReadAt(at));
      return true;
    });
  }

  @Override
  public int markAllRead(UserId recipientId, Instant at) {
    Objects.requireNonNull(recipientId, "recipientId");
    Objects.requireNonNull(at, "at");
    Instant now = db.clock.instant();
    return write(d -> {
      List<Notification> unread = d.notifications.values().stream()
          .filter(n -> n.recipientId().equals(recipientId) && !n.isRead() && live(n, now)).toList();
      unread.forEach(n -> db.put(d.notifications, n.id(), n.withReadAt(at)));
      return unread.size();
    });
  }

  private void delete(TenantData d, Notification n) {
    db.remove(d.notifications, n.id());
    db.remove(d.notificationKeys, new NotificationKey(n.recipientId(), n.dedupKey()));
  }

  @Override
  public int deleteExpired(Instant now) {
    Objects.requireNonNull(now, "now");
    Instant forgetBefore = now.minus(java.time.Duration.ofDays(TRIMMED_KEY_DAYS));
    return write(d -> {
      List<Notification> expired = d.notifications.values().stream()
          .filter(n -> n.expiresAt().map(e -> !e.isAfter(now)).orElse(false)).toList();
      expired.forEach(n -> delete(d, n));
      List<NotificationKey> old = d.trimmedKeys.entrySet().stream()
          .filter(e -> e.getValue().isBefore(forgetBefore)).map(Map.Entry::getKey).toList();
      for (NotificationKey k : old) {
        db.remove(d.trimmedKeys, k);
        db.remove(d.notificationKeys, k);
      }
      return expired.size();
    });
  }

  @Override
  public int trimPerRecipient(int keep) {
    if (keep < 0) {
      throw new io.crmventas.core.InvalidInputException("keep", keep, "must not be negative");
    }
    Instant now = db.clock.instant();
    return write(d -> {
      Map<UserId, List<Notification>> byRecipient =
          d.notifications.values().stream().collect(Collectors.groupingBy(Notification::recipientId));
      int deleted = 0;
      for (List<Notification> list : byRecipient.values()) {
        List<Notification> sorted = NEWEST_FIRST.sorted(list);
        for (Notification n : sorted.subList(Math.min(keep, sorted.size()), sorted.size())) {
          // The key stays (see NotificationStore.trimPerRecipient); only the notification goes.
          db.remove(d.notifications, n.id());
          db.put(d.trimmedKeys, new NotificationKey(n.recipientId(), n.dedupKey()), now);
          deleted++;
        }
      }
      return deleted;
    });
  }
}
