package io.crmventas.core.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmventas.core.store.memory.InMemoryCrmStore;
import io.crmventas.core.testing.MutableClock;
import io.crmventas.core.testing.TenantFixture;
import io.crmventas.core.testing.TestData;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class InboxProcessorTest {
  private final MutableClock clock = MutableClock.at(TestData.T0);
  private final InMemoryCrmStore store = InMemoryCrmStore.create(clock);
  private final TenantFixture tenant = TenantFixture.create(store, clock);
  private final List<String> handled = new CopyOnWriteArrayList<>();

  private InboxEvent append(String provider, String payload) {
    return store.inbox().append(InboxEvent.received(InboxEventId.of(UUID.randomUUID()), tenant.id, provider,
        "evt-" + UUID.randomUUID(), "test.event", payload, clock.instant())).value();
  }

  private InboxProcessor processor(InboxProcessor.Handler handler) {
    return InboxProcessor.builder(store.inbox()).handler("test", handler).clock(clock).maxAttempts(3)
        .backoff(Duration.ofSeconds(10), Duration.ofSeconds(15)).build();
  }

  @Test
  void closingLetsTheEventInHandFinishAndHandsTheRestOfTheBatchBack() throws Exception {
    InboxEvent first = append("test", "first");
    InboxEvent second = append("test", "second");
    java.util.concurrent.CountDownLatch inHand = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch finish = new java.util.concurrent.CountDownLatch(1);
    InboxProcessor p = InboxProcessor.builder(store.inbox()).handler("test", ev -> {
      handled.add(ev.payload());
      inHand.countDown();
      finish.await(10, java.util.concurrent.TimeUnit.SECONDS);
    }).clock(clock).batchSize(10).pollInterval(Duration.ofMillis(20)).build();
    p.start();
    assertThat(inHand.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    Thread closer = new Thread(p::close);
    closer.start();
    // close() has marked the processor stopping once it waits for the worker thread.
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (closer.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    finish.countDown();
    closer.join(10_000);
    assertThat(closer.isAlive()).isFalse();
    assertThat(handled).hasSize(1);
    InboxEvent done = store.inbox().find(handled.get(0).equals("first") ? first.id() : second.id()).orElseThrow();
    InboxEvent back = store.inbox().find(handled.get(0).equals("first") ? second.id() : first.id()).orElseThrow();
    assertThat(done.status()).isEqualTo(InboxStatus.DONE);
    assertThat(back.status()).isEqualTo(InboxStatus.PENDING);
    assertThat(back.lease()).isEmpty();
  }

  @Test
  void handledEventsAreCompleted() {
    InboxEvent e = append("test", "one");
    assertThat(processor(ev -> handled.add(ev.payload())).runOnce()).isEqualTo(1);
    assertThat(handled).containsExactly("one");
    assertThat(store.inbox().find(e.id()).orElseThrow().status()).isEqualTo(InboxStatus.DONE);
  }

  @Test
  void failuresBackOffWithinBoundsThenDeadLetterWithTheLastError() {
    InboxEvent e = append("test", "boom");
    java.util.concurrent.atomic.AtomicInteger attempt = new java.util.concurrent.atomic.AtomicInteger();
    InboxProcessor p = processor(ev -> {
      throw new IllegalStateException("failure " + attempt.incrementAndGet());
    });
    p.runOnce();
    InboxEvent first = store.inbox().find(e.id()).orElseThrow();
    assertThat(first.status()).isEqualTo(InboxStatus.PENDING);
    assertThat(first.nextAttemptAt()).isBetween(clock.instant().plusSeconds(5), clock.instant().plusSeconds(10));
    clock.advance(Duration.ofSeconds(10));
    p.runOnce();
    InboxEvent second = store.inbox().find(e.id()).orElseThrow();
    assertThat(second.nextAttemptAt()).as("capped at 15 s").isBetween(clock.instant().plusMillis(7500),
        clock.instant().plusSeconds(15));
    clock.advance(Duration.ofSeconds(15));
    p.runOnce();
    InboxEvent dead = store.inbox().find(e.id()).orElseThrow();
    assertThat(dead.status()).isEqualTo(InboxStatus.DEAD);
    assertThat(dead.attempts()).isEqualTo(3);
    assertThat(first.lastError()).contains("IllegalStateException: failure 1");
    assertThat(dead.lastError()).contains("IllegalStateException: failure 3");
  }

  @Test
  void anEventOfAProviderWithoutHandlerIsDeadLettered() {
    InboxEvent e = append("nobody", "x");
    processor(ev -> handled.add(ev.payload())).runOnce();
    assertThat(store.inbox().find(e.id()).orElseThrow().status()).isEqualTo(InboxStatus.DEAD);
    assertThat(handled).isEmpty();
  }

  @Test
  void aClosedProcessorHandsClaimedEventsBackUncounted() {
    InboxEvent e = append("test", "later");
    InboxProcessor p = processor(ev -> handled.add(ev.payload()));
    p.close();
    p.runOnce();
    InboxEvent after = store.inbox().find(e.id()).orElseThrow();
    assertThat(after.status()).isEqualTo(InboxStatus.PENDING);
    assertThat(after.attempts()).isZero();
    assertThat(handled).isEmpty();
  }
}
