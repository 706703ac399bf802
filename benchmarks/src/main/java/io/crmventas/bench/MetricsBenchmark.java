package io.crmventas.bench;

import io.crmventas.core.IdGenerator;
import io.crmventas.core.contact.EmailAddress;
import io.crmventas.core.event.EventBus;
import io.crmventas.core.metrics.Dashboard;
import io.crmventas.core.metrics.InMemoryDashboardCache;
import io.crmventas.core.metrics.MetricsService;
import io.crmventas.core.notification.NotificationChecks;
import io.crmventas.core.notification.Notifier;
import io.crmventas.core.redis.RedisDashboardCache;
import io.crmventas.core.store.TenantStore;
import io.crmventas.core.store.jdbc.JdbcCrmStore;
import io.crmventas.core.tenant.Membership;
import io.crmventas.core.tenant.Role;
import io.crmventas.core.tenant.SellerKind;
import io.crmventas.core.tenant.SellerProfile;
import io.crmventas.core.tenant.Tenant;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.User;
import io.crmventas.core.tenant.UserId;
import io.crmventas.core.testing.PostgresTestDatabase;
import io.crmventas.core.testing.RedisTestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Issue 4's benchmark on PostgreSQL: a tenant with S sellers, L leads (one conversation each)
 * and about M messages over D days, bulk-loaded with SQL (the shapes are described in
 * BENCHMARKS.md). Then it times the full team dashboard for the last 7 days uncached (median of
 * 10 after 3 warm-ups), cached in memory and in Redis (median of 1,000 reads), and a full
 * notification check run (the first one, which creates the notifications, then the median of 5
 * later runs, which find every condition already notified).
 *
 * <p>Arguments: {@code sellers leads messagesPerLead days} (default 50 100000 10 90).
 */
public final class MetricsBenchmark {
  public static void main(String[] args) throws Exception {
    int sellers = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int leads = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int perLead = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int days = args.length > 3 ? Integer.parseInt(args[3]) : 90;
    System.out.println("machine: " + Machine.describe());

    // -Dbench.schema=NAME reuses a schema loaded by an earlier run with -Dbench.keep=true.
    String reuse = System.getProperty("bench.schema");
    boolean keep = Boolean.getBoolean("bench.keep") || reuse != null;
    PostgresTestDatabase.Schema schema = reuse == null ? PostgresTestDatabase.open("bench_metrics", 4)
        : attach(reuse);
    try {
      Clock clock = reuse == null ? Clock.systemUTC() : Clock.fixed(lastMessage(schema).plusSeconds(60), ZoneId.of("UTC"));
      JdbcCrmStore store = JdbcCrmStore.create(schema.dataSource(), clock);
      IdGenerator ids = IdGenerator.timeOrdered(clock);
      TenantId tenantId = TenantId.of("bench");
      ZoneId zone = ZoneId.of("America/Argentina/Buenos_Aires");
      Instant now = clock.instant();
      if (reuse == null) {
        populate(store, ids, schema, tenantId, zone, now, sellers, leads, perLead, days);
      }
      try (Connection c = schema.dataSource().getConnection(); Statement s = c.createStatement()) {
        for (String table : new String[] {"leads", "conversations", "messages", "assignments", "appointments",
            "lead_score_history"}) {
          try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            System.out.printf("  %-20s %,d rows%n", table, rs.getLong(1));
          }
        }
      }

      LocalDate today = LocalDate.ofInstant(now, zone);
      LocalDate from = today.minusDays(6);
      LocalDate to = today.plusDays(1);
      MetricsService uncached = MetricsService.builder(store).clock(clock).ttl(java.time.Duration.ZERO).build();
      Dashboard d = null;
      for (int i = 0; i < 3; i++) {
        d = uncached.dashboard(tenantId, from, to);
      }
      double[] runs = new double[10];
      for (int i = 0; i < runs.length; i++) {
        long s = System.nanoTime();
        d = uncached.dashboard(tenantId, from, to);
        runs[i] = (System.nanoTime() - s) / 1e6;
      }
      report("dashboard, 7 days, uncached", runs);
      System.out.printf("  team: %,d conversations, %,d messages received, %,d sent, %,d bot, %,d responses"
              + " (p50 %s), %,d first responses, %d sellers%n", d.team().facts().conversations(),
          d.team().facts().messagesReceived(), d.team().facts().messagesSent(), d.team().facts().botMessages(),
          d.team().facts().responses().count(), d.team().p50ResponseTime().orElse(null),
          d.team().facts().firstResponses().count(), d.sellers().size());

      MetricsService memoryCached = MetricsService.builder(store).clock(clock).cache(new InMemoryDashboardCache())
          .ttl(java.time.Duration.ofMinutes(10)).build();
      report("dashboard, 7 days, cached in memory", timeMany(() -> memoryCached.dashboard(tenantId, from, to), 1000));
      RedisClient client = RedisTestServer.client();
      try (StatefulRedisConnection<String, String> redis = client.connect()) {
        MetricsService redisCached = MetricsService.builder(store).clock(clock)
            .cache(new RedisDashboardCache(redis, RedisTestServer.keyPrefix("bench"))).ttl(java.time.Duration.ofMinutes(10))
            .build();
        report("dashboard, 7 days, cached in Redis", timeMany(() -> redisCached.dashboard(tenantId, from, to), 1000));
      } finally {
        client.shutdown();
      }

      NotificationChecks checks = new NotificationChecks(store, clock,
          new Notifier(store, clock, ids, new EventBus()), memoryCached);
      long s = System.nanoTime();
      NotificationChecks.Report first = checks.runAll(tenantId);
      System.out.printf("notification checks, first run: %.1f ms, created %s%n", (System.nanoTime() - s) / 1e6,
          first.created());
      double[] again = new double[5];
      int created = 0;
      for (int i = 0; i < again.length; i++) {
        long s2 = System.nanoTime();
        created += checks.runAll(tenantId).total();
        again[i] = (System.nanoTime() - s2) / 1e6;
      }
      report("notification checks, later runs (created " + created + ")", again);
    } finally {
      if (keep) {
        schema.dataSource().close();
        System.out.println("kept schema " + schema.name() + " (rerun with -Dbench.schema=" + schema.name() + ")");
      } else {
        schema.close();
      }
    }
  }

  private static void populate(JdbcCrmStore store, IdGenerator ids, PostgresTestDatabase.Schema schema,
      TenantId tenantId, ZoneId zone, Instant now, int sellers, int leads, int perLead, int days) throws Exception {
    store.tenants().create(Tenant.of(tenantId, "Bench", zone, Locale.forLanguageTag("es"), now.minusSeconds(86400L * days)));
    TenantStore t = store.tenant(tenantId);
    User ceo = store.users().create(new User(UserId.of(ids.next()), EmailAddress.parse("ceo@bench.example"), "Ceo", now));
    t.members().add(Membership.of(tenantId, ceo.id(), Role.CEO, now));
    for (int i = 0; i < sellers; i++) {
      User u = store.users().create(new User(UserId.of(ids.next()), EmailAddress.parse("seller" + i + "@bench.example"),
          "Seller " + i, now));
      t.members().add(Membership.seller(tenantId, u.id(), SellerProfile.of(SellerKind.CLOSER, 100_000), now));
    }
    long loadStart = System.nanoTime();
    load(schema.dataSource().getConnection(), now, leads, perLead, days);
    System.out.printf("loaded in %.1f s%n", (System.nanoTime() - loadStart) / 1e9);
  }

  private static Instant lastMessage(PostgresTestDatabase.Schema schema) throws Exception {
    try (Connection c = schema.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT max(sent_at) FROM messages WHERE tenant_id = 'bench'")) {
      rs.next();
      return rs.getTimestamp(1).toInstant();
    }
  }

  private static PostgresTestDatabase.Schema attach(String name) {
    com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
    config.setJdbcUrl(PostgresTestDatabase.url());
    config.setSchema(name);
    config.setMaximumPoolSize(4);
    return new PostgresTestDatabase.Schema(name, new com.zaxxer.hikari.HikariDataSource(config));
  }

  private static double[] timeMany(Supplier<?> work, int n) {
    work.get();
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      long s = System.nanoTime();
      work.get();
      out[i] = (System.nanoTime() - s) / 1e6;
    }
    return out;
  }

  private static void report(String what, double[] ms) {
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    System.out.printf("%s: median %.3f ms, min %.3f ms, max %.3f ms (n=%d)%n", what, sorted[(sorted.length - 1) / 2],
        sorted[0], sorted[sorted.length - 1], sorted.length);
  }

  private static void exec(Connection c, String sql, Object... params) throws Exception {
    long s = System.nanoTime();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      ps.execute();
    }
    System.out.printf("  %.1f s  %s%n", (System.nanoTime() - s) / 1e9, sql.strip().lines().findFirst().orElse(""));
  }

  /** Bulk-loads the data set; every time is relative to {@code now}. */
  static void load(Connection c, Instant now, int leads, int perLead, int days) throws Exception {
    try (c) {
      Timestamp ts = Timestamp.from(now);
      exec(c, "CREATE TEMP TABLE s AS SELECT (row_number() OVER (ORDER BY user_id)) - 1 AS i, user_id"
          + " FROM memberships WHERE tenant_id = 'bench' AND role = 'SELLER'");
      int sellers;
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM s")) {
        rs.next();
        sellers = rs.getInt(1);
      }
      long spanSeconds = 86_400L * days;
      // Leads: creation spread evenly (pseudo-randomly) over the days; statuses and sources rotate;
      // every tenth lead is HOT.
      exec(c, """
          INSERT INTO leads (tenant_id, id, phone, name, status, source, score, score_band, score_factors, scored_at,
                             assigned_seller_id, created_at, updated_at, status_changed_at, version)
          SELECT 'bench', gen_random_uuid(), '+549' || (1100000000 + g), 'Lead ' || g,
                 (ARRAY['NEW','CONTACTED','QUALIFIED','MEETING_SCHEDULED','WON','LOST','DISCARDED'])[1 + g % 7],
                 (ARRAY['ORGANIC','META_ADS','REFERRAL','PROSPECTING'])[1 + (g / 7) % 4],
                 CASE WHEN g % 10 = 0 THEN 85 ELSE 40 END, CASE WHEN g % 10 = 0 THEN 'HOT' ELSE 'WARM' END, '[]',
                 x.created, s.user_id, x.created, x.created,
                 least(x.created + (g % 5) * interval '1 day', CAST(? AS timestamptz)), 0
          FROM generate_series(0, ? - 1) g
          JOIN s ON s.i = g % ?
          CROSS JOIN LATERAL (SELECT CAST(? AS timestamptz) - (? - (g * 7919::bigint) % ?) * interval '1 second'
                              AS created) x
          """, ts, leads, sellers, ts, spanSeconds, spanSeconds);
      exec(c, """
          INSERT INTO conversations (tenant_id, id, lead_id, channel, status, assigned_seller_id, created_at)
          SELECT tenant_id, gen_random_uuid(), id, 'whatsapp', 'OPEN', assigned_seller_id, created_at
          FROM leads WHERE tenant_id = 'bench'
          """);
      // Messages: perLead per conversation, a few minutes to a few hours apart (each lead has its own
      // pace), authors in a shuffled pattern of lead, seller and bot; none in the future.
      exec(c, """
          INSERT INTO messages (tenant_id, id, conversation_id, lead_id, direction, author, author_user_id, type, body,
                                delivery_status, sent_at, created_at)
          SELECT c.tenant_id, gen_random_uuid(), c.id, c.lead_id, CASE WHEN x.a = 'LEAD' THEN 'INBOUND' ELSE 'OUTBOUND' END,
                 x.a, CASE WHEN x.a = 'SELLER' THEN c.assigned_seller_id END, 'TEXT', 'm',
                 CASE WHEN x.a = 'LEAD' THEN 'RECEIVED' ELSE 'SENT' END, x.t, x.t
          FROM conversations c
          CROSS JOIN generate_series(1, ?) n
          CROSS JOIN LATERAL (
            SELECT (ARRAY['LEAD','LEAD','SELLER','LEAD','BOT','SELLER','LEAD','SELLER','LEAD','SELLER'])
                     [1 + (n + abs(hashtext(c.id::text))) % 10] AS a,
                   c.created_at + (n * (2 + abs(hashtext(c.id::text)) % 90) + abs(hashtext(c.id::text || n)) % 2)
                     * interval '1 minute' AS t) x
          WHERE c.tenant_id = 'bench' AND x.t < CAST(? AS timestamptz)
          """, perLead, ts);
      exec(c, """
          WITH agg AS (
            SELECT conversation_id, max(sent_at) AS last, max(sent_at) FILTER (WHERE author = 'LEAD') AS ll,
                   max(sent_at) FILTER (WHERE author = 'SELLER') AS ls, max(sent_at) FILTER (WHERE author = 'BOT') AS lb,
                   count(*) AS n
            FROM messages WHERE tenant_id = 'bench' GROUP BY conversation_id),
          aw AS (
            SELECT m.conversation_id, min(m.sent_at) AS since FROM messages m JOIN agg a USING (conversation_id)
            WHERE m.tenant_id = 'bench' AND m.author = 'LEAD'
              AND m.sent_at > coalesce(greatest(a.ls, a.lb), '-infinity') GROUP BY m.conversation_id)
          UPDATE conversations c SET last_message_at = agg.last, last_lead_message_at = agg.ll,
                 last_seller_message_at = agg.ls, last_bot_message_at = agg.lb, message_count = agg.n,
                 awaiting_reply_since = aw.since
          FROM agg LEFT JOIN aw USING (conversation_id)
          WHERE c.tenant_id = 'bench' AND c.id = agg.conversation_id
          """);
      // Conversations quiet for a week are closed, as sellers do.
      exec(c, "UPDATE conversations SET status = 'CLOSED' WHERE tenant_id = 'bench'"
          + " AND coalesce(last_message_at, created_at) < CAST(? AS timestamptz) - interval '7 days'", ts);
      exec(c, """
          UPDATE leads l SET last_inbound_at = c.last_lead_message_at,
                 last_outbound_at = greatest(c.last_seller_message_at, c.last_bot_message_at)
          FROM conversations c WHERE c.tenant_id = 'bench' AND l.tenant_id = 'bench' AND l.id = c.lead_id
          """);
      exec(c, """
          INSERT INTO assignments (tenant_id, id, lead_id, seller_id, kind, explanation, at)
          SELECT tenant_id, gen_random_uuid(), id, assigned_seller_id, 'AUTOMATIC', '{}', created_at + interval '30 seconds'
          FROM leads WHERE tenant_id = 'bench' AND created_at + interval '30 seconds' < CAST(? AS timestamptz)
          """, ts);
      exec(c, """
          INSERT INTO appointments (tenant_id, id, seller_id, lead_id, title, starts_at, ends_at, status, source,
                                    created_at, updated_at)
          SELECT tenant_id, gen_random_uuid(), assigned_seller_id, id, 'Demo',
                 created_at + interval '2 days', created_at + interval '2 days 45 minutes',
                 (ARRAY['SCHEDULED','CONFIRMED','COMPLETED','CANCELLED','NO_SHOW'])[1 + abs(hashtext(id::text)) % 5],
                 'AI', created_at + interval '1 hour', created_at + interval '1 hour'
          FROM leads WHERE tenant_id = 'bench' AND abs(hashtext(id::text)) % 5 = 0
          """);
      exec(c, """
          INSERT INTO lead_score_history (tenant_id, id, lead_id, old_score, old_band, new_score, new_band, factors,
                                          trigger, at)
          SELECT tenant_id, gen_random_uuid(), id, 40, 'WARM', score, score_band, '[]', 'INBOUND_MESSAGE', scored_at
          FROM leads WHERE tenant_id = 'bench' AND score_band = 'HOT'
          """);
      // What autovacuum does on a live server: statistics, and the visibility map for index-only scans.
      exec(c, "VACUUM ANALYZE");
    }
  }
}
