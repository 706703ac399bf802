package io.crmventas.bench;

import io.crmventas.core.IdGenerator;
import io.crmventas.core.assignment.AssignmentOutcome;
import io.crmventas.core.assignment.AssignmentRule;
import io.crmventas.core.assignment.AssignmentRuleId;
import io.crmventas.core.assignment.AssignmentStrategy;
import io.crmventas.core.assignment.CandidatePool;
import io.crmventas.core.assignment.SellerAssigner;
import io.crmventas.core.assignment.StaleAction;
import io.crmventas.core.contact.EmailAddress;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.conversation.ConversationId;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.store.TenantStore;
import io.crmventas.core.store.jdbc.JdbcCrmStore;
import io.crmventas.core.tenant.Membership;
import io.crmventas.core.tenant.SellerKind;
import io.crmventas.core.tenant.SellerProfile;
import io.crmventas.core.tenant.Tenant;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.User;
import io.crmventas.core.tenant.UserId;
import io.crmventas.core.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Issue 3's assignment benchmark on PostgreSQL: N leads, each with an open conversation,
 * assigned automatically by a round-robin rule to equal sellers from T threads. Reports
 * assignments per second, then checks from the database: no lead assigned twice, no seller over
 * capacity, and the spread (max minus min leads per seller).
 *
 * <p>Arguments: {@code leads sellers threads capacity} (default 10000 50 4 250). With a capacity
 * under leads / sellers, the rest must end in the queue.
 */
public final class AssignmentBenchmark {
  public static void main(String[] args) throws Exception {
    int leads = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int sellers = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    int capacity = args.length > 3 ? Integer.parseInt(args[3]) : 250;

    try (PostgresTestDatabase.Schema schema = PostgresTestDatabase.open("bench_assign", threads + 2)) {
      Clock clock = Clock.systemUTC();
      JdbcCrmStore store = JdbcCrmStore.create(schema.dataSource(), clock);
      IdGenerator ids = IdGenerator.timeOrdered(clock);
      TenantId tenantId = TenantId.of("bench");
      store.tenants().create(Tenant.of(tenantId, "Bench", ZoneId.of("UTC"), Locale.ENGLISH, clock.instant()));
      TenantStore t = store.tenant(tenantId);
      for (int i = 0; i < sellers; i++) {
        User u = store.users().create(new User(UserId.of(ids.next()), EmailAddress.parse("seller" + i + "@bench.example"),
            "Seller " + i, clock.instant()));
        t.members().add(Membership.seller(tenantId, u.id(), SellerProfile.of(SellerKind.CLOSER, capacity), clock.instant()));
      }
      t.assignmentRules().create(new AssignmentRule(AssignmentRuleId.of(ids.next()), tenantId, "round robin", 1, true,
          Set.of(), new TreeSet<>(), Set.of(), AssignmentStrategy.ROUND_ROBIN, CandidatePool.ALL_SELLERS, Optional.empty(),
          StaleAction.REASSIGN, clock.instant()));
      ConcurrentLinkedQueue<LeadId> todo = new ConcurrentLinkedQueue<>();
      for (int i = 0; i < leads; i++) {
        Instant now = clock.instant();
        Lead lead = t.leads().create(Lead.builder(LeadId.of(ids.next()), tenantId, PhoneNumber.parse("+549110" + (1_000_000 + i)),
            now).build());
        t.conversations().openOrGet(Conversation.open(ConversationId.of(ids.next()), tenantId, lead.id(),
            Conversation.WHATSAPP, Optional.empty(), now));
        todo.add(lead.id());
      }
      try (Connection c = schema.dataSource().getConnection(); Statement s = c.createStatement()) {
        s.execute("ANALYZE");
      }

      SellerAssigner assigner = SellerAssigner.builder(store).clock(clock).ids(ids)
          .configTtl(java.time.Duration.ofSeconds(1)).build();
      System.out.println("set up " + leads + " leads; assigning");
      AtomicInteger assigned = new AtomicInteger();
      AtomicInteger queued = new AtomicInteger();
      List<Thread> workers = new ArrayList<>();
      long start = System.nanoTime();
      for (int w = 0; w < threads; w++) {
        Thread th = new Thread(() -> {
          for (LeadId id; (id = todo.poll()) != null; ) {
            AssignmentOutcome o = assigner.assign(tenantId, id);
            if (o instanceof AssignmentOutcome.Assigned) {
              assigned.incrementAndGet();
            } else if (o instanceof AssignmentOutcome.Queued) {
              queued.incrementAndGet();
            }
          }
        });
        workers.add(th);
        th.start();
      }
      for (Thread th : workers) {
        th.join();
      }
      double seconds = (System.nanoTime() - start) / 1e9;

      System.out.println("machine: " + Machine.describe());
      System.out.printf(Locale.ROOT, "%d leads, %d sellers (capacity %d), %d threads, round robin: %d assigned, %d queued"
          + " in %.1f s = %,.0f assignments/s (target >= 1,000)%n", leads, sellers, capacity, threads, assigned.get(),
          queued.get(), seconds, (assigned.get() + queued.get()) / seconds);
      report(schema.dataSource(), capacity);
    }
  }

  private static void report(DataSource ds, int capacity) throws Exception {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      System.out.println("leads assigned more than once (history entries > 1): "
          + single(s, "SELECT count(*) FROM (SELECT lead_id FROM assignments GROUP BY lead_id HAVING count(*) > 1) x"));
      System.out.println("leads whose seller differs from their history: " + single(s,
          "SELECT count(*) FROM leads l JOIN assignments a ON a.tenant_id = l.tenant_id AND a.lead_id = l.id"
              + " WHERE a.seller_id IS DISTINCT FROM l.assigned_seller_id"));
      System.out.println("sellers over capacity " + capacity + ": " + single(s, "SELECT count(*) FROM (SELECT"
          + " assigned_seller_id FROM conversations WHERE status = 'OPEN' AND assigned_seller_id IS NOT NULL"
          + " GROUP BY assigned_seller_id HAVING count(*) > " + capacity + ") x"));
      System.out.println("seller_load rows that disagree with a count of open conversations: " + single(s,
          "SELECT count(*) FROM seller_load sl WHERE sl.open_conversations <> (SELECT count(*) FROM conversations c"
              + " WHERE c.tenant_id = sl.tenant_id AND c.assigned_seller_id = sl.seller_id AND c.status = 'OPEN')"));
      try (ResultSet rs = s.executeQuery("SELECT min(n), max(n) FROM (SELECT m.user_id, count(l.id) AS n FROM memberships m"
          + " LEFT JOIN leads l ON l.tenant_id = m.tenant_id AND l.assigned_seller_id = m.user_id GROUP BY m.user_id) x")) {
        rs.next();
        System.out.println("leads per seller: min " + rs.getLong(1) + ", max " + rs.getLong(2) + ", spread "
            + (rs.getLong(2) - rs.getLong(1)) + " (target <= 1)");
      }
      System.out.println("queued: " + single(s, "SELECT count(*) FROM assignment_queue"));
    }
  }

  private static long single(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
