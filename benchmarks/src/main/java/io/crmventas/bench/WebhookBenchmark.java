package io.crmventas.bench;

import io.crmventas.core.inbox.GroupCommitInboxWriter;
import io.crmventas.core.inbox.InboxWriter;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.jdbc.JdbcCrmStore;
import io.crmventas.core.store.memory.InMemoryCrmStore;
import io.crmventas.core.tenant.Tenant;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.testing.PostgresTestDatabase;
import io.crmventas.core.testing.RedisTestServer;
import io.crmventas.ycloud.dedup.EventDeduplicator;
import io.crmventas.ycloud.dedup.InMemoryEventDeduplicator;
import io.crmventas.ycloud.dedup.RedisEventDeduplicator;
import io.crmventas.ycloud.webhook.SignatureVerifier;
import io.crmventas.ycloud.webhook.WebhookHandler;
import io.crmventas.ycloud.webhook.WebhookResult;
import io.crmventas.ycloud.webhook.WebhookSecrets;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/**
 * Issue 5's ingestion benchmark: a signed YCloud inbound-message webhook (a real payload shape,
 * 600 bytes) through {@link WebhookHandler}: signature check, parse, dedup, inbox write.
 *
 * <ol>
 *   <li>In memory, one thread: events per second (median of the rounds; each round a fresh store
 *       and N new events).
 *   <li>PostgreSQL inbox and Redis dedup, P concurrent producers, against pgbench's single-row
 *       {@code INSERT ... ON CONFLICT DO NOTHING} at the same concurrency in the same run: once
 *       with one commit per event, once with {@link GroupCommitInboxWriter}.
 * </ol>
 *
 * <p>Arguments: {@code events producers seconds rounds} (default 100000 8 15 3).
 */
public final class WebhookBenchmark {
  static final String SECRET = "whsec_3b1f0c9e8d7a6b5c4d3e2f1a0b9c8d7e";

  /** An inbound text as YCloud posts it; %s is the event id. */
  static final String BODY = """
      {"id":"%s","type":"whatsapp.inbound_message.received","apiVersion":"v2",\
      "createTime":"2026-11-25T10:00:01.123Z","whatsappInboundMessage":{"id":"63f5d7d6b4a7c2%s",\
      "wamid":"wamid.HBgNNTQ5MTE1NTU1MDAwMRUCABIYFjNFQjBDMEQ%s","wabaId":"104593812345678",\
      "from":"+5491155550001","customerProfile":{"name":"Ana Gómez"},"to":"+5491100000000",\
      "sendTime":"2026-11-25T10:00:00.000Z","type":"text",\
      "text":{"body":"Hola, quiero saber el precio del plan anual"}}}""";

  record Delivery(byte[] body, Map<String, String> headers) {}

  static Delivery delivery(String eventId, long unixSeconds) {
    byte[] body = BODY.formatted(eventId, eventId, eventId).getBytes(StandardCharsets.UTF_8);
    return new Delivery(body, Map.of("Content-Type", "application/json", "YCloud-Signature",
        SignatureVerifier.sign(SECRET, unixSeconds, body)));
  }

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int producers = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    System.out.println("machine: " + Machine.describe());
    TenantId tenant = TenantId.of("bench");
    WebhookSecrets secrets = WebhookSecrets.of(Map.of(tenant, List.of(SECRET)));

    double[] memory = new double[rounds + 1];
    for (int r = 0; r <= rounds; r++) {
      CrmStore store = InMemoryCrmStore.create(Clock.systemUTC());
      store.tenants().create(Tenant.of(tenant, "Bench", ZoneId.of("UTC"), Locale.ENGLISH, Instant.now()));
      WebhookHandler handler = WebhookHandler.builder(store, secrets)
          .deduplicator(InMemoryEventDeduplicator.create(Clock.systemUTC())).build();
      long now = Instant.now().getEpochSecond();
      List<Delivery> todo = new ArrayList<>(events);
      for (int i = 0; i < events; i++) {
        todo.add(delivery("evt_" + UUID.randomUUID(), now));
      }
      long start = System.nanoTime();
      for (Delivery d : todo) {
        if (!(handler.handle(tenant, d.headers(), d.body()) instanceof WebhookResult.Accepted)) {
          throw new IllegalStateException("not accepted");
        }
      }
      memory[r] = events / ((System.nanoTime() - start) / 1e9);
      System.out.printf(Locale.ROOT, "in memory, round %d%s: %.0f events/s%n", r, r == 0 ? " (warm-up)" : "",
          memory[r]);
    }
    double[] measured = java.util.Arrays.copyOfRange(memory, 1, memory.length);
    System.out.printf(Locale.ROOT, "in memory, 1 thread: median %.0f events/s (target >= 20,000)%n",
        AppendBenchmark.median(measured));

    try (PostgresTestDatabase.Schema schema = PostgresTestDatabase.open("bench_webhook", producers + 2)) {
      JdbcCrmStore store = JdbcCrmStore.create(schema.dataSource(), Clock.systemUTC());
      store.tenants().create(Tenant.of(tenant, "Bench", ZoneId.of("UTC"), Locale.ENGLISH, Instant.now()));
      try (Connection c = schema.dataSource().getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE pgbench_insert (id bigint PRIMARY KEY)");
      }
      String script = "\\set id random(1, 2000000000)\n"
          + "INSERT INTO " + schema.name() + ".pgbench_insert (id) VALUES (:id) ON CONFLICT DO NOTHING;\n";
      Pgbench pgbench = new Pgbench(PostgresTestDatabase.url());
      RedisClient client = RedisTestServer.client();
      try (StatefulRedisConnection<String, String> redis = client.connect();
          GroupCommitInboxWriter group = new GroupCommitInboxWriter(store.inbox(), 64)) {
        EventDeduplicator dedup = RedisEventDeduplicator.create(redis, RedisTestServer.keyPrefix("bench"));
        WebhookHandler direct = WebhookHandler.builder(store, secrets).deduplicator(dedup)
            .inboxWriter(InboxWriter.direct(store.inbox())).build();
        WebhookHandler grouped = WebhookHandler.builder(store, secrets).deduplicator(dedup).inboxWriter(group).build();
        // For the analysis only: the same without Redis (this node's memory deduplicates).
        WebhookHandler noRedis = WebhookHandler.builder(store, secrets)
            .deduplicator(InMemoryEventDeduplicator.create(Clock.systemUTC())).inboxWriter(group).build();
        pgbench.run(script, producers, 3);
        tps(direct, tenant, producers, 3);
        tps(grouped, tenant, producers, 3);
        double[] base = new double[rounds];
        double[] one = new double[rounds];
        double[] many = new double[rounds];
        double[] local = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          base[r] = pgbench.run(script, producers, seconds);
          one[r] = tps(direct, tenant, producers, seconds);
          many[r] = tps(grouped, tenant, producers, seconds);
          local[r] = tps(noRedis, tenant, producers, seconds);
          System.out.printf(Locale.ROOT, "round %d: pgbench %.0f tps; webhooks, one commit each %.0f/s (%.2f);"
              + " group commit %.0f/s (%.2f); group commit without Redis %.0f/s (%.2f); mean batch %.1f%n", r + 1,
              base[r], one[r], one[r] / base[r], many[r], many[r] / base[r], local[r], local[r] / base[r],
              group.meanBatch());
        }
        double b = AppendBenchmark.median(base);
        System.out.printf(Locale.ROOT, "pgbench single-row INSERT ON CONFLICT, %d clients: median %.0f tps%n",
            producers, b);
        System.out.printf(Locale.ROOT, "webhooks (PostgreSQL inbox, Redis dedup), %d producers, one commit each:"
            + " median %.0f/s, ratio %.2f%n", producers, AppendBenchmark.median(one), AppendBenchmark.median(one) / b);
        System.out.printf(Locale.ROOT, "webhooks, %d producers, group commit: median %.0f/s, ratio %.2f"
            + " (target >= 0.80)%n", producers, AppendBenchmark.median(many), AppendBenchmark.median(many) / b);
      } finally {
        client.shutdown();
      }
    }
  }

  private static double tps(WebhookHandler handler, TenantId tenant, int producers, int seconds)
      throws InterruptedException {
    LongAdder done = new LongAdder();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < producers; i++) {
      Thread w = new Thread(() -> {
        while (System.nanoTime() < end) {
          Delivery d = delivery("evt_" + UUID.randomUUID(), Instant.now().getEpochSecond());
          if (!(handler.handle(tenant, d.headers(), d.body()) instanceof WebhookResult.Accepted)) {
            throw new IllegalStateException("not accepted");
          }
          done.increment();
        }
      });
      workers.add(w);
      w.start();
    }
    long start = System.nanoTime();
    for (Thread w : workers) {
      w.join();
    }
    return done.sum() / ((System.nanoTime() - start) / 1e9);
  }
}
