package io.crmventas.core.store.jdbc;

import io.crmventas.core.metrics.ActivityFacts;
import io.crmventas.core.metrics.Durations;
import io.crmventas.core.metrics.FactSheet;
import io.crmventas.core.metrics.MetricsQueries;
import io.crmventas.core.metrics.MetricsWindow;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link ActivityFacts} in two set-based queries for all sellers at once: one over the messages
 * of the conversations active in the period (counts, response times, activity), one over
 * assignments, leads, appointments and conversations (first responses and SLA, conversion,
 * prospects, agenda, load). Each groups by seller and, with {@code GROUPING SETS}, also
 * computes the team's row from the same raw rows.
 */
final class JdbcMetricsQueries extends JdbcScoped implements MetricsQueries {

  /** Every row of the result: one per reported seller, and a NULL seller for the team. */
  private static final String KEYS =
      "keys AS (SELECT s AS seller FROM unnest(CAST(:sellers AS uuid[])) s UNION ALL SELECT NULL::uuid)\n";

  /** Whole milliseconds from {@code a} to {@code b}, rounded down like {@code Duration.toMillis}. */
  private static String millis(String a, String b) {
    return "floor(extract(epoch FROM (" + b + " - " + a + ")) * 1000)::bigint";
  }

  private static final String MESSAGES_SQL = """
      WITH conv AS MATERIALIZED (
        SELECT id, assigned_seller_id AS owner FROM conversations
        WHERE tenant_id = :tenant AND last_message_at >= :start),
      msg AS MATERIALIZED (
        SELECT m.conversation_id, c.owner, m.author, m.author_user_id, m.sent_at, m.id
        FROM conv c JOIN messages m ON m.tenant_id = :tenant AND m.conversation_id = c.id AND m.sent_at < :end),
      human AS (
        SELECT conversation_id, author, author_user_id, sent_at, id,
               lag(author) OVER (PARTITION BY conversation_id ORDER BY sent_at, id) AS prev
        FROM msg WHERE author IN ('LEAD', 'SELLER')),
      blocks AS (
        SELECT author, author_user_id, sent_at, prev,
               max(CASE WHEN author = 'LEAD' AND prev IS DISTINCT FROM 'LEAD' THEN sent_at END)
                 OVER (PARTITION BY conversation_id ORDER BY sent_at, id ROWS UNBOUNDED PRECEDING) AS block_start
        FROM human),
      resp AS (
        SELECT author_user_id, %s AS ms FROM blocks
        WHERE author = 'SELLER' AND prev = 'LEAD' AND sent_at >= :start AND author_user_id = ANY(:sellers)),
      resp_agg AS (
        SELECT author_user_id AS seller, count(ms) AS n, coalesce(sum(ms), 0) AS sum_ms,
               percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
               percentile_disc(0.9) WITHIN GROUP (ORDER BY ms) AS p90
        FROM resp GROUP BY GROUPING SETS ((author_user_id), ())),
      per_conv AS (
        SELECT owner, conversation_id,
               count(*) FILTER (WHERE author = 'LEAD') AS received,
               count(*) FILTER (WHERE author = 'BOT') AS bot,
               %s AS span_ms
        FROM msg WHERE sent_at >= :start AND owner = ANY(:sellers)
        GROUP BY owner, conversation_id),
      owner_agg AS (
        SELECT owner AS seller, count(*) AS conversations, coalesce(sum(received), 0) AS received,
               coalesce(sum(bot), 0) AS bot, coalesce(sum(span_ms), 0) AS span_ms
        FROM per_conv GROUP BY GROUPING SETS ((owner), ())),
      author_agg AS (
        SELECT author_user_id AS seller, count(*) AS sent,
               count(DISTINCT (sent_at AT TIME ZONE CAST(:zone AS text))::date) AS active_days,
               max(sent_at) AS last_activity
        FROM msg WHERE sent_at >= :start AND author = 'SELLER' AND author_user_id = ANY(:sellers)
        GROUP BY GROUPING SETS ((author_user_id), ())),
      %s
      SELECT k.seller, o.conversations, o.received, o.bot, o.span_ms, a.sent, a.active_days, a.last_activity,
             r.n, r.sum_ms, r.p50, r.p90
      FROM keys k
      LEFT JOIN owner_agg o ON o.seller IS NOT DISTINCT FROM k.seller
      LEFT JOIN author_agg a ON a.seller IS NOT DISTINCT FROM k.seller
      LEFT JOIN resp_agg r ON r.seller IS NOT DISTINCT FROM k.seller
      """.formatted(millis("block_start", "sent_at"), millis("min(sent_at)", "max(sent_at)"), KEYS);

  /** Messages of the lead's conversations, for the correlated subqueries below. */
  private static final String LEAD_MESSAGES = "FROM conversations c JOIN messages m"
      + " ON m.tenant_id = c.tenant_id AND m.conversation_id = c.id WHERE c.tenant_id = :tenant AND c.lead_id = ";

  private static final String OTHER_SQL = """
      WITH a AS (
        SELECT x.id, x.lead_id, x.seller_id, x.at,
               coalesce(lead(x.at) OVER (PARTITION BY x.lead_id ORDER BY x.at, x.id), CAST(:end AS timestamptz)) AS until
        FROM assignments x WHERE x.tenant_id = :tenant AND x.at >= :start AND x.at < :end),
      mine AS MATERIALIZED (SELECT * FROM a WHERE seller_id = ANY(:sellers)),
      started AS (
        SELECT mine.*, CASE
            WHEN EXISTS (SELECT 1 %1$s mine.lead_id AND m.author = 'LEAD' AND m.sent_at <= mine.at) THEN mine.at
            ELSE (SELECT min(m.sent_at) %1$s mine.lead_id AND m.author = 'LEAD'
                  AND m.sent_at > mine.at AND m.sent_at < mine.until) END AS clock
        FROM mine),
      replied AS (
        SELECT s.seller_id, s.clock, s.until,
               (SELECT min(m.sent_at) %1$s s.lead_id AND m.author = 'SELLER' AND m.author_user_id = s.seller_id
                AND m.sent_at >= s.clock AND m.sent_at < s.until) AS reply
        FROM started s WHERE s.clock IS NOT NULL),
      fr AS (
        SELECT seller_id, CASE WHEN reply IS NOT NULL THEN %2$s END AS ms,
               (reply IS NOT NULL OR clock + CAST(:sla_ms AS bigint) * interval '1 millisecond'
                 <= least(CAST(:now AS timestamptz), until)) AS due
        FROM replied),
      fr_agg AS (
        SELECT seller_id AS seller, count(ms) AS n, coalesce(sum(ms), 0) AS sum_ms,
               percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
               percentile_disc(0.9) WITHIN GROUP (ORDER BY ms) AS p90,
               count(*) FILTER (WHERE due) AS sla_due, count(*) FILTER (WHERE ms <= :sla_ms) AS sla_met
        FROM fr GROUP BY GROUPING SETS ((seller_id), ())),
      asg_agg AS (
        SELECT m.seller_id AS seller, count(DISTINCT m.lead_id) AS assigned,
               count(DISTINCT m.lead_id) FILTER (WHERE l.status = 'WON' AND l.assigned_seller_id = m.seller_id) AS won
        FROM mine m JOIN leads l ON l.tenant_id = :tenant AND l.id = m.lead_id
        GROUP BY GROUPING SETS ((m.seller_id), ())),
      today AS (
        SELECT seller_id AS seller, count(DISTINCT lead_id) AS n FROM assignments
        WHERE tenant_id = :tenant AND at >= :today AND seller_id = ANY(:sellers)
        GROUP BY GROUPING SETS ((seller_id), ())),
      leads_agg AS (
        SELECT assigned_seller_id AS seller,
               count(*) FILTER (WHERE status = 'WON' AND status_changed_at >= :start AND status_changed_at < :end) AS won,
               count(*) FILTER (WHERE source = 'PROSPECTING' AND created_at >= :start AND created_at < :end) AS prospects,
               count(*) FILTER (WHERE source = 'PROSPECTING' AND created_at >= :start AND created_at < :end
                                AND status = 'WON') AS prospects_won
        FROM leads WHERE tenant_id = :tenant AND assigned_seller_id = ANY(:sellers)
          AND ((status = 'WON' AND status_changed_at >= :start AND status_changed_at < :end)
               OR (source = 'PROSPECTING' AND created_at >= :start AND created_at < :end))
        GROUP BY GROUPING SETS ((assigned_seller_id), ())),
      appt_agg AS (
        SELECT seller_id AS seller,
               count(*) FILTER (WHERE created_at >= :start AND created_at < :end) AS booked,
               count(*) FILTER (WHERE starts_at >= :start AND starts_at < :end AND status = 'COMPLETED') AS held
        FROM appointments WHERE tenant_id = :tenant AND seller_id = ANY(:sellers)
          AND ((created_at >= :start AND created_at < :end) OR (starts_at >= :start AND starts_at < :end))
        GROUP BY GROUPING SETS ((seller_id), ())),
      conv_agg AS (
        SELECT assigned_seller_id AS seller,
               count(*) FILTER (WHERE last_message_at >= :active_since) AS active,
               count(*) FILTER (WHERE status = 'OPEN') AS open,
               count(*) FILTER (WHERE status = 'OPEN' AND awaiting_reply_since IS NOT NULL) AS waiting
        FROM conversations WHERE tenant_id = :tenant AND assigned_seller_id = ANY(:sellers)
        GROUP BY GROUPING SETS ((assigned_seller_id), ())),
      %3$s
      SELECT k.seller, f.n AS fr_n, f.sum_ms AS fr_sum_ms, f.p50 AS fr_p50, f.p90 AS fr_p90, f.sla_due, f.sla_met,
             g.assigned, g.won AS assigned_won, t.n AS today, l.won, l.prospects, l.prospects_won,
             p.booked, p.held, c.active, c.open, c.waiting
      FROM keys k
      LEFT JOIN fr_agg f ON f.seller IS NOT DISTINCT FROM k.seller
      LEFT JOIN asg_agg g ON g.seller IS NOT DISTINCT FROM k.seller
      LEFT JOIN today t ON t.seller IS NOT DISTINCT FROM k.seller
      LEFT JOIN leads_agg l ON l.seller IS NOT DISTINCT FROM k.seller
      LEFT JOIN appt_agg p ON p.seller IS NOT DISTINCT FROM k.seller
      LEFT JOIN conv_agg c ON c.seller IS NOT DISTINCT FROM k.seller
      """.formatted(LEAD_MESSAGES, millis("clock", "reply"), KEYS);

  JdbcMetricsQueries(Db db, TenantId tenant) {
    super(db, tenant);
  }

  private record MessageRow(long conversations, long received, long bot, long spanMs, long sent, long activeDays,
      Optional<java.time.Instant> last, Durations responses) {}

  private record OtherRow(Durations firstResponses, long slaDue, long slaMet, long assigned, long assignedWon,
      long today, long won, long prospects, long prospectsWon, long booked, long held, long active, long open,
      long waiting) {}

  @Override
  public FactSheet facts(MetricsWindow w) {
    Objects.requireNonNull(w, "window");
    Map<String, Object> p = new HashMap<>();
    p.put("tenant", t());
    p.put("sellers", new Db.SqlArray("uuid", w.sellers().stream().map(UserId::value).toList()));
    p.put("start", w.start());
    p.put("end", w.end());
    p.put("now", w.now());
    p.put("today", w.todayStart());
    p.put("active_since", w.activeSince());
    p.put("zone", w.zone().getId());
    p.put("sla_ms", w.slaTarget().toMillis());
    Map<Optional<UUID>, MessageRow> messages = new HashMap<>();
    Map<Optional<UUID>, OtherRow> other = new HashMap<>();
    NamedSql m = NamedSql.of(MESSAGES_SQL, p);
    NamedSql o = NamedSql.of(OTHER_SQL, p);
    db.transaction(tx -> {
      tx.query(m.sql(), r -> messages.put(r.optUuid("seller"), new MessageRow(r.longValue("conversations"),
          r.longValue("received"), r.longValue("bot"), r.longValue("span_ms"), r.longValue("sent"),
          r.longValue("active_days"), r.optInstant("last_activity"),
          durations(r, "n", "sum_ms", "p50", "p90"))), m.params());
      tx.query(o.sql(), r -> other.put(r.optUuid("seller"), new OtherRow(durations(r, "fr_n", "fr_sum_ms", "fr_p50",
          "fr_p90"), r.longValue("sla_due"), r.longValue("sla_met"), r.longValue("assigned"),
          r.longValue("assigned_won"), r.longValue("today"), r.longValue("won"), r.longValue("prospects"),
          r.longValue("prospects_won"), r.longValue("booked"), r.longValue("held"), r.longValue("active"),
          r.longValue("open"), r.longValue("waiting"))), o.params());
      return null;
    });
    List<ActivityFacts> sellers = new ArrayList<>();
    for (UserId s : w.sellers()) {
      sellers.add(facts(Optional.of(s), messages.get(Optional.of(s.value())), other.get(Optional.of(s.value()))));
    }
    return new FactSheet(sellers, facts(Optional.empty(), messages.get(Optional.empty()), other.get(Optional.empty())));
  }

  private static Durations durations(Db.Row r, String n, String sum, String p50, String p90) throws SQLException {
    long count = r.longValue(n);
    return count == 0 ? Durations.NONE
        : new Durations(count, r.longValue(sum), r.optLong(p50), r.optLong(p90));
  }

  private static ActivityFacts facts(Optional<UserId> seller, MessageRow m, OtherRow o) {
    return new ActivityFacts(seller, m.conversations(), o.active(), o.open(), o.waiting(), o.today(), m.received(),
        m.sent(), m.bot(), m.responses(), o.firstResponses(), o.slaDue(), o.slaMet(), o.assigned(), o.assignedWon(),
        o.won(), o.prospects(), o.prospectsWon(), o.booked(), o.held(), m.spanMs(), m.activeDays(), m.last());
  }
}
