package io.crmventas.core.store.jdbc;

import io.crmventas.core.assignment.Assignment;
import io.crmventas.core.assignment.AssignmentId;
import io.crmventas.core.assignment.AssignmentKind;
import io.crmventas.core.assignment.AssignmentRuleId;
import io.crmventas.core.assignment.AssignmentStore;
import io.crmventas.core.internal.Keyset.Order;
import io.crmventas.core.internal.Keyset.TimeId;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

final class JdbcAssignments extends JdbcScoped implements AssignmentStore {
  static final String COLS =
      "tenant_id, id, lead_id, seller_id, previous_seller_id, kind, rule_id, assigned_by, reason, explanation, at";
  static final Order<Assignment, TimeId> NEWEST_FIRST = Order.timeIdDesc(a -> new TimeId(a.at(), a.id().value()));

  JdbcAssignments(Db db, TenantId tenant) {
    super(db, tenant);
  }

  static Assignment assignment(Db.Row r) throws SQLException {
    return new Assignment(AssignmentId.of(r.uuid("id")), TenantId.of(r.str("tenant_id")), LeadId.of(r.uuid("lead_id")),
        r.optUuid("seller_id").map(UserId::of), r.optUuid("previous_seller_id").map(UserId::of),
        r.enumValue(AssignmentKind.class, "kind"), r.optUuid("rule_id").map(AssignmentRuleId::of),
        r.optUuid("assigned_by").map(UserId::of), r.optStr("reason"), JsonCodec.explanation(r.str("explanation")),
        r.instant("at"));
  }

  @Override
  public Assignment record(Assignment a) {
    Objects.requireNonNull(a, "assignment");
    requireSameTenant(a.tenantId());
    db.update("INSERT INTO assignments (" + COLS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)",
        t(), a.id().value(), a.leadId().value(), a.sellerId().map(UserId::value),
        a.previousSellerId().map(UserId::value), a.kind(), a.ruleId().map(AssignmentRuleId::value),
        a.assignedBy().map(UserId::value), a.reason(), JsonCodec.explanation(a.explanation()), a.at());
    return a;
  }

  @Override
  public List<Assignment> history(LeadId leadId) {
    Objects.requireNonNull(leadId, "leadId");
    return db.query("SELECT " + COLS + " FROM assignments WHERE tenant_id = ? AND lead_id = ? ORDER BY at, id",
        JdbcAssignments::assignment, t(), leadId.value());
  }

  @Override
  public Optional<Assignment> latest(LeadId leadId) {
    Objects.requireNonNull(leadId, "leadId");
    return db.queryOne("SELECT " + COLS + " FROM assignments WHERE tenant_id = ? AND lead_id = ?"
        + " ORDER BY at DESC, id DESC LIMIT 1", JdbcAssignments::assignment, t(), leadId.value());
  }

  @Override
  public Page<Assignment> list(Optional<UserId> sellerId, Optional<Instant> since, PageRequest page) {
    Objects.requireNonNull(sellerId, "sellerId");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(page, "page");
    StringBuilder sql = new StringBuilder("SELECT " + COLS + " FROM assignments WHERE tenant_id = ?");
    List<Object> params = new ArrayList<>(List.of(t()));
    sellerId.ifPresent(s -> {
      sql.append(" AND seller_id = ?");
      params.add(s.value());
    });
    since.ifPresent(s -> {
      sql.append(" AND at >= ?");
      params.add(s);
    });
    NEWEST_FIRST.after(page).ifPresent(k -> {
      sql.append(" AND (at, id) < (?, ?)");
      params.add(k.at());
      params.add(k.id());
    });
    sql.append(" ORDER BY at DESC, id DESC");
    return page(NEWEST_FIRST, page, sql.toString(), JdbcAssignments::assignment, params);
  }
}
