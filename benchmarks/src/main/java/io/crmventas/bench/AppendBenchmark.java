package io.crmventas.bench;

import io.crmventas.core.IdGenerator;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.conversation.ConversationId;
import io.crmventas.core.conversation.Message;
import io.crmventas.core.conversation.MessageId;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.store.TenantStore;
import io.crmventas.core.store.jdbc.JdbcCrmStore;
import io.crmventas.core.tenant.Tenant;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * Issue 2's benchmark: appending an inbound message to its conversation (insert the message,
 * update the conversation and the lead, one transaction) on PostgreSQL from N threads, against
 * pgbench's single-row {@code INSERT ... ON CONFLICT DO NOTHING} at the same concurrency, in the
 * same run. Rounds alternate pgbench and ours; medians are reported.
 *
 * <p>Arguments: {@code threads seconds rounds} (default 4 20 3).
 */
public final class AppendBenchmark {
  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int conversations = 2000;

    try (PostgresTestDatabase.Schema schema = PostgresTestDatabase.open("bench_append", threads + 2)) {
      JdbcCrmStore store = JdbcCrmStore.create(schema.dataSource(), Clock.systemUTC());
      TenantId tenantId = TenantId.of("bench");
      store.tenants().create(Tenant.of(tenantId, "Bench", ZoneId.of("UTC"), Locale.ENGLISH, Instant.now()));
      TenantStore t = store.tenant(tenantId);
      List<Conversation> convs = new ArrayList<>();
      for (int i = 0; i < conversations; i++) {
        Lead lead = t.leads().create(Lead.builder(LeadId.of(UUID.randomUUID()), tenantId,
            PhoneNumber.parse("+549110" + (1_000_000 + i)), Instant.now()).build());
        convs.add(t.conversations().openOrGet(Conversation.open(ConversationId.of(UUID.randomUUID()), tenantId,
            lead.id(), Conversation.WHATSAPP, Optional.empty(), Instant.now())).value());
      }
      try (Connection c = schema.dataSource().getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE pgbench_insert (id bigint PRIMARY KEY)");
      }
      String script = "\\set id random(1, 2000000000)\n"
          + "INSERT INTO " + schema.name() + ".pgbench_insert (id) VALUES (:id) ON CONFLICT DO NOTHING;\n";
      Pgbench pgbench = new Pgbench(PostgresTestDatabase.url());

      // Warm up both (JIT, prepared statements, caches). The JVM needs far longer than pgbench: on
      // 2 cores its JIT compilers are still busy after a few seconds (-Dbench.warmup=s).
      pgbench.run(script, threads, 3);
      appendTps(t, convs, threads, Integer.getInteger("bench.warmup", 30));

      double[] base = new double[rounds];
      double[] ours = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        base[r] = pgbench.run(script, threads, seconds);
        ours[r] = appendTps(t, convs, threads, seconds);
        System.out.printf(Locale.ROOT, "round %d: pgbench %.0f tps, append %.0f tps, ratio %.2f%n", r + 1, base[r],
            ours[r], ours[r] / base[r]);
      }
      double b = median(base);
      double o = median(ours);
      System.out.println("machine: " + Machine.describe());
      System.out.printf(Locale.ROOT, "pgbench single-row INSERT ON CONFLICT, %d clients: median %.0f tps%n", threads, b);
      System.out.printf(Locale.ROOT, "append inbound message (insert + conversation + lead, 1 tx), %d threads: median %.0f tps%n",
          threads, o);
      System.out.printf(Locale.ROOT, "ratio: %.2f (target >= 0.80)%n", o / b);
    }
  }

  /** Message ids as the SDK's services generate them: time-ordered (UUID v7). */
  private static final IdGenerator IDS = IdGenerator.timeOrdered(Clock.systemUTC());

  private static double appendTps(TenantStore t, List<Conversation> convs, int threads, int seconds)
      throws InterruptedException {
    LongAdder done = new LongAdder();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread w = new Thread(() -> {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        while (System.nanoTime() < end) {
          Conversation c = convs.get(rnd.nextInt(convs.size()));
          Instant now = Instant.now();
          t.conversations().append(Message.inboundText(MessageId.of(IDS.next()), c.tenantId(), c.id(), c.leadId(),
              "Hola, quiero saber el precio", "wamid." + UUID.randomUUID(), now, now));
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

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
