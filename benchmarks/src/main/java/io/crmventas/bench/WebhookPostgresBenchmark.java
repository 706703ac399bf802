package io.crmventas.bench;

import io.crmventas.core.inbox.GroupCommitInboxWriter;
import io.crmventas.core.inbox.InboxStore;
import io.crmventas.core.inbox.InboxWriter;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.jdbc.JdbcCrmStore;
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
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Issue 5's webhook benchmark on PostgreSQL and Redis: {@code producers} threads deliver
 * distinct signed YCloud events to one {@link WebhookHandler} (verify, parse, Redis
 * {@code SET NX EX} dedup, inbox insert on PostgreSQL), against pgbench's single-row
 * {@code INSERT ... ON CONFLICT DO NOTHING} with as many clients, alternating rounds in one run.
 * Payloads and signatures are made before each round, as YCloud makes them on its side.
 *
 * <p>Arguments: {@code producers seconds rounds [redis|memory] [direct|group|intake]} (default 8 10
 * 3 redis direct); {@code memory} swaps Redis for the in-memory deduplicator, to see what Redis
 * costs; {@code group} writes through a {@link GroupCommitInboxWriter} (concurrent deliveries
 * share a commit) instead of one commit per event; {@code intake} uses the handler's own group
 * commit ({@code WebhookHandler.Builder.groupCommit}: claims, inserts and stored marks batched).
 * System properties: {@code bench.writers} (batches in flight, default 2), {@code bench.linger} (the
 * intake's linger in microseconds, default 1000), {@code bench.warmup} (seconds, default 30),
 * {@code bench.rewarm} (seconds of unmeasured deliveries right before each measured round, default 10).
 *
 * <p>Each measured round also prints where an event's time went: its response time (each producer
 * waits for its own event), the part spent waiting for the dedup claim, and the part spent in the
 * inbox write. With {@code intake}, the last two are those of the event's batch (its Redis claim,
 * its insert and commit), since every event of a batch waits for them.
 */
public final class WebhookPostgresBenchmark {
  private static final String SECRET = "whsec_3b1f0c9e8d7a6b5c4d3e2f1a0b9c8d7e";

  public static void main(String[] args) throws Exception {
    int producers = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    boolean useRedis = args.length <= 3 || !args[3].equals("memory");
    String mode = args.length > 4 ? args[4] : "direct";
    boolean group = mode.equals("group");
    boolean intake = mode.equals("intake");
    RedisClient redis = RedisTestServer.client();
    try (PostgresTestDatabase.Schema schema = PostgresTestDatabase.open("bench_webhook", producers + 2);
        StatefulRedisConnection<String, String> connection = redis.connect()) {
      Clock clock = Clock.systemUTC();
      JdbcCrmStore store = JdbcCrmStore.create(schema.dataSource(), clock);
      GroupCommitInboxWriter groupWriter = group
          ? new GroupCommitInboxWriter(store.inbox(), 64, Integer.getInteger("bench.writers", 2)) : null;
      TenantId tenant = TenantId.of("bench");
      store.tenants().create(Tenant.of(tenant, "Bench", ZoneId.of("UTC"), Locale.ENGLISH, Instant.now()));
      RedisEventDeduplicator dedup = new RedisEventDeduplicator(connection, RedisTestServer.keyPrefix("bench-webhook"),
          Duration.ofMinutes(10), Duration.ofSeconds(60), Duration.ofMillis(250));
      EventDeduplicator chosen = useRedis ? dedup : InMemoryEventDeduplicator.create(clock);
      InboxWriter writer = group ? groupWriter : InboxWriter.direct(store.inbox());
      // The handler's store, with each batch's inbox insert and commit timed (intake mode).
      CrmStore timedStore = timedInbox(store);
      WebhookHandler.Builder builder = WebhookHandler.builder(timedStore,
          WebhookSecrets.of(Map.of(tenant, List.of(SECRET)))).clock(clock).deduplicator(timed(chosen));
      if (intake) {
        // The handler's own group commit: claims, inserts and stored marks in batches.
        builder.groupCommit(64, Integer.getInteger("bench.writers", 2),
            Duration.ofNanos(1000 * Long.getLong("bench.linger", WebhookHandler.Builder.DEFAULT_LINGER.toNanos() / 1000)));
      } else {
        builder.inboxWriter(event -> {
          long start = System.nanoTime();
          try {
            return writer.append(event);
          } finally {
            WRITE_NANOS.add(System.nanoTime() - start);
          }
        });
      }
      WebhookHandler handler = builder.build();
      try (Connection c = schema.dataSource().getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE pgbench_insert (id bigint PRIMARY KEY)");
      }
      String script = "\\set id random(1, 2000000000)\n"
          + "INSERT INTO " + schema.name() + ".pgbench_insert (id) VALUES (:id) ON CONFLICT DO NOTHING;\n";
      String payload = WebhookBenchmark.payload(0, Instant.now()).replace("'", "''");
      String inboxScript = "\\set n random(1, 2000000000)\n"
          + "INSERT INTO " + schema.name() + ".inbox (id, tenant_id, provider, event_id, event_type, payload, status,"
          + " attempts, next_attempt_at, received_at) VALUES (gen_random_uuid(), 'bench', 'ycloud', 'pgb' || :n,"
          + " 'whatsapp.inbound_message.received', '" + payload.replace("\n", " ") + "', 'PENDING', 0, now(), now())"
          + " ON CONFLICT DO NOTHING;\n";
      Pgbench pgbench = new Pgbench(PostgresTestDatabase.url());
      AtomicInteger next = new AtomicInteger();

      // Warm up both. The JVM needs far longer than pgbench: on 2 cores its JIT compilers are still
      // busy after a few seconds, and what they take shows up as lower throughput (-Dbench.warmup=s).
      pgbench.run(script, producers, 3);
      deliver(handler, tenant, producers, Integer.getInteger("bench.warmup", 30), 0, next);
      int rewarm = Integer.getInteger("bench.rewarm", 10);

      double[] base = new double[rounds];
      double[] inboxRow = new double[rounds];
      double[] ours = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        base[r] = pgbench.run(script, producers, seconds);
        inboxRow[r] = pgbench.run(inboxScript, producers, seconds);
        ours[r] = deliver(handler, tenant, producers, seconds, rewarm, next);
        System.out.printf(Locale.ROOT, "round %d: pgbench %.0f tps, pgbench inbox row %.0f tps, webhook %.0f events/s,"
            + " ratio %.2f%n", r + 1, base[r], inboxRow[r], ours[r], ours[r] / base[r]);
      }
      System.out.printf(Locale.ROOT, "pgbench inserting an inbox row (same table, 600-byte payload), %d clients:"
          + " median %.0f tps%n", producers, AppendBenchmark.median(inboxRow));
      double b = AppendBenchmark.median(base);
      double o = AppendBenchmark.median(ours);
      System.out.println("machine: " + Machine.describe());
      System.out.printf(Locale.ROOT, "pgbench single-row INSERT ON CONFLICT, %d clients: median %.0f tps%n", producers, b);
      System.out.printf(Locale.ROOT, "webhook verify+parse+%s dedup+inbox insert (%s), %d producers: median %.0f events/s%n",
          useRedis ? "Redis" : "in-memory", group ? String.format(Locale.ROOT, "group commit, mean %.1f events per commit",
              groupWriter.meanBatch()) : intake ? String.format(Locale.ROOT, "group intake, mean %.1f deliveries per batch",
              handler.meanBatch()) : "one commit per event", producers, o);
      if (groupWriter != null) {
        groupWriter.close();
      }
      handler.close();
      System.out.printf(Locale.ROOT, "ratio: %.2f (target >= 0.80); Redis failures: %d%n", o / b, dedup.failures());
    } finally {
      redis.shutdown();
    }
  }

  /** Time producers spent in the dedup claim and in the inbox write, for the per-stage breakdown. */
  private static final LongAdder CLAIM_NANOS = new LongAdder();
  private static final LongAdder WRITE_NANOS = new LongAdder();

  /**
   * {@code d}, with the time callers wait for its claims added up: a batch's claim counts once for
   * each event in it, since each of them waits for it.
   */
  private static EventDeduplicator timed(EventDeduplicator d) {
    return new EventDeduplicator() {
      @Override
      public Claim claim(TenantId t, String provider, String eventId) {
        long start = System.nanoTime();
        try {
          return d.claim(t, provider, eventId);
        } finally {
          CLAIM_NANOS.add(System.nanoTime() - start);
        }
      }

      @Override
      public List<Claim> claimAll(List<Event> events) {
        long start = System.nanoTime();
        try {
          return d.claimAll(events);
        } finally {
          CLAIM_NANOS.add((System.nanoTime() - start) * events.size());
        }
      }

      @Override
      public void stored(TenantId t, String provider, String eventId) {
        d.stored(t, provider, eventId);
      }

      @Override
      public void storedAll(List<Event> events) {
        d.storedAll(events);
      }

      @Override
      public void release(TenantId t, String provider, String eventId) {
        d.release(t, provider, eventId);
      }
    };
  }

  /**
   * {@code store}, with the time of each {@link InboxStore#appendAll} (a group commit batch's insert
   * and commit) added up once for each event in it; everything else passes through untouched.
   */
  private static CrmStore timedInbox(CrmStore store) {
    InboxStore inbox = store.inbox();
    InboxStore timedInbox = (InboxStore) Proxy.newProxyInstance(InboxStore.class.getClassLoader(),
        new Class<?>[] {InboxStore.class}, (proxy, method, args) -> {
          long start = System.nanoTime();
          try {
            return method.invoke(inbox, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          } finally {
            if (method.getName().equals("appendAll")) {
              WRITE_NANOS.add((System.nanoTime() - start) * ((List<?>) args[0]).size());
            }
          }
        });
    return (CrmStore) Proxy.newProxyInstance(CrmStore.class.getClassLoader(), new Class<?>[] {CrmStore.class},
        (proxy, method, args) -> {
          if (method.getName().equals("inbox") && method.getParameterCount() == 0) {
            return timedInbox;
          }
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /** Signed deliveries made ahead of a run, taken in order by its producers. */
  private record Prepared(byte[][] bodies, String[] signatures, AtomicInteger cursor) {
    static Prepared make(int count, AtomicInteger next) {
      long signedAt = Instant.now().getEpochSecond();
      byte[][] bodies = new byte[count][];
      String[] signatures = new String[count];
      int first = next.getAndAdd(count);
      for (int i = 0; i < count; i++) {
        bodies[i] = WebhookBenchmark.payload(first + i, Instant.now()).getBytes(StandardCharsets.UTF_8);
        signatures[i] = SignatureVerifier.sign(SECRET, signedAt, bodies[i]);
      }
      return new Prepared(bodies, signatures, new AtomicInteger());
    }
  }

  /**
   * Delivers for {@code rewarm} seconds unmeasured, then for {@code seconds} measured, and returns
   * the measured events per second. The unmeasured part comes right before the measured one, after
   * the pgbench runs and after making the signed events: what those did to the JIT's profiles (the
   * JVM deoptimizes and recompiles hot code when they change) is settled before measuring, and the
   * driver prints how long the JIT still compiled during the measured part.
   */
  private static double deliver(WebhookHandler handler, TenantId tenant, int producers, int seconds, int rewarm,
      AtomicInteger next) throws InterruptedException {
    Prepared prepared = Prepared.make(20_000 * (seconds + rewarm), next);
    if (rewarm > 0) {
      run(handler, tenant, producers, rewarm, prepared);
    }
    System.out.printf(Locale.ROOT, "  delivering for %d s%n", seconds);
    CLAIM_NANOS.reset();
    WRITE_NANOS.reset();
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long jitBefore = jit.getTotalCompilationTime();
    long start = System.nanoTime();
    long[] outcome = run(handler, tenant, producers, seconds, prepared);
    double elapsed = (System.nanoTime() - start) / 1e9;
    long events = Math.max(1, outcome[0] + outcome[1]);
    System.out.printf(Locale.ROOT, "  the JIT compiled for %d ms of the %.0f s measured%n",
        jit.getTotalCompilationTime() - jitBefore, elapsed);
    if (WRITE_NANOS.sum() > 0) {
      // Each producer waits for its event, so the last figure is an event's response time; in intake
      // mode the first two are those of its batch's claim and of its batch's insert and commit.
      System.out.printf(Locale.ROOT, "  per event: %.0f us in the dedup claim, %.0f us in the inbox write, %.0f us in all%n",
          CLAIM_NANOS.sum() / 1e3 / events, WRITE_NANOS.sum() / 1e3 / events, elapsed * 1e6 * producers / events);
    }
    if (outcome[1] > 0) {
      System.out.println("  not accepted: " + outcome[1]);
    }
    return outcome[0] / elapsed;
  }

  /** {@code producers} threads deliver for {@code seconds}; returns accepted and not accepted. */
  private static long[] run(WebhookHandler handler, TenantId tenant, int producers, int seconds, Prepared events)
      throws InterruptedException {
    LongAdder done = new LongAdder();
    LongAdder failed = new LongAdder();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    int prepared = events.bodies().length;
    List<Thread> workers = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      Thread w = new Thread(() -> {
        int i;
        while (System.nanoTime() < end && (i = events.cursor().getAndIncrement()) < prepared) {
          WebhookResult r = handler.handle(tenant, Map.of("YCloud-Signature", events.signatures()[i]),
              events.bodies()[i]);
          if (r instanceof WebhookResult.Accepted) {
            done.increment();
          } else {
            failed.increment();
          }
        }
      });
      workers.add(w);
    }
    workers.forEach(Thread::start);
    for (Thread w : workers) {
      w.join();
    }
    return new long[] {done.sum(), failed.sum()};
  }
}
