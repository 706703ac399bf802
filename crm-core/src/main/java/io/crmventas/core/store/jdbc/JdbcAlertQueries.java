package io.crmventas.core.store.jdbc;

import io.crmventas.core.assignment.AssignmentId;
import io.crmventas.core.conversation.ConversationId;
import io.crmventas.core.lead.LeadStatus;
import io.crmventas.core.notification.AlertQueries;
import io.crmventas.core.notification.Alerts;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The notification conditions, one set-based query each. */
final class JdbcAlertQueries extends JdbcScoped implements AlertQueries {
  /** The lead columns, qualified with the alias {@code l}. */
  private static final String LEAD = JdbcLeads.COLS.replaceAll("(\\w+)", "l.$1");
  private static final String LAST_TOUCH = "greatest(l.created_at, l.last_inbound_at, l.last_outbound_at)";

  /** The first-response clock of the assignment {@code a} of the lead of conversation {@code c}. */
  private static final String CLOCK = """
      CASE WHEN EXISTS (SELECT 1 FROM conversations c2 JOIN messages m
                          ON m.tenant_id = c2.tenant_id AND m.conversation_id = c2.id
                        WHERE c2.tenant_id = c.tenant_id AND c2.lead_id = c.lead_id AND m.author = 'LEAD'
                          AND m.sent_at <= a.at)
           THEN a.at
           ELSE (SELECT min(m.sent_at) FROM conversations c2 JOIN messages m
                   ON m.tenant_id = c2.tenant_id AND m.conversation_id = c2.id
                 WHERE c2.tenant_id = c.tenant_id AND c2.lead_id = c.lead_id AND m.author = 'LEAD'
                   AND m.sent_at > a.at) END""";

  JdbcAlertQueries(Db db, TenantId tenant) {
    super(db, tenant);
  }

  @Override
  public List<Alerts.Waiting> waitingSince(Instant atOrBefore, String kind, Optional<UserId> recipient) {
    Objects.requireNonNull(atOrBefore, "atOrBefore");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(recipient, "recipient");
    return db.query("SELECT c.id AS conversation_id, c.assigned_seller_id AS owner, c.awaiting_reply_since, " + LEAD
            + " FROM conversations c JOIN leads l ON l.tenant_id = c.tenant_id AND l.id = c.lead_id"
            + " WHERE c.tenant_id = ? AND c.awaiting_reply_since <= ? AND c.status = 'OPEN'"
            + " AND c.assigned_seller_id IS NOT NULL"
            + " AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.tenant_id = c.tenant_id"
            + " AND n.recipient_id = coalesce(CAST(? AS uuid), c.assigned_seller_id)"
            + " AND n.dedup_key = ? || chr(58) || c.id::text || chr(58)"
            + " || floor(extract(epoch FROM c.awaiting_reply_since)::numeric * 1000)::bigint::text)"
            + " AND NOT EXISTS (SELECT 1 FROM notification_trimmed_keys n WHERE n.tenant_id = c.tenant_id"
            + " AND n.recipient_id = coalesce(CAST(? AS uuid), c.assigned_seller_id)"
            + " AND n.dedup_key = ? || chr(58) || c.id::text || chr(58)"
            + " || floor(extract(epoch FROM c.awaiting_reply_since)::numeric * 1000)::bigint::text)"
            + " ORDER BY c.awaiting_reply_since, c.id",
        r -> new Alerts.Waiting(ConversationId.of(r.uuid("conversation_id")), JdbcLeads.lead(r),
            UserId.of(r.uuid("owner")), r.instant("awaiting_reply_since")),
        t(), atOrBefore, recipient.map(UserId::value), kind, recipient.map(UserId::value), kind);
  }

  @Override
  public List<Alerts.HotLead> hotLeads(Instant activeSince) {
    Objects.requireNonNull(activeSince, "activeSince");
    return db.query("SELECT " + LEAD + ", coalesce(h.at, l.scored_at) AS hot_since FROM leads l"
            + " LEFT JOIN LATERAL (SELECT x.at FROM lead_score_history x WHERE x.tenant_id = l.tenant_id"
            + " AND x.lead_id = l.id AND x.new_band = 'HOT' AND x.old_band IS DISTINCT FROM 'HOT'"
            + " ORDER BY x.at DESC, x.id DESC LIMIT 1) h ON true"
            + " WHERE l.tenant_id = ? AND l.score_band = 'HOT' AND l.last_inbound_at >= ?"
            + " ORDER BY l.last_inbound_at, l.id",
        r -> new Alerts.HotLead(JdbcLeads.lead(r), r.instant("hot_since")), t(), activeSince);
  }

  @Override
  public List<Alerts.FollowUp> followUpsDue(Map<LeadStatus, Duration> after, Duration maxAge, Instant now,
      int perSeller) {
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(now, "now");
    if (after.isEmpty() || perSeller <= 0) {
      return List.of();
    }
    List<String> statuses = new ArrayList<>();
    List<Long> millis = new ArrayList<>();
    after.forEach((s, d) -> {
      statuses.add(s.name());
      millis.add(d.toMillis());
    });
    String sql = """
        WITH t(status, after_ms) AS (SELECT * FROM unnest(CAST(:statuses AS text[]), CAST(:millis AS bigint[]))),
        due AS (
          SELECT %1$s, %2$s AS last_touch,
                 row_number() OVER (PARTITION BY l.assigned_seller_id ORDER BY %2$s, l.id) AS rn
          FROM leads l JOIN t ON t.status = l.status
          WHERE l.tenant_id = :tenant AND l.assigned_seller_id IS NOT NULL
            AND %2$s <= CAST(:now AS timestamptz) - t.after_ms * interval '1 millisecond'
            AND %2$s > CAST(:now AS timestamptz) - (t.after_ms + CAST(:max_age AS bigint)) * interval '1 millisecond'
            AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.tenant_id = l.tenant_id
                  AND n.recipient_id = l.assigned_seller_id
                  AND n.dedup_key = 'follow_up' || chr(58) || l.id::text || chr(58)
                      || floor(extract(epoch FROM %2$s)::numeric * 1000)::bigint::text)
            AND NOT EXISTS (SELECT 1 FROM notification_trimmed_keys n WHERE n.tenant_id = l.tenant_id
                  AND n.recipient_id = l.assigned_seller_id
                  AND n.dedup_key = 'follow_up' || chr(58) || l.id::text || chr(58)
                      || floor(extract(epoch FROM %2$s)::numeric * 1000)::bigint::text))
        SELECT * FROM due WHERE rn <= :per_seller ORDER BY assigned_seller_id, rn
        """.formatted(LEAD, LAST_TOUCH);
    Map<String, Object> p = new HashMap<>();
    p.put("statuses", new Db.SqlArray("text", statuses));
    p.put("millis", new Db.SqlArray("bigint", millis));
    p.put("tenant", t());
    p.put("now", now);
    p.put("max_age", maxAge.toMillis());
    p.put("per_seller", perSeller);
    NamedSql q = NamedSql.of(sql, p);
    return db.query(q.sql(), r -> {
      var lead = JdbcLeads.lead(r);
      return new Alerts.FollowUp(lead, lead.assignedSellerId().orElseThrow(), r.instant("last_touch"));
    }, q.params());
  }

  @Override
  public List<Alerts.AtRisk> firstResponsesAtRisk(Instant now, Duration warnAfter, Duration target) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(warnAfter, "warnAfter");
    Objects.requireNonNull(target, "target");
    String sql = """
        SELECT a.id AS assignment_id, c.id AS conversation_id, a.seller_id AS owner, k.clock, %1$s
        FROM conversations c
        JOIN LATERAL (SELECT x.id, x.seller_id, x.at FROM assignments x
                      WHERE x.tenant_id = c.tenant_id AND x.lead_id = c.lead_id
                      ORDER BY x.at DESC, x.id DESC LIMIT 1) a ON a.seller_id = c.assigned_seller_id
        CROSS JOIN LATERAL (SELECT %2$s AS clock) k
        JOIN leads l ON l.tenant_id = c.tenant_id AND l.id = c.lead_id
        WHERE c.tenant_id = :tenant AND c.status = 'OPEN' AND c.assigned_seller_id IS NOT NULL
          AND k.clock <= CAST(:now AS timestamptz) - CAST(:warn_ms AS bigint) * interval '1 millisecond'
          AND k.clock > CAST(:now AS timestamptz) - CAST(:target_ms AS bigint) * interval '1 millisecond'
          AND NOT EXISTS (SELECT 1 FROM conversations c2 JOIN messages m
                            ON m.tenant_id = c2.tenant_id AND m.conversation_id = c2.id
                          WHERE c2.tenant_id = c.tenant_id AND c2.lead_id = c.lead_id AND m.author = 'SELLER'
                            AND m.author_user_id = a.seller_id AND m.sent_at >= k.clock
                            AND m.delivery_status <> 'FAILED')
        ORDER BY k.clock, a.id, c.id
        """.formatted(LEAD, CLOCK);
    Map<String, Object> p = Map.of("tenant", t(), "now", now, "warn_ms", warnAfter.toMillis(),
        "target_ms", target.toMillis());
    NamedSql q = NamedSql.of(sql, p);
    Map<AssignmentId, Alerts.AtRisk> out = new LinkedHashMap<>();
    db.query(q.sql(), r -> out.putIfAbsent(AssignmentId.of(r.uuid("assignment_id")),
        new Alerts.AtRisk(AssignmentId.of(r.uuid("assignment_id")), ConversationId.of(r.uuid("conversation_id")),
            JdbcLeads.lead(r), UserId.of(r.uuid("owner")), r.instant("clock"))), q.params());
    return List.copyOf(out.values());
  }
}
