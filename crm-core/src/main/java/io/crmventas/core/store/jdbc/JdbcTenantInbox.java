package io.crmventas.core.store.jdbc;

import io.crmventas.core.inbox.InboxEvent;
import io.crmventas.core.inbox.InboxEventId;
import io.crmventas.core.inbox.InboxStatus;
import io.crmventas.core.inbox.TenantInbox;
import io.crmventas.core.internal.Keyset.Order;
import io.crmventas.core.internal.Keyset.TimeId;
import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.tenant.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

final class JdbcTenantInbox extends JdbcScoped implements TenantInbox {
  static final Order<InboxEvent, TimeId> ORDER = Order.timeIdDesc(e -> new TimeId(e.receivedAt(), e.id().value()));

  JdbcTenantInbox(Db db, TenantId tenant) {
    super(db, tenant);
  }

  @Override
  public Optional<InboxEvent> find(InboxEventId id) {
    Objects.requireNonNull(id, "id");
    return db.queryOne("SELECT " + JdbcInbox.COLS + " FROM inbox WHERE tenant_id = ? AND id = ?", JdbcInbox::event,
        t(), id.value());
  }

  @Override
  public Optional<InboxEvent> find(String provider, String eventId) {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(eventId, "eventId");
    return db.queryOne("SELECT " + JdbcInbox.COLS + " FROM inbox WHERE tenant_id = ? AND provider = ? AND event_id = ?",
        JdbcInbox::event, t(), provider, eventId);
  }

  @Override
  public Page<InboxEvent> list(InboxStatus status, PageRequest page) {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(page, "page");
    StringBuilder sql = new StringBuilder("SELECT " + JdbcInbox.COLS + " FROM inbox WHERE tenant_id = ? AND status = ?");
    List<Object> params = new ArrayList<>(List.of(t(), status));
    ORDER.after(page).ifPresent(k -> {
      sql.append(" AND (received_at, id) < (?, ?)");
      params.add(k.at());
      params.add(k.id());
    });
    sql.append(" ORDER BY received_at DESC, id DESC");
    return page(ORDER, page, sql.toString(), JdbcInbox::event, params);
  }

  @Override
  public Map<InboxStatus, Long> countByStatus() {
    return JdbcInbox.counts(db, "SELECT status, count(*) AS n FROM inbox WHERE tenant_id = ? GROUP BY status", t());
  }

  @Override
  public boolean retry(InboxEventId id) {
    Objects.requireNonNull(id, "id");
    return db.update("UPDATE inbox SET status = 'PENDING', attempts = 0, next_attempt_at = ? WHERE tenant_id = ?"
        + " AND id = ? AND status = 'DEAD'", db.now(), t(), id.value()) == 1;
  }
}
