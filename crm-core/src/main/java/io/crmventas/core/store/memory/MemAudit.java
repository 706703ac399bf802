package io.crmventas.core.store.memory;

import io.crmventas.core.ConflictException;
import io.crmventas.core.audit.AuditEvent;
import io.crmventas.core.audit.AuditLog;
import io.crmventas.core.audit.AuditQuery;
import io.crmventas.core.internal.Keyset.Order;
import io.crmventas.core.internal.Keyset.TimeId;
import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.tenant.TenantId;
import java.util.Objects;

final class MemAudit extends MemScoped implements AuditLog {
  static final Order<AuditEvent, TimeId> ORDER = Order.timeIdDesc(e -> new TimeId(e.at(), e.id().value()));

  MemAudit(MemoryDb db, TenantId tenant) {
    super(db, tenant);
  }

  @Override
  public AuditEvent append(AuditEvent e) {
    Objects.requireNonNull(e, "event");
    requireSameTenant(e.tenantId());
    return write(d -> {
      requireMember(d, "actorId", e.actorId());
      if (d.audit.containsKey(e.id())) {
        throw new ConflictException("audit_event.id.unique", "audit event " + e.id() + " already exists");
      }
      db.put(d.audit, e.id(), e);
      return e;
    });
  }

  @Override
  public Page<AuditEvent> list(AuditQuery query, PageRequest page) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(page, "page");
    return page(ORDER, d -> d.audit.values(), query::matches, page);
  }
}
