package io.crmventas.core.store.jdbc;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.internal.Keyset.Order;
import io.crmventas.core.internal.Keyset.RankTimeId;
import io.crmventas.core.notification.Notification;
import io.crmventas.core.notification.NotificationId;
import io.crmventas.core.notification.NotificationQuery;
import io.crmventas.core.notification.NotificationStore;
import io.crmventas.core.notification.NotificationType;
import io.crmventas.core.notification.Priority;
import io.crmventas.core.notification.RelatedEntity;
import io.crmventas.core.store.InsertResult;
import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

final class JdbcNotifications extends JdbcScoped implements NotificationStore {
  static final String COLS = "tenant_id, id, recipient_id, type, priority, title, message, data, related_type, related_id,"
      + " dedup_key, read_at, expires_at, created_at";
  static final Order<Notification, RankTimeId> ORDER =
      Order.rankTimeIdDesc(n -> new RankTimeId(n.priority().rank(), n.createdAt(), n.id().value()));

  JdbcNotifications(Db db, TenantId tenant) {
    super(db, tenant);
  }

  static Notification notification(Db.Row r) throws SQLException {
    Optional<String> relatedType = r.optStr("related_type");
    Optional<RelatedEntity> related = relatedType.isEmpty() ? Optional.empty()
        : Optional.of(new RelatedEntity(relatedType.get(), r.str("related_id")));
    return new Notification(NotificationId.of(r.uuid("id")), TenantId.of(r.str("tenant_id")),
        UserId.of(r.uuid("recipient_id")), r.enumValue(NotificationType.class, "type"),
        Priority.ofRank(r.integer("priority")), r.str("title"), r.str("message"), JsonCodec.stringMap(r.str("data")),
        related, r.str("dedup_key"), r.optInstant("read_at"), r.optInstant("expires_at"), r.instant("created_at"));
  }

  @Override
  public InsertResult<Notification> create(Notification n) {
    Objects.requireNonNull(n, "notification");
    requireSameTenant(n.tenantId());
    if (trimmed(List.of(n)).contains(n.recipientId().value() + " " + n.dedupKey())) {
      return new InsertResult.Duplicate<>(n);
    }
    Optional<Notification> created = db.queryOne("INSERT INTO notifications (" + COLS + ") VALUES"
            + " (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT ON CONSTRAINT notifications_dedup_uq DO NOTHING RETURNING " + COLS,
        JdbcNotifications::notification, t(), n.id().value(), n.recipientId().value(), n.type(),
        (short) n.priority().rank(), n.title(), n.message(), JsonCodec.stringMap(n.data()),
        n.related().map(RelatedEntity::type), n.related().map(RelatedEntity::id), n.dedupKey(), n.readAt(),
        n.expiresAt(), n.createdAt());
    if (created.isPresent()) {
      return new InsertResult.Inserted<>(created.get());
    }
    return new InsertResult.Duplicate<>(db.queryOne("SELECT " + COLS + " FROM notifications WHERE tenant_id = ?"
        + " AND recipient_id = ? AND dedup_key = ?", JdbcNotifications::notification, t(), n.recipientId().value(),
        n.dedupKey()).orElseThrow());
  }

  /** Rows per multi-row INSERT: 14 parameters each, well under the protocol's 32767. */
  private static final int BATCH = 500;

  @Override
  public List<Notification> createAll(List<Notification> notifications) {
    Objects.requireNonNull(notifications, "notifications");
    notifications.forEach(n -> requireSameTenant(Objects.requireNonNull(n, "notification").tenantId()));
    if (notifications.isEmpty()) {
      return List.of();
    }
    java.util.Set<String> trimmed = trimmed(notifications);
    List<Notification> fresh = notifications.stream()
        .filter(n -> !trimmed.contains(n.recipientId().value() + " " + n.dedupKey())).toList();
    if (fresh.isEmpty()) {
      return List.of();
    }
    return db.transaction(tx -> {
      java.util.Set<java.util.UUID> inserted = new java.util.HashSet<>();
      for (int from = 0; from < fresh.size(); from += BATCH) {
        List<Notification> chunk = fresh.subList(from, Math.min(fresh.size(), from + BATCH));
        StringBuilder sql = new StringBuilder("INSERT INTO notifications (" + COLS + ") VALUES ");
        List<Object> params = new ArrayList<>(chunk.size() * 14);
        for (int i = 0; i < chunk.size(); i++) {
          Notification n = chunk.get(i);
          sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ?)");
          params.addAll(java.util.Arrays.asList(t(), n.id().value(), n.recipientId().value(), n.type(),
              (short) n.priority().rank(), n.title(), n.message(), JsonCodec.stringMap(n.data()),
              n.related().map(RelatedEntity::type), n.related().map(RelatedEntity::id), n.dedupKey(), n.readAt(),
              n.expiresAt(), n.createdAt()));
        }
        sql.append(" ON CONFLICT ON CONSTRAINT notifications_dedup_uq DO NOTHING RETURNING id");
        tx.query(sql.toString(), r -> inserted.add(r.uuid("id")), params.toArray());
      }
      return fresh.stream().filter(n -> inserted.contains(n.id().value())).toList();
    });
  }

  /** Which of {@code notifications}' recipient and key pairs were trimmed, as "recipient key". */
  private java.util.Set<String> trimmed(List<Notification> notifications) {
    java.util.Set<String> out = new java.util.HashSet<>();
    db.query("SELECT recipient_id, dedup_key FROM notification_trimmed_keys WHERE tenant_id = ?"
            + " AND recipient_id = ANY(?) AND dedup_key = ANY(?)",
        r -> out.add(r.uuid("recipient_id") + " " + r.str("dedup_key")), t(),
        new Db.SqlArray("uuid", notifications.stream().map(n -> n.recipientId().value()).distinct().toList()),
        new Db.SqlArray("text", notifications.stream().map(Notification::dedupKey).distinct().toList()));
    return out;
  }

  @Override
  public Optional<Notification> find(NotificationId id) {
    Objects.requireNonNull(id, "id");
    return db.queryOne("SELECT " + COLS + " FROM notifications WHERE tenant_id = ? AND id = ?",
        JdbcNotifications::notification, t(), id.value());
  }

  @Override
  public Page<Notification> list(NotificationQuery q, PageRequest page) {
    Objects.requireNonNull(q, "query");
    Objects.requireNonNull(page, "page");
    StringBuilder sql = new StringBuilder("SELECT " + COLS + " FROM notifications WHERE tenant_id = ?"
        + " AND (expires_at IS NULL OR expires_at > ?)");
    List<Object> params = new ArrayList<>(List.of(t(), db.now()));
    q.recipientId().ifPresent(r -> {
      sql.append(" AND recipient_id = ?");
      params.add(r.value());
    });
    if (q.unreadOnly()) {
      sql.append(" AND read_at IS NULL");
    }
    if (!q.types().isEmpty()) {
      sql.append(" AND type = ANY(?)");
      params.add(new Db.SqlArray("text", q.types().stream().map(Enum::name).toList()));
    }
    ORDER.after(page).ifPresent(k -> {
      sql.append(" AND (priority, created_at, id) < (?, ?, ?)");
      params.add((short) k.rank());
      params.add(k.at());
      params.add(k.id());
    });
    sql.append(" ORDER BY priority DESC, created_at DESC, id DESC");
    return page(ORDER, page, sql.toString(), JdbcNotifications::notification, params);
  }

  @Override
  public Map<Priority, Long> countUnread(UserId recipientId) {
    Objects.requireNonNull(recipientId, "recipientId");
    Map<Priority, Long> counts = new EnumMap<>(Priority.class);
    for (Priority p : Priority.values()) {
      counts.put(p, 0L);
    }
    db.query("SELECT priority, count(*) AS n FROM notifications WHERE tenant_id = ? AND recipient_id = ?"
            + " AND read_at IS NULL AND (expires_at IS NULL OR expires_at > ?) GROUP BY priority",
        r -> counts.put(Priority.ofRank(r.integer("priority")), r.longValue("n")), t(), recipientId.value(), db.now());
    return counts;
  }

  @Override
  public boolean markRead(NotificationId id, UserId recipientId, Instant at) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(recipientId, "recipientId");
    Objects.requireNonNull(at, "at");
    return db.update("UPDATE notifications SET read_at = ? WHERE tenant_id = ? AND id = ? AND recipient_id = ?"
        + " AND read_at IS NULL AND (expires_at IS NULL OR expires_at > ?)", at, t(), id.value(), recipientId.value(),
        db.now()) == 1;
  }

  @Override
  public int markAllRead(UserId recipientId, Instant at) {
    Objects.requireNonNull(recipientId, "recipientId");
    Objects.requireNonNull(at, "at");
    return db.update("UPDATE notifications SET read_at = ? WHERE tenant_id = ? AND recipient_id = ? AND read_at IS NULL"
        + " AND (expires_at IS NULL OR expires_at > ?)", at, t(), recipientId.value(), db.now());
  }

  @Override
  public int deleteExpired(Instant now) {
    Objects.requireNonNull(now, "now");
    int deleted = db.update("DELETE FROM notifications WHERE tenant_id = ? AND expires_at <= ?", t(), now);
    db.update("DELETE FROM notification_trimmed_keys WHERE tenant_id = ? AND trimmed_at < ?", t(),
        now.minus(java.time.Duration.ofDays(TRIMMED_KEY_DAYS)));
    return deleted;
  }

  @Override
  public int trimPerRecipient(int keep) {
    if (keep < 0) {
      throw new InvalidInputException("keep", keep, "must not be negative");
    }
    // The deleted notifications' keys are kept, in the same statement (see trimPerRecipient).
    return (int) db.queryOne("WITH old AS (SELECT id FROM (SELECT id, row_number() OVER"
        + " (PARTITION BY recipient_id ORDER BY created_at DESC, id DESC) AS rn FROM notifications WHERE tenant_id = ?) r"
        + " WHERE rn > ?),"
        + " gone AS (DELETE FROM notifications n USING old WHERE n.tenant_id = ? AND n.id = old.id"
        + " RETURNING n.recipient_id, n.dedup_key),"
        + " kept AS (INSERT INTO notification_trimmed_keys (tenant_id, recipient_id, dedup_key, trimmed_at)"
        + " SELECT ?, recipient_id, dedup_key, ? FROM gone ON CONFLICT DO NOTHING)"
        + " SELECT count(*) AS n FROM gone", r -> r.longValue("n"), t(), keep, t(), t(), db.now()).orElse(0L)
        .longValue();
  }
}
