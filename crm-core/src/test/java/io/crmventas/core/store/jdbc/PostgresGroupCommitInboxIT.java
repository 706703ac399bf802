package io.crmventas.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.NotFoundException;
import io.crmventas.core.inbox.GroupCommitInboxWriter;
import io.crmventas.core.inbox.InboxEvent;
import io.crmventas.core.inbox.InboxEventId;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.InsertResult;
import io.crmventas.core.store.contract.GroupCommitInboxContract;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.testing.PostgresTestDatabase;
import io.crmventas.core.testing.TestData;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresGroupCommitInboxIT extends GroupCommitInboxContract {
  @RegisterExtension
  static final PostgresTestDatabase DB = new PostgresTestDatabase(12);

  @Override
  protected CrmStore createStore(Clock clock) {
    return JdbcCrmStore.create(DB.dataSource(), clock);
  }

  private static void awaitQueued(GroupCommitInboxWriter writer, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (writer.queued() != expected) {
      assertThat(System.nanoTime()).as("waiting for %d queued events", expected).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  /** The inbox table is locked while the first batch waits on it, so the next events surely go together. */
  @Test
  void anEventOfAnUnknownTenantFailsAloneInABatchOfSeveral() throws Exception {
    TenantId ghost = TestData.newTenantId();
    List<TenantId> to = List.of(a.id, a.id, ghost, a.id, a.id, ghost, a.id, a.id);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<InboxEvent> events = new ArrayList<>();
    List<Future<InsertResult<InboxEvent>>> results = new ArrayList<>();
    try (GroupCommitInboxWriter writer = new GroupCommitInboxWriter(store.inbox(), 64, 1)) {
      try (AutoCloseable lock = DB.lockTable("inbox")) {
        for (int i = 0; i < to.size(); i++) {
          InboxEvent e = InboxEvent.received(InboxEventId.of(UUID.randomUUID()), to.get(i), "ycloud",
              "evt-" + UUID.randomUUID(), "whatsapp.inbound_message.received", "{}", clock.instant());
          events.add(e);
          results.add(pool.submit(() -> writer.append(e)));
          if (i == 0) {
            awaitQueued(writer, 0);
            DB.awaitStatementWaitingForLock("INSERT INTO inbox %"); // the first batch waits on the locked table
          }
        }
        awaitQueued(writer, to.size() - 1);
      }
      for (int i = 0; i < to.size(); i++) {
        Future<InsertResult<InboxEvent>> f = results.get(i);
        if (to.get(i).equals(ghost)) {
          assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(NotFoundException.class);
        } else {
          assertThat(f.get(30, TimeUnit.SECONDS).inserted()).isTrue();
          assertThat(store.inbox().find(events.get(i).id())).isPresent();
        }
      }
      assertThat(writer.meanBatch()).as("one batch of 1, one of 7").isEqualTo(4.0);
    } finally {
      pool.shutdownNow();
    }
  }
}
