package io.crmventas.core.store.jdbc;

import io.crmventas.core.assignment.Assignment;
import io.crmventas.core.assignment.AssignmentId;
import io.crmventas.core.assignment.AssignmentKind;
import io.crmventas.core.assignment.AssignmentRuleId;
import io.crmventas.core.assignment.AssignmentStore;
import io.crmventas.core.assignment.AssignmentStore.SellerLock;
import io.crmventas.core.assignment.SellerWorkload;
import io.crmventas.core.assignment.StaleAction;
import io.crmventas.core.assignment.StaleAssignment;
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
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    db.update("WITH dequeued AS (DELETE FROM assignment_queue WHERE tenant_id = ? AND lead_id = ? AND ?)"
            + " INSERT INTO assignments (" + COLS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)",
        t(), a.leadId().value(), a.sellerId().isPresent(),
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

  @Override
  public Map<UserId, SellerWorkload> workloads(Collection<UserId> sellers, Optional<Instant> windowStart,
      Optional<Instant> performanceSince) {
    Objects.requireNonNull(sellers, "sellers");
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(performanceSince, "performanceSince");
    Map<UserId, SellerWorkload> out = new LinkedHashMap<>();
    sellers.forEach(s -> out.put(s, SellerWorkload.idle(s)));
    if (sellers.isEmpty()) {
      return out;
    }
    List<Object> params = new ArrayList<>();
    String columns = workloadColumns("u.seller", windowStart, performanceSince, params);
    params.add(new Db.SqlArray("uuid", sellers.stream().map(UserId::value).toList()));
    params.add(t());
    db.query("SELECT u.seller AS seller, " + columns + " FROM unnest(CAST(? AS uuid[])) AS u(seller)"
        + " LEFT JOIN seller_load sl ON sl.tenant_id = ? AND sl.seller_id = u.seller", r -> {
          SellerWorkload w = workload(r);
          return out.put(w.sellerId(), w);
        }, params.toArray());
    return out;
  }

  @Override
  public SellerLock lockSeller(UserId sellerId, SellerWorkload expected) {
    Objects.requireNonNull(sellerId, "sellerId");
    Objects.requireNonNull(expected, "expected");
    String result = db.queryOne("SELECT crm_lock_seller(?, ?, ?, ?)", r -> r.rs().getString(1), t(), sellerId.value(),
        (int) expected.openConversations(), expected.lastAssignmentId().map(AssignmentId::value)).orElseThrow();
    return SellerLock.valueOf(result);
  }

  /** The workload columns for the seller in {@code sellerColumn}; adds the parameters it needs. */
  private String workloadColumns(String sellerColumn, Optional<Instant> windowStart, Optional<Instant> performanceSince,
      List<Object> params) {
    StringBuilder sql = new StringBuilder("COALESCE(sl.open_conversations, 0) AS open_conversations,"
        + " sl.last_assigned_at, sl.last_assignment_id, ");
    if (windowStart.isPresent()) {
      sql.append("(SELECT count(*) FROM assignments a WHERE a.tenant_id = ? AND a.seller_id = ").append(sellerColumn)
          .append(" AND a.at >= ?) AS in_window, ");
      params.add(t());
      params.add(windowStart.get());
    } else {
      sql.append("0::bigint AS in_window, ");
    }
    if (performanceSince.isPresent()) {
      String given = "FROM assignments a JOIN leads l ON l.tenant_id = a.tenant_id AND l.id = a.lead_id"
          + " WHERE a.tenant_id = ? AND a.seller_id = " + sellerColumn + " AND a.at >= ?"
          + " AND l.assigned_seller_id = " + sellerColumn;
      sql.append("(SELECT count(DISTINCT l.id) ").append(given).append(") AS assigned, ")
          .append("(SELECT count(DISTINCT l.id) ").append(given).append(" AND l.status = 'WON') AS won");
      params.add(t());
      params.add(performanceSince.get());
      params.add(t());
      params.add(performanceSince.get());
    } else {
      sql.append("0::bigint AS assigned, 0::bigint AS won");
    }
    return sql.toString();
  }

  private static SellerWorkload workload(Db.Row r) throws SQLException {
    return new SellerWorkload(UserId.of(r.uuid("seller")), r.longValue("open_conversations"),
        r.optInstant("last_assigned_at"), r.optUuid("last_assignment_id").map(AssignmentId::of),
        r.longValue("in_window"), r.longValue("assigned"), r.longValue("won"));
  }

  @Override
  public List<StaleAssignment> findStale(Instant now) {
    Objects.requireNonNull(now, "now");
    return db.query("SELECT a.lead_id, a.seller_id, a.id, a.rule_id, a.at, r.stale_after_millis, r.stale_action"
            + " FROM leads l"
            + " JOIN LATERAL (SELECT * FROM assignments x WHERE x.tenant_id = l.tenant_id AND x.lead_id = l.id"
            + "   ORDER BY x.at DESC, x.id DESC LIMIT 1) a ON true"
            + " JOIN assignment_rules r ON r.tenant_id = a.tenant_id AND r.id = a.rule_id"
            + " WHERE l.tenant_id = ? AND l.assigned_seller_id IS NOT NULL AND a.seller_id = l.assigned_seller_id"
            + " AND l.status NOT IN ('WON', 'LOST', 'DISCARDED') AND r.active AND r.stale_after_millis IS NOT NULL"
            + " AND a.at + r.stale_after_millis * interval '1 millisecond' <= ?"
            + " AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.tenant_id = l.tenant_id AND c.lead_id = l.id"
            + "   AND c.last_seller_message_at >= a.at)"
            + " ORDER BY a.at, a.id",
        r -> new StaleAssignment(LeadId.of(r.uuid("lead_id")), UserId.of(r.uuid("seller_id")),
            AssignmentId.of(r.uuid("id")), AssignmentRuleId.of(r.uuid("rule_id")), r.instant("at"),
            Duration.ofMillis(r.longValue("stale_after_millis")), r.enumValue(StaleAction.class, "stale_action")),
        t(), now);
  }
}
