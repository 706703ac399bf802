package io.crmventas.ycloud.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.NotFoundException;
import io.crmventas.core.inbox.InboxEvent;
import io.crmventas.core.inbox.InboxEventId;
import io.crmventas.core.store.InsertResult;
import io.crmventas.core.store.memory.InMemoryCrmStore;
import io.crmventas.core.testing.MutableClock;
import io.crmventas.core.testing.TenantFixture;
import io.crmventas.core.testing.TestData;
import io.crmventas.core.tenant.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class GroupCommitInboxTest {
  private final MutableClock clock = MutableClock.at(TestData.T0);
  private final InMemoryCrmStore store = InMemoryCrmStore.create(clock);
  private final TenantFixture tenant = TenantFixture.create(store, clock);
  private final GroupCommitInbox inbox = new GroupCommitInbox(store.inbox(), 8, 3);

  private InboxEvent event(TenantId t, String id) {
    return InboxEvent.received(InboxEventId.of(UUID.randomUUID()), t, "ycloud", id, "test", "{}", clock.instant());
  }

  @Test
  void concurrentWritersEachGetTheirOwnOutcome() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<InsertResult<InboxEvent>>> results = new ArrayList<>();
    try {
      for (int i = 0; i < 400; i++) {
        String id = "evt-" + (i % 50);
        TenantId t = i % 100 == 99 ? TestData.newTenantId() : tenant.id;
        results.add(pool.submit(() -> {
          start.await();
          return inbox.append(event(t, id));
        }));
      }
      start.countDown();
      int inserted = 0;
      int unknownTenant = 0;
      for (Future<InsertResult<InboxEvent>> f : results) {
        try {
          inserted += f.get().inserted() ? 1 : 0;
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(NotFoundException.class);
          unknownTenant++;
        }
      }
      assertThat(inserted).isEqualTo(50);
      assertThat(unknownTenant).isEqualTo(4);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aLoneWriterWritesAlone() {
    assertThat(inbox.append(event(tenant.id, "one")).inserted()).isTrue();
    assertThat(inbox.append(event(tenant.id, "one")).inserted()).isFalse();
    assertThatThrownBy(() -> inbox.append(event(TestData.newTenantId(), "x"))).isInstanceOf(NotFoundException.class);
  }
}
