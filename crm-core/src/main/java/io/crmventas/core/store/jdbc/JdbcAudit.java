package io.crmventas.core.store.jdbc;

import io.crmventas.core.audit.AuditEvent;
import io.crmventas.core.audit.AuditEventId;
import io.crmventas.core.audit.AuditLog;
import io.crmventas.core.audit.AuditQuery;
import io.crmventas.core.internal.Keyset.Order;
import io.crmventas.core.internal.Keyset.TimeId;
import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

final class JdbcAudit extends JdbcScoped implements AuditLog {
  private static final String COLS = "tenant_id, id, actor_id, action, entity_type, entity_id, details, at";
  static final Order<AuditEvent, TimeId> ORDER = Order.timeIdDesc(e -> new TimeId(e.at(), e.id().value()));

  JdbcAudit(Db db, TenantId tenant) {
    super(db, tenant);
  }

  private static AuditEvent event(Db.Row r) throws SQLException {
    return new AuditEvent(AuditEventId.of(r.uuid("id")), TenantId.of(r.str("tenant_id")),
        r.optUuid("actor_id").map(UserId::of), r.str("action"), r.str("entity_type"), r.str("entity_id"),
        JsonCodec.stringMap(r.str("details")), r.instant("at"));
  }

  @Override
  public AuditEvent append(AuditEvent e) {
    Objects.requireNonNull(e, "event");
    requireSameTenant(e.tenantId());
    db.update("INSERT INTO audit_events (" + COLS + ") VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)",
        t(), e.id().value(), e.actorId().map(UserId::value), e.action(), e.entityType(), e.entityId(),
        JsonCodec.stringMap(e.details()), e.at());
    return e;
  }

  @Override
  public Page<AuditEvent> list(AuditQuery q, PageRequest page) {
    Objects.requireNonNull(q, "query");
    Objects.requireNonNull(page, "page");
    StringBuilder sql = new StringBuilder("SELECT " + COLS + " FROM audit_events WHERE tenant_id = ?");
    List<Object> params = new ArrayList<>(List.of(t()));
    q.entityType().ifPresent(v -> {
      sql.append(" AND entity_type = ?");
      params.add(v);
    });
    q.entityId().ifPresent(v -> {
      sql.append(" AND entity_id = ?");
      params.add(v);
    });
    q.actorId().ifPresent(v -> {
      sql.append(" AND actor_id = ?");
      params.add(v.value());
    });
    q.from().ifPresent(v -> {
      sql.append(" AND at >= ?");
      params.add(v);
    });
    q.before().ifPresent(v -> {
      sql.append(" AND at < ?");
      params.add(v);
    });
    ORDER.after(page).ifPresent(k -> {
      sql.append(" AND (at, id) < (?, ?)");
      params.add(k.at());
      params.add(k.id());
    });
    sql.append(" ORDER BY at DESC, id DESC");
    return page(ORDER, page, sql.toString(), JdbcAudit::event, params);
  }
}
