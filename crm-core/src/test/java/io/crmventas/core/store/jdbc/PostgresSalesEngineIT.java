package io.crmventas.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmventas.core.assignment.AssignmentOutcome;
import io.crmventas.core.assignment.AssignmentQueue;
import io.crmventas.core.assignment.SellerAssigner;
import io.crmventas.core.event.EventBus;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadStatus;
import io.crmventas.core.scoring.LeadScoringService;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.TenantStore;
import io.crmventas.core.store.contract.SalesEngineContract;
import io.crmventas.core.testing.Interposed;
import io.crmventas.core.testing.PostgresTestDatabase;
import io.crmventas.core.tenant.User;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresSalesEngineIT extends SalesEngineContract {
  @RegisterExtension
  static final PostgresTestDatabase DB = new PostgresTestDatabase(12);

  @Override
  protected CrmStore createStore(Clock clock) {
    return JdbcCrmStore.create(DB.dataSource(), clock);
  }

  /**
   * An assignment that finds nobody queues the lead; a status change closing the lead at that
   * moment waits for it and then takes the lead out of the queue (it used to read the lead
   * without its lock, miss the queue row not yet committed, and leave a lost lead queued).
   */
  @Test
  void aLeadClosedWhileAnAssignmentQueuesItLeavesTheQueue() throws Exception {
    for (User u : List.of(a.seller1, a.seller2)) {
      var m = a.t.members().find(u.id()).orElseThrow();
      a.t.members().update(m.withSeller(m.seller().orElseThrow().withAway(true)));
    }
    Lead lead = a.lead();
    CountDownLatch queued = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // The real store, with the assignment's unit held open right after it queued the lead.
    CrmStore holding = Interposed.tenantViews(store, t -> Interposed.results(TenantStore.class, t,
        (n, r) -> !n.equals("assignmentQueue") ? r : Interposed.results(AssignmentQueue.class, r, (m, value) -> {
          if (m.equals("enqueue")) {
            queued.countDown();
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return value;
        })));
    SellerAssigner assigning = SellerAssigner.builder(holding).clock(clock).events(bus).build();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<AssignmentOutcome> assign = pool.submit(() -> assigning.assign(a.id, lead.id()));
      assertThat(queued.await(10, TimeUnit.SECONDS)).isTrue();
      // On a bus of its own: no assigner hears the lead close and drains the queue afterwards,
      // so what is checked is the status change's own unit of work.
      LeadScoringService closing = LeadScoringService.builder(store).clock(clock).events(new EventBus()).build();
      Future<Lead> close = pool.submit(() -> closing.changeStatus(a.id, lead.id(), LeadStatus.LOST));
      DB.awaitStatementWaitingForLock("SELECT % FROM leads % FOR UPDATE", "UPDATE leads %");
      release.countDown();
      assertThat(assign.get(10, TimeUnit.SECONDS)).isInstanceOf(AssignmentOutcome.Queued.class);
      assertThat(close.get(10, TimeUnit.SECONDS).status()).isEqualTo(LeadStatus.LOST);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
    assertThat(a.t.assignmentQueue().find(lead.id())).as("a lost lead waits for nobody").isEmpty();
  }
}
