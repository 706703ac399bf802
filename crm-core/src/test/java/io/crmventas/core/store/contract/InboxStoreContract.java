package io.crmventas.core.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.NotFoundException;
import io.crmventas.core.inbox.InboxEvent;
import io.crmventas.core.inbox.InboxEventId;
import io.crmventas.core.inbox.InboxStatus;
import io.crmventas.core.store.InsertResult;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.testing.TenantFixture;
import io.crmventas.core.testing.TestData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Contract for the durable inbox. The inbox is shared by every tenant, so tests that count or
 * claim work only with their own events (a shared database may hold other tests' events).
 */
public abstract class InboxStoreContract extends StoreContract {
  private static final Duration LEASE = Duration.ofSeconds(30);

  private InboxEvent event(TenantId tenant, String eventId) {
    return InboxEvent.received(InboxEventId.of(UUID.randomUUID()), tenant, "ycloud", eventId,
        "whatsapp.inbound_message.received", "{\"id\":\"" + eventId + "\"}", clock.instant());
  }

  /** Claims until our events come up; other tests' leftovers are released untouched. */
  private List<InboxEvent> claimMine(Set<InboxEventId> mine, int max) {
    List<InboxEvent> out = new ArrayList<>();
    for (InboxEvent e : store.inbox().claim("test-worker", Set.of("ycloud"), max, LEASE)) {
      if (mine.contains(e.id())) {
        out.add(e);
      } else {
        store.inbox().release(e.id(), e.lease().orElseThrow().token());
      }
    }
    return out;
  }

  @Test
  void appendStoresOnceAndReportsTheDuplicate() {
    InboxEvent e = event(a.id, "evt-" + UUID.randomUUID());
    InsertResult<InboxEvent> first = store.inbox().append(e);
    assertThat(first.inserted()).isTrue();
    assertThat(store.inbox().find(e.id())).contains(e);

    InboxEvent again = event(a.id, e.eventId());
    InsertResult<InboxEvent> second = store.inbox().append(again);
    assertThat(second.inserted()).isFalse();
    assertThat(second.value()).isEqualTo(e);
    assertThat(store.inbox().find(again.id())).isEmpty();
  }

  @Test
  void appendAllStoresEachOnceAndReportsDuplicatesInOrder() {
    String old = "evt-" + UUID.randomUUID();
    InboxEvent stored = store.inbox().append(event(a.id, old)).value();
    String fresh = "evt-" + UUID.randomUUID();
    String twice = "evt-" + UUID.randomUUID();
    List<InboxEvent> batch = List.of(event(a.id, fresh), event(a.id, old), event(a.id, twice), event(a.id, twice));

    List<InsertResult<InboxEvent>> results = store.inbox().appendAll(batch);

    assertThat(results).extracting(InsertResult::inserted).containsExactly(true, false, true, false);
    assertThat(results.get(0).value()).isEqualTo(batch.get(0));
    assertThat(results.get(1).value()).isEqualTo(stored);
    assertThat(results.get(3).value()).isEqualTo(batch.get(2));
    assertThat(store.inbox().find(batch.get(3).id())).isEmpty();
    assertThat(store.inbox().appendAll(List.of())).isEmpty();
    assertThat(store.inbox().appendAll(List.of(event(a.id, fresh)))).extracting(InsertResult::inserted)
        .containsExactly(false);
  }

  @Test
  void theSameEventIdInAnotherTenantIsADifferentEvent() {
    TenantFixture b = anotherTenant();
    String id = "evt-" + UUID.randomUUID();
    assertThat(store.inbox().append(event(a.id, id)).inserted()).isTrue();
    assertThat(store.inbox().append(event(b.id, id)).inserted()).isTrue();
  }

  @Test
  void appendAllStoresABatchInOneGoWithDuplicatesInsideAndOutside() {
    String stored = "evt-" + UUID.randomUUID();
    InboxEvent earlier = event(a.id, stored);
    store.inbox().append(earlier);
    String x = "evt-" + UUID.randomUUID();
    String y = "evt-" + UUID.randomUUID();
    List<InboxEvent> batch = List.of(event(a.id, x), event(a.id, stored), event(a.id, y), event(a.id, x),
        event(anotherTenant().id, x));
    List<InsertResult<InboxEvent>> results = store.inbox().appendAll(batch);
    assertThat(results).extracting(InsertResult::inserted).containsExactly(true, false, true, false, true);
    assertThat(results.get(1).value()).isEqualTo(earlier);
    assertThat(results.get(3).value()).isEqualTo(batch.get(0));
    assertThat(store.inbox().find(batch.get(0).id())).contains(batch.get(0));
    assertThat(store.inbox().find(batch.get(3).id())).isEmpty();
    assertThat(store.inbox().appendAll(List.of())).isEmpty();
  }

  @Test
  void appendAllWithAnUnknownTenantStoresNothing() {
    InboxEvent good = event(a.id, "evt-" + UUID.randomUUID());
    assertThatThrownBy(() -> store.inbox().appendAll(List.of(good, event(TestData.newTenantId(), "x"))))
        .isInstanceOf(NotFoundException.class);
    assertThat(store.inbox().find(good.id())).isEmpty();
  }

  @Test
  void appendAllOfMoreEventsThanOneStatementTakesIsStillAllOrNothing() {
    List<InboxEvent> batch = new java.util.ArrayList<>();
    for (int i = 0; i < 1_500; i++) {
      batch.add(event(a.id, "evt-" + UUID.randomUUID()));
    }
    List<InboxEvent> spoiled = new java.util.ArrayList<>(batch);
    spoiled.add(event(TestData.newTenantId(), "x"));
    assertThatThrownBy(() -> store.inbox().appendAll(spoiled)).isInstanceOf(NotFoundException.class);
    assertThat(store.inbox().find(batch.get(0).id())).isEmpty();
    assertThat(store.inbox().find(batch.get(1_499).id())).isEmpty();

    assertThat(store.inbox().appendAll(batch)).hasSize(1_500).allSatisfy(r -> assertThat(r.inserted()).isTrue());
    assertThat(store.inbox().find(batch.get(1_499).id())).contains(batch.get(1_499));
  }

  @Test
  void anUnknownTenantIsNotFound() {
    assertThatThrownBy(() -> store.inbox().append(event(TestData.newTenantId(), "x")))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void aClaimLeasesTheEventAndCountsTheAttempt() {
    InboxEvent e = store.inbox().append(event(a.id, "evt-" + UUID.randomUUID())).value();
    List<InboxEvent> claimed = claimMine(Set.of(e.id()), 1000);
    assertThat(claimed).hasSize(1);
    InboxEvent c = claimed.get(0);
    assertThat(c.status()).isEqualTo(InboxStatus.PROCESSING);
    assertThat(c.attempts()).isEqualTo(1);
    assertThat(c.lease().orElseThrow().owner()).isEqualTo("test-worker");
    assertThat(c.lease().orElseThrow().until()).isEqualTo(clock.instant().plus(LEASE));
    assertThat(store.inbox().find(e.id())).contains(c);
    assertThat(claimMine(Set.of(e.id()), 1000)).as("leased events are not claimed again").isEmpty();

    assertThat(store.inbox().complete(e.id(), UUID.randomUUID())).as("a wrong token changes nothing").isFalse();
    assertThat(store.inbox().complete(e.id(), c.lease().orElseThrow().token())).isTrue();
    InboxEvent done = store.inbox().find(e.id()).orElseThrow();
    assertThat(done.status()).isEqualTo(InboxStatus.DONE);
    assertThat(done.lease()).isEmpty();
    assertThat(done.completedAt()).contains(clock.instant());
    assertThat(store.inbox().complete(e.id(), c.lease().orElseThrow().token())).isFalse();
  }

  @Test
  void aFailureIsRetriedWhenDueAndCanEndDead() {
    InboxEvent e = store.inbox().append(event(a.id, "evt-" + UUID.randomUUID())).value();
    InboxEvent c1 = claimMine(Set.of(e.id()), 1000).get(0);
    assertThat(store.inbox().fail(e.id(), c1.lease().orElseThrow().token(), "timeout calling OpenAI",
        clock.instant().plusSeconds(10))).isTrue();
    InboxEvent failed = store.inbox().find(e.id()).orElseThrow();
    assertThat(failed.status()).isEqualTo(InboxStatus.PENDING);
    assertThat(failed.lastError()).contains("timeout calling OpenAI");
    assertThat(claimMine(Set.of(e.id()), 1000)).as("not due yet").isEmpty();

    clock.advance(Duration.ofSeconds(10));
    InboxEvent c2 = claimMine(Set.of(e.id()), 1000).get(0);
    assertThat(c2.attempts()).isEqualTo(2);
    assertThat(store.inbox().deadLetter(e.id(), c2.lease().orElseThrow().token(), "gave up")).isTrue();
    InboxEvent dead = store.inbox().find(e.id()).orElseThrow();
    assertThat(dead.status()).isEqualTo(InboxStatus.DEAD);
    assertThat(dead.lastError()).contains("gave up");
    clock.advance(Duration.ofDays(1));
    assertThat(claimMine(Set.of(e.id()), 1000)).isEmpty();

    assertThat(a.t.inbox().list(InboxStatus.DEAD, PageRequest.first(10)).items()).containsExactly(dead);
    assertThat(a.t.inbox().retry(e.id())).isTrue();
    assertThat(a.t.inbox().retry(e.id())).isFalse();
    InboxEvent retried = claimMine(Set.of(e.id()), 1000).get(0);
    assertThat(retried.attempts()).isEqualTo(1);
  }

  @Test
  void anExpiredLeaseIsReclaimedAndTheOldTokenIsUseless() {
    InboxEvent e = store.inbox().append(event(a.id, "evt-" + UUID.randomUUID())).value();
    InboxEvent crashed = claimMine(Set.of(e.id()), 1000).get(0);
    clock.advance(LEASE.minusSeconds(1));
    assertThat(claimMine(Set.of(e.id()), 1000)).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    InboxEvent reclaimed = claimMine(Set.of(e.id()), 1000).get(0);
    assertThat(reclaimed.attempts()).isEqualTo(2);
    assertThat(reclaimed.lease().orElseThrow().token()).isNotEqualTo(crashed.lease().orElseThrow().token());
    assertThat(store.inbox().complete(e.id(), crashed.lease().orElseThrow().token())).isFalse();
    assertThat(store.inbox().complete(e.id(), reclaimed.lease().orElseThrow().token())).isTrue();
  }

  @Test
  void extendLeaseKeepsItAndReleaseHandsItBackUncounted() {
    InboxEvent e = store.inbox().append(event(a.id, "evt-" + UUID.randomUUID())).value();
    InboxEvent c = claimMine(Set.of(e.id()), 1000).get(0);
    clock.advance(Duration.ofSeconds(20));
    assertThat(store.inbox().extendLease(e.id(), c.lease().orElseThrow().token(), LEASE)).isTrue();
    clock.advance(Duration.ofSeconds(20));
    assertThat(claimMine(Set.of(e.id()), 1000)).as("extended lease still holds").isEmpty();
    assertThat(store.inbox().release(e.id(), c.lease().orElseThrow().token())).isTrue();
    InboxEvent released = store.inbox().find(e.id()).orElseThrow();
    assertThat(released.status()).isEqualTo(InboxStatus.PENDING);
    assertThat(released.attempts()).isZero();
    assertThat(claimMine(Set.of(e.id()), 1000)).hasSize(1);
  }

  @Test
  void claimsTakeTheOldestDueFirstUpToMax() {
    List<InboxEventId> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(store.inbox().append(event(a.id, "evt-" + UUID.randomUUID())).value().id());
      clock.advance(Duration.ofMillis(1));
    }
    List<InboxEventId> order = new ArrayList<>();
    while (order.size() < 5) {
      List<InboxEvent> batch = claimMine(Set.copyOf(ids), 2);
      assertThat(batch.size()).isLessThanOrEqualTo(2);
      batch.forEach(e -> order.add(e.id()));
    }
    assertThat(order).containsExactlyElementsOf(ids);
  }

  @Test
  void aClaimTakesOnlyTheProvidersItNames() {
    InboxEvent turn = store.inbox().append(InboxEvent.received(InboxEventId.of(UUID.randomUUID()), a.id, "crm-turn",
        "turn-" + UUID.randomUUID(), "conversation.turn", "{}", clock.instant())).value();
    InboxEvent ycloud = store.inbox().append(event(a.id, "evt-" + UUID.randomUUID())).value();
    List<InboxEvent> claimed = new ArrayList<>();
    for (InboxEvent e : store.inbox().claim("ycloud-only", Set.of("ycloud"), 10_000, LEASE)) {
      claimed.add(e);
      store.inbox().release(e.id(), e.lease().orElseThrow().token());
    }
    assertThat(claimed).extracting(InboxEvent::provider).containsOnly("ycloud");
    assertThat(claimed).extracting(InboxEvent::id).contains(ycloud.id());
    InboxEvent untouched = store.inbox().find(turn.id()).orElseThrow();
    assertThat(untouched.status()).isEqualTo(InboxStatus.PENDING);
    assertThat(untouched.attempts()).isZero();
    List<InboxEvent> both = store.inbox().claim("both", Set.of("ycloud", "crm-turn"), 10_000, LEASE);
    both.forEach(e -> store.inbox().release(e.id(), e.lease().orElseThrow().token()));
    assertThat(both).extracting(InboxEvent::id).contains(turn.id(), ycloud.id());
  }

  @Test
  void aClaimNeedsValidProviders() {
    assertThatThrownBy(() -> store.inbox().claim("w", Set.of(), 10, LEASE))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("providers");
    assertThatThrownBy(() -> store.inbox().claim("w", Set.of("Not A Provider"), 10, LEASE))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("Not A Provider");
  }

  @Test
  void fourWorkersProcessAThousandEventsExactlyOnce() throws Exception {
    TenantFixture mine = anotherTenant();
    Set<InboxEventId> ids = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 1000; i++) {
      ids.add(store.inbox().append(event(mine.id, "bulk-" + i)).value().id());
    }
    Map<InboxEventId, AtomicInteger> processed = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    AtomicInteger completed = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        String name = "worker-" + w;
        workers.add(pool.submit(() -> {
          start.await();
          long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
          while (completed.get() < ids.size()) {
            if (System.nanoTime() > deadline) {
              problems.add(name + " gave up with " + completed.get() + " completed");
              return null;
            }
            List<InboxEvent> batch = store.inbox().claim(name, Set.of("ycloud"), 25, LEASE);
            if (batch.isEmpty()) {
              Thread.sleep(2);
              continue;
            }
            for (InboxEvent e : batch) {
              if (!ids.contains(e.id())) {
                store.inbox().release(e.id(), e.lease().orElseThrow().token());
                continue;
              }
              processed.computeIfAbsent(e.id(), k -> new AtomicInteger()).incrementAndGet();
              if (store.inbox().complete(e.id(), e.lease().orElseThrow().token())) {
                completed.incrementAndGet();
              } else {
                problems.add("could not complete " + e.id());
              }
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : workers) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(problems).isEmpty();
    assertThat(processed.keySet()).isEqualTo(ids);
    assertThat(processed.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(mine.t.inbox().countByStatus()).containsEntry(InboxStatus.DONE, 1000L).containsEntry(InboxStatus.PENDING, 0L);
  }

  @Test
  void doneEventsArePurgedAfterTheirTime() {
    InboxEvent e = store.inbox().append(event(a.id, "evt-" + UUID.randomUUID())).value();
    InboxEvent c = claimMine(Set.of(e.id()), 1000).get(0);
    store.inbox().complete(e.id(), c.lease().orElseThrow().token());
    store.inbox().purgeDone(clock.instant());
    assertThat(store.inbox().find(e.id())).isPresent();
    store.inbox().purgeDone(clock.instant().plusSeconds(1));
    assertThat(store.inbox().find(e.id())).isEmpty();
    assertThat(store.inbox().countByStatus()).containsKeys(InboxStatus.values());
  }

  @Test
  void theTenantInboxListsOnlyItsOwnEventsNewestFirst() {
    TenantFixture b = anotherTenant();
    InboxEvent a1 = store.inbox().append(event(a.id, "a1")).value();
    clock.advance(Duration.ofSeconds(1));
    InboxEvent a2 = store.inbox().append(event(a.id, "a2")).value();
    InboxEvent b1 = store.inbox().append(event(b.id, "b1")).value();
    assertThat(a.t.inbox().list(InboxStatus.PENDING, PageRequest.first(10)).items()).containsExactly(a2, a1);
    assertThat(a.t.inbox().find(b1.id())).isEmpty();
    assertThat(a.t.inbox().find("ycloud", "a2")).contains(a2);
    assertThat(a.t.inbox().find("ycloud", "b1")).as("another tenant's event id").isEmpty();
    assertThat(b.t.inbox().find("ycloud", "b1")).contains(b1);
    assertThat(a.t.inbox().find("crm-turn", "a2")).as("another provider").isEmpty();
    assertThat(a.t.inbox().countByStatus()).containsEntry(InboxStatus.PENDING, 2L);
    assertThat(b.t.inbox().countByStatus()).containsEntry(InboxStatus.PENDING, 1L);
  }
}
