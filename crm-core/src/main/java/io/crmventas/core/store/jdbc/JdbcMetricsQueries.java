package io.crmventas.core.store.jdbc;

import io.crmventas.core.metrics.ActivityFacts;
import io.crmventas.core.metrics.Durations;
import io.crmventas.core.metrics.FactSheet;
import io.crmventas.core.metrics.MetricsQueries;
import io.crmventas.core.metrics.MetricsWindow;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link ActivityFacts} in three set-based queries for all sellers at once, whatever the number
 * of sellers: one over the messages of the conversations active in the period (counts, response
 * times with window functions over each conversation, activity); one over the period's
 * assignments and the messages of their leads (first responses, SLA, leads assigned and won); one
 * over leads, appointments and conversations (prospects, agenda, load). The first runs alongside
 * the other two, on another connection. Every aggregate groups by seller and, with
 * {@code GROUPING SETS}, also computes the team's row from the same raw rows.
 */
final class JdbcMetricsQueries extends JdbcScoped implements MetricsQueries {
  private static final UUID NIL = new UUID(0, 0);

  /** The key of the team's row: the nil UUID, which no user has (user ids are random or time-ordered). */
  private static final String TEAM = "CAST('00000000-0000-0000-0000-000000000000' AS uuid)";

  /** Every row of a result: one per reported seller, and the team's. */
  private static final String KEYS =
      "keys AS (SELECT s AS seller FROM unnest(CAST(:sellers AS uuid[])) s UNION ALL SELECT " + TEAM + ")";

  /**
   * The messages (up to the end of the period) of the conversations in {@code conv}: one index
   * range per conversation, read from the index alone (OFFSET 0 keeps the planner from turning
   * this into a hash join over every message of the tenant). {@code conv} is ordered by id, so
   * the rows come out in the order the window functions sort them into, which makes that sort
   * cheap.
   */
  private static final String MSG = """
      msg AS MATERIALIZED (
        SELECT c.id AS conversation_id, c.lead_id, c.owner, m.author, m.author_user_id, m.sent_at, m.id
        FROM conv c
        CROSS JOIN LATERAL (SELECT x.author, x.author_user_id, x.sent_at, x.id FROM messages x
                            WHERE x.tenant_id = :tenant AND x.conversation_id = c.id AND x.sent_at < :end
                            OFFSET 0) m)""";

  /**
   * Whole milliseconds from {@code a} to {@code b}, rounded down like {@code Duration.toMillis}.
   * In numeric: before PostgreSQL 14 {@code extract} gives a double, and 1.001 s times 1000 can
   * come out just under 1001.
   */
  private static String millis(String a, String b) {
    return "floor(extract(epoch FROM (" + b + " - " + a + "))::numeric * 1000)::bigint";
  }

  /**
   * {@code zone} as PostgreSQL reads it the same way Java does. A region id goes as it is. A fixed
   * offset such as {@code -03:00} would be read by PostgreSQL as a POSIX rule, where the sign means
   * the opposite, so it goes as a POSIX rule written for that: {@code <-0300>+3:00:00}.
   */
  static String pgZone(java.time.ZoneId given) {
    // "UTC-03:00" and "GMT-3" are regions to Java but fixed offsets all the same.
    java.time.ZoneId zone = given.normalized();
    if (!(zone instanceof java.time.ZoneOffset offset)) {
      return zone.getId();
    }
    int total = offset.getTotalSeconds();
    if (total == 0) {
      return "UTC";
    }
    int abs = Math.abs(total);
    String hhmm = String.format(java.util.Locale.ROOT, "%02d%02d", abs / 3600, abs % 3600 / 60);
    String posix = String.format(java.util.Locale.ROOT, "%d:%02d:%02d", abs / 3600, abs % 3600 / 60, abs % 60);
    return "<" + (total < 0 ? "-" : "+") + hhmm + ">" + (total < 0 ? "+" : "-") + posix;
  }

  /** The message-based facts: counts, response times and activity, from the period's conversations. */
  private static final String MESSAGES_SQL = """
      WITH conv AS MATERIALIZED (
        SELECT id, lead_id, assigned_seller_id AS owner FROM conversations
        WHERE tenant_id = :tenant AND last_message_at >= :start
        ORDER BY id),
      %5$s,
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
        SELECT author_user_id, %1$s AS ms FROM blocks
        WHERE author = 'SELLER' AND prev = 'LEAD' AND sent_at >= :start AND author_user_id = ANY(:sellers)),
      resp_agg AS MATERIALIZED (
        SELECT coalesce(author_user_id, %4$s) AS seller, count(ms) AS n, coalesce(sum(ms), 0) AS sum_ms,
               percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
               percentile_disc(0.9) WITHIN GROUP (ORDER BY ms) AS p90
        FROM resp GROUP BY GROUPING SETS ((author_user_id), ())),
      per_conv AS (
        SELECT owner, conversation_id,
               count(*) FILTER (WHERE author = 'LEAD') AS received,
               count(*) FILTER (WHERE author = 'BOT') AS bot,
               %2$s AS span_ms
        FROM msg WHERE sent_at >= :start AND owner = ANY(:sellers)
        GROUP BY owner, conversation_id),
      owner_agg AS MATERIALIZED (
        SELECT coalesce(owner, %4$s) AS seller, count(*) AS conversations, coalesce(sum(received), 0) AS received,
               coalesce(sum(bot), 0) AS bot, coalesce(sum(span_ms), 0) AS span_ms
        FROM per_conv GROUP BY GROUPING SETS ((owner), ())),
      author_agg AS MATERIALIZED (
        SELECT coalesce(author_user_id, %4$s) AS seller, count(*) AS sent,
               count(DISTINCT (sent_at AT TIME ZONE CAST(:zone AS text))::date) AS active_days,
               max(sent_at) AS last_activity
        FROM msg WHERE sent_at >= :start AND author = 'SELLER' AND author_user_id = ANY(:sellers)
        GROUP BY GROUPING SETS ((author_user_id), ())),
      %3$s
      SELECT k.seller, o.conversations, o.received, o.bot, o.span_ms, a.sent, a.active_days, a.last_activity,
             r.n, r.sum_ms, r.p50, r.p90
      FROM keys k
      LEFT JOIN owner_agg o ON o.seller = k.seller
      LEFT JOIN author_agg a ON a.seller = k.seller
      LEFT JOIN resp_agg r ON r.seller = k.seller
      """.formatted(millis("block_start", "sent_at"), millis("min(sent_at)", "max(sent_at)"), KEYS, TEAM, MSG);

  /** The assignment-based facts: first responses, SLA, leads assigned and won. */
  private static final String ASSIGNMENTS_SQL = """
      WITH asg AS MATERIALIZED (
        SELECT x.id, x.lead_id, x.seller_id, x.at,
               coalesce(lead(x.at) OVER (PARTITION BY x.lead_id ORDER BY x.at, x.id), CAST(:end AS timestamptz)) AS until
        FROM assignments x WHERE x.tenant_id = :tenant AND x.at >= :start AND x.at < :end),
      mine AS MATERIALIZED (SELECT * FROM asg WHERE seller_id = ANY(:sellers)),
      conv AS MATERIALIZED (
        SELECT c.id, c.lead_id, c.assigned_seller_id AS owner
        FROM (SELECT DISTINCT lead_id FROM mine) d
        JOIN conversations c ON c.tenant_id = :tenant AND c.lead_id = d.lead_id
        ORDER BY c.id),
      %5$s,
      clocked AS MATERIALIZED (
        SELECT a.id, a.lead_id, a.seller_id, a.until,
               CASE WHEN bool_or(m.author = 'LEAD' AND m.sent_at <= a.at) THEN a.at
                    ELSE min(m.sent_at) FILTER (WHERE m.author = 'LEAD' AND m.sent_at > a.at AND m.sent_at < a.until)
               END AS clock
        FROM mine a LEFT JOIN msg m ON m.lead_id = a.lead_id
        GROUP BY a.id, a.lead_id, a.seller_id, a.at, a.until),
      replied AS (
        SELECT c.seller_id, c.clock, c.until,
               min(m.sent_at) FILTER (WHERE m.author = 'SELLER' AND m.author_user_id = c.seller_id
                                      AND m.sent_at >= c.clock AND m.sent_at < c.until) AS reply
        FROM clocked c LEFT JOIN msg m ON m.lead_id = c.lead_id
        WHERE c.clock IS NOT NULL
        GROUP BY c.id, c.seller_id, c.clock, c.until),
      fr AS (
        SELECT seller_id, CASE WHEN reply IS NOT NULL THEN %1$s END AS ms,
               (reply IS NOT NULL OR clock + CAST(:sla_ms AS bigint) * interval '1 millisecond'
                 <= least(CAST(:now AS timestamptz), until)) AS due
        FROM replied),
      fr_agg AS MATERIALIZED (
        SELECT coalesce(seller_id, %4$s) AS seller, count(ms) AS n, coalesce(sum(ms), 0) AS sum_ms,
               percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
               percentile_disc(0.9) WITHIN GROUP (ORDER BY ms) AS p90,
               count(*) FILTER (WHERE due) AS sla_due, count(*) FILTER (WHERE ms <= :sla_ms) AS sla_met
        FROM fr GROUP BY GROUPING SETS ((seller_id), ())),
      asg_agg AS MATERIALIZED (
        SELECT coalesce(m.seller_id, %4$s) AS seller, count(DISTINCT m.lead_id) AS assigned,
               count(DISTINCT m.lead_id) FILTER (WHERE l.status = 'WON' AND l.assigned_seller_id = m.seller_id) AS won
        FROM mine m
        CROSS JOIN LATERAL (SELECT x.status, x.assigned_seller_id FROM leads x
                            WHERE x.tenant_id = :tenant AND x.id = m.lead_id OFFSET 0) l
        GROUP BY GROUPING SETS ((m.seller_id), ())),
      %3$s
      SELECT k.seller, f.n AS fr_n, f.sum_ms AS fr_sum_ms, f.p50 AS fr_p50, f.p90 AS fr_p90, f.sla_due, f.sla_met,
             g.assigned, g.won AS assigned_won
      FROM keys k
      LEFT JOIN fr_agg f ON f.seller = k.seller
      LEFT JOIN asg_agg g ON g.seller = k.seller
      """.formatted(millis("clock", "reply"), null, KEYS, TEAM, MSG);

  /** The rest: assignments today, leads won and prospects, the agenda, and the conversations' load. */
  private static final String OTHER_SQL = """
      WITH today AS MATERIALIZED (
        SELECT coalesce(seller_id, %2$s) AS seller, count(DISTINCT lead_id) AS n FROM assignments
        WHERE tenant_id = :tenant AND at >= :today AND seller_id = ANY(:sellers)
        GROUP BY GROUPING SETS ((seller_id), ())),
      leads_agg AS MATERIALIZED (
        SELECT coalesce(assigned_seller_id, %2$s) AS seller,
               count(*) FILTER (WHERE status = 'WON' AND status_changed_at >= :start AND status_changed_at < :end) AS won,
               count(*) FILTER (WHERE source = 'PROSPECTING' AND created_at >= :start AND created_at < :end) AS prospects,
               count(*) FILTER (WHERE source = 'PROSPECTING' AND created_at >= :start AND created_at < :end
                                AND status = 'WON') AS prospects_won
        FROM leads WHERE tenant_id = :tenant AND assigned_seller_id = ANY(:sellers)
          AND ((status = 'WON' AND status_changed_at >= :start AND status_changed_at < :end)
               OR (source = 'PROSPECTING' AND created_at >= :start AND created_at < :end))
        GROUP BY GROUPING SETS ((assigned_seller_id), ())),
      appt_agg AS MATERIALIZED (
        SELECT coalesce(seller_id, %2$s) AS seller,
               count(*) FILTER (WHERE created_at >= :start AND created_at < :end) AS booked,
               count(*) FILTER (WHERE starts_at >= :start AND starts_at < :end AND status = 'COMPLETED') AS held
        FROM appointments WHERE tenant_id = :tenant AND seller_id = ANY(:sellers)
          AND ((created_at >= :start AND created_at < :end) OR (starts_at >= :start AND starts_at < :end))
        GROUP BY GROUPING SETS ((seller_id), ())),
      conv_agg AS MATERIALIZED (
        SELECT coalesce(assigned_seller_id, %2$s) AS seller,
               count(*) FILTER (WHERE last_message_at >= :active_since) AS active,
               count(*) FILTER (WHERE status = 'OPEN') AS open,
               count(*) FILTER (WHERE status = 'OPEN' AND awaiting_reply_since IS NOT NULL) AS waiting
        FROM conversations WHERE tenant_id = :tenant AND assigned_seller_id = ANY(:sellers)
        GROUP BY GROUPING SETS ((assigned_seller_id), ())),
      %1$s
      SELECT k.seller, t.n AS today, l.won, l.prospects, l.prospects_won, p.booked, p.held, c.active, c.open, c.waiting
      FROM keys k
      LEFT JOIN today t ON t.seller = k.seller
      LEFT JOIN leads_agg l ON l.seller = k.seller
      LEFT JOIN appt_agg p ON p.seller = k.seller
      LEFT JOIN conv_agg c ON c.seller = k.seller
      """.formatted(KEYS, TEAM);

  JdbcMetricsQueries(Db db, TenantId tenant) {
    super(db, tenant);
  }

  /**
   * Runs the second half of a dashboard's queries beside the first: at most 8 at once (each holds
   * a pooled connection; beyond that a dashboard runs its halves one after the other on the
   * caller's thread), on daemon threads that end after a minute idle.
   */
  private static final ExecutorService PARALLEL = parallel();

  private static ExecutorService parallel() {
    java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(8, 8, 60,
        java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, "crm-metrics-query");
          t.setDaemon(true);
          return t;
        }, new java.util.concurrent.ThreadPoolExecutor.CallerRunsPolicy());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** One result row's columns, by name, as read. */
  private static final class Partial {
    final Map<String, Object> values = new HashMap<>();

    long n(String col) {
      Object v = values.get(col);
      return v == null ? 0 : (Long) v;
    }

    Optional<Long> opt(String col) {
      return Optional.ofNullable((Long) values.get(col));
    }
  }

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
    p.put("zone", pgZone(w.zone()));
    p.put("sla_ms", w.slaTarget().toMillis());
    Map<UUID, Partial> rows = new java.util.concurrent.ConcurrentHashMap<>();
    Runnable messages = () -> run(NamedSql.of(MESSAGES_SQL, p), rows, List.of("conversations", "received", "bot",
        "span_ms", "sent", "active_days", "n", "sum_ms", "p50", "p90"), List.of("last_activity"));
    Runnable rest = () -> {
      run(NamedSql.of(ASSIGNMENTS_SQL, p), rows, List.of("fr_n", "fr_sum_ms", "fr_p50", "fr_p90", "sla_due",
          "sla_met", "assigned", "assigned_won"), List.of());
      run(NamedSql.of(OTHER_SQL, p), rows, List.of("today", "won", "prospects", "prospects_won", "booked", "held",
          "active", "open", "waiting"), List.of());
    };
    if (db.inTransaction()) {
      // One connection: one query after the other.
      messages.run();
      rest.run();
    } else {
      // Separate connections, so the two halves use two cores. Each query sees its own snapshot.
      CompletableFuture<Void> other = CompletableFuture.runAsync(rest, PARALLEL);
      try {
        messages.run();
      } catch (RuntimeException | Error e) {
        // Not left running on its own connection with nobody to read it: waited for, and its
        // own failure (if any) kept with this one.
        try {
          other.join();
        } catch (RuntimeException second) {
          e.addSuppressed(second instanceof java.util.concurrent.CompletionException && second.getCause() != null
              ? second.getCause() : second);
        }
        throw e;
      }
      try {
        other.join();
      } catch (java.util.concurrent.CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    List<ActivityFacts> sellers = new ArrayList<>();
    for (UserId s : w.sellers()) {
      sellers.add(facts(Optional.of(s), rows.get(s.value())));
    }
    return new FactSheet(sellers, facts(Optional.empty(), rows.get(NIL)));
  }

  /** Runs one query and adds its columns to the rows, by seller (the nil UUID for the team). */
  private void run(NamedSql q, Map<UUID, Partial> rows, List<String> longColumns, List<String> instantColumns) {
    // Inside a caller's unit of work the tuning below would stay on for the rest of it: only in
    // a transaction of the query's own.
    boolean own = !db.inTransaction();
    db.transaction(tx -> {
      if (own) {
        // The plan depends on the period's selectivity, which a cached generic plan would guess.
        tx.update("SET LOCAL plan_cache_mode = force_custom_plan");
        // A large estimated cost would trigger JIT compilation: seconds spent, nothing saved here.
        tx.update("SET LOCAL jit = off");
        // Window functions and joins over tens of thousands of message rows: keep them in memory.
        tx.update("SET LOCAL work_mem = '64MB'");
      }
      tx.query(q.sql(), r -> {
        Partial row = rows.computeIfAbsent(r.uuid("seller"), k -> new Partial());
        synchronized (row) {
          for (String col : longColumns) {
            r.optLong(col).ifPresent(v -> row.values.put(col, v));
          }
          for (String col : instantColumns) {
            r.optInstant(col).ifPresent(v -> row.values.put(col, v));
          }
        }
        return null;
      }, q.params());
      return null;
    });
  }

  private static Durations durations(Partial r, String n, String sum, String p50, String p90) {
    long count = r.n(n);
    return count == 0 ? Durations.NONE : new Durations(count, r.n(sum), r.opt(p50), r.opt(p90));
  }

  private static ActivityFacts facts(Optional<UserId> seller, Partial r) {
    synchronized (r) {
      return new ActivityFacts(seller, r.n("conversations"), r.n("active"), r.n("open"), r.n("waiting"), r.n("today"),
          r.n("received"), r.n("sent"), r.n("bot"), durations(r, "n", "sum_ms", "p50", "p90"),
          durations(r, "fr_n", "fr_sum_ms", "fr_p50", "fr_p90"), r.n("sla_due"), r.n("sla_met"), r.n("assigned"),
          r.n("assigned_won"), r.n("won"), r.n("prospects"), r.n("prospects_won"), r.n("booked"), r.n("held"),
          r.n("span_ms"), r.n("active_days"), Optional.ofNullable((java.time.Instant) r.values.get("last_activity")));
    }
  }
}
