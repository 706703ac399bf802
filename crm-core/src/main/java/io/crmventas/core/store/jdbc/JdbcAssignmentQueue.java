package io.crmventas.core.store.jdbc;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.assignment.AssignmentQueue;
import io.crmventas.core.assignment.QueuedLead;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.tenant.TenantId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

final class JdbcAssignmentQueue extends JdbcScoped implements AssignmentQueue {
  JdbcAssignmentQueue(Db db, TenantId tenant) {
    super(db, tenant);
  }

  @Override
  public boolean enqueue(QueuedLead e) {
    Objects.requireNonNull(e, "entry");
    return db.update("INSERT INTO assignment_queue (tenant_id, lead_id, queued_at, reason) VALUES (?, ?, ?, ?)"
        + " ON CONFLICT (tenant_id, lead_id) DO NOTHING", t(), e.leadId().value(), e.queuedAt(), e.reason()) == 1;
  }

  @Override
  public Optional<QueuedLead> find(LeadId leadId) {
    Objects.requireNonNull(leadId, "leadId");
    return db.queryOne("SELECT lead_id, queued_at, reason FROM assignment_queue WHERE tenant_id = ? AND lead_id = ?",
        r -> new QueuedLead(LeadId.of(r.uuid("lead_id")), r.instant("queued_at"), r.str("reason")), t(), leadId.value());
  }

  @Override
  public boolean remove(LeadId leadId) {
    Objects.requireNonNull(leadId, "leadId");
    return db.update("DELETE FROM assignment_queue WHERE tenant_id = ? AND lead_id = ?", t(), leadId.value()) == 1;
  }

  @Override
  public List<QueuedLead> oldestFirst(int limit) {
    if (limit < 1) {
      throw new InvalidInputException("limit", limit, "must be at least 1");
    }
    return db.query("SELECT lead_id, queued_at, reason FROM assignment_queue WHERE tenant_id = ?"
            + " ORDER BY queued_at, lead_id LIMIT ?",
        r -> new QueuedLead(LeadId.of(r.uuid("lead_id")), r.instant("queued_at"), r.str("reason")), t(), limit);
  }

  @Override
  public long size() {
    return db.queryLong("SELECT count(*) FROM assignment_queue WHERE tenant_id = ?", t());
  }
}
