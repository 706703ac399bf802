package io.crmventas.core.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.NotFoundException;
import io.crmventas.core.StoreUnavailableException;
import io.crmventas.core.inbox.GroupCommitInboxWriter;
import io.crmventas.core.inbox.InboxEvent;
import io.crmventas.core.inbox.InboxEventId;
import io.crmventas.core.store.InsertResult;
import io.crmventas.core.testing.Interposed;
import io.crmventas.core.testing.TestData;
import io.crmventas.core.tenant.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link GroupCommitInboxWriter} on a store: exactly once under concurrency, failures kept to their event. */
public abstract class GroupCommitInboxContract extends StoreContract {

  private InboxEvent event(TenantId tenant, String eventId) {
    return InboxEvent.received(InboxEventId.of(UUID.randomUUID()), tenant, "ycloud", eventId,
        "whatsapp.inbound_message.received", "{\"id\":\"" + eventId + "\"}", clock.instant());
  }

  @ParameterizedTest(name = "{0} batch(es) in flight")
  @ValueSource(ints = {1, 4})
  void sixteenProducersDeliveringEachEventThreeTimesStoreEachOnce(int writers) throws Exception {
    String run = UUID.randomUUID().toString();
    int distinct = 400;
    Set<InboxEventId> inserted = ConcurrentHashMap.newKeySet();
    ConcurrentHashMap<String, Integer> insertedPerEvent = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try (GroupCommitInboxWriter writer = new GroupCommitInboxWriter(store.inbox(), 64, writers)) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        int offset = t;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < distinct * 3 / 16; i++) {
            String id = run + "-" + ((i * 16 + offset) % distinct);
            InsertResult<InboxEvent> r = writer.append(event(a.id, id));
            assertThat(r.value().eventId()).isEqualTo(id);
            if (r.inserted()) {
              inserted.add(r.value().id());
              insertedPerEvent.merge(id, 1, Integer::sum);
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(insertedPerEvent).hasSize(distinct).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    assertThat(inserted).hasSize(distinct).allSatisfy(id -> assertThat(store.inbox().find(id)).isPresent());
  }

  @Test
  void anEventOfAnUnknownTenantFailsAloneAndTheOthersAreStored() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(40); // a caller per event: all wait at once
    // The store's inbox, with its first batch held until every other event is queued: the rest
    // then go as one batch that mixes good and bad events, whatever the store's speed.
    java.util.concurrent.atomic.AtomicReference<GroupCommitInboxWriter> writerRef =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
    io.crmventas.core.inbox.InboxStore real = store.inbox();
    io.crmventas.core.inbox.InboxStore held = Interposed.calls(io.crmventas.core.inbox.InboxStore.class, real,
        (method, args) -> {
          if (method.equals("appendAll") && first.getAndSet(false)) {
            int rest = 40 - ((List<?>) args[0]).size();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (writerRef.get().queued() < rest && System.nanoTime() < deadline) {
              Thread.sleep(1);
            }
          }
        });
    try (GroupCommitInboxWriter writer = new GroupCommitInboxWriter(held, 64, 1)) {
      writerRef.set(writer);
      List<Future<InsertResult<InboxEvent>>> good = new ArrayList<>();
      List<Future<InsertResult<InboxEvent>>> bad = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        InboxEvent e = event(i % 5 == 0 ? TestData.newTenantId() : a.id, "evt-" + UUID.randomUUID());
        (e.tenantId().equals(a.id) ? good : bad).add(pool.submit(() -> writer.append(e)));
      }
      for (Future<InsertResult<InboxEvent>> f : good) {
        InsertResult<InboxEvent> r = f.get(30, TimeUnit.SECONDS);
        assertThat(r.inserted()).isTrue();
        assertThat(store.inbox().find(r.value().id())).isPresent();
      }
      for (Future<InsertResult<InboxEvent>> f : bad) {
        assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(NotFoundException.class);
      }
      // The bad events shared a batch with good ones (two batches for 40 events).
      assertThat(writer.meanBatch()).isEqualTo(20.0);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void batchSizeAndWriterCountOutOfRangeAreRefusedByName() {
    assertThatThrownBy(() -> new GroupCommitInboxWriter(store.inbox(), 0, 2)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("maxBatch").hasMessageContaining("(was: 0)");
    assertThatThrownBy(() -> new GroupCommitInboxWriter(store.inbox(), 64, 17)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("writers").hasMessageContaining("(was: 17)");
  }

  @Test
  void aClosedWriterRefusesEvents() {
    GroupCommitInboxWriter writer = new GroupCommitInboxWriter(store.inbox(), 8);
    assertThat(writer.append(event(a.id, "evt-" + UUID.randomUUID())).inserted()).isTrue();
    writer.close();
    assertThatThrownBy(() -> writer.append(event(a.id, "evt-" + UUID.randomUUID())))
        .isInstanceOf(StoreUnavailableException.class);
  }
}
