package io.crmventas.core.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmventas.core.store.memory.InMemoryCrmStore;
import io.crmventas.core.testing.MutableClock;
import io.crmventas.core.testing.TenantFixture;
import io.crmventas.core.testing.TestData;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
    assertThat(closer.getState()).as("close() waits for the worker").isEqualTo(Thread.State.TIMED_WAITING);
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
  void eventsOfAProviderWithoutHandlerAreLeftForTheWorkersThatHandleThem() {
    InboxEvent other = append("other", "x");
    InboxEvent mine = append("test", "mine");
    assertThat(processor(ev -> handled.add(ev.payload())).runOnce()).isEqualTo(1);
    assertThat(handled).containsExactly("mine");
    InboxEvent untouched = store.inbox().find(other.id()).orElseThrow();
    assertThat(untouched.status()).isEqualTo(InboxStatus.PENDING);
    assertThat(untouched.attempts()).isZero();
    InboxProcessor.builder(store.inbox()).handler("other", ev -> handled.add(ev.payload())).clock(clock).build()
        .runOnce();
    assertThat(handled).containsExactly("mine", "x");
    assertThat(store.inbox().find(mine.id()).orElseThrow().status()).isEqualTo(InboxStatus.DONE);
  }

  @Test
  void aHandlerForAProviderNameNoEventCanHaveIsRefusedAtBuild() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> InboxProcessor.builder(store.inbox())
        .handler("YCloud", ev -> { }).build())
        .isInstanceOf(io.crmventas.core.InvalidInputException.class).hasMessageContaining("YCloud");
  }

  @Test
  void anErrorFromAHandlerFailsTheAttemptAndTheRestOfTheBatchGoesOn() {
    InboxEvent bad = append("test", "bad");
    append("test", "good");
    InboxProcessor p = processor(ev -> {
      if (ev.payload().equals("bad")) {
        throw new AssertionError("handler bug");
      }
      handled.add(ev.payload());
    });
    assertThat(p.runOnce()).isEqualTo(2);
    assertThat(handled).containsExactly("good");
    InboxEvent failed = store.inbox().find(bad.id()).orElseThrow();
    assertThat(failed.status()).isEqualTo(InboxStatus.PENDING);
    assertThat(failed.lastError()).contains("AssertionError: handler bug");
  }

  @Test
  void anEventThatKeepsKillingItsWorkerIsDeadLetteredOnceItsAttemptsAreSpent() {
    InboxEvent e = append("test", "poison");
    // Three workers (maxAttempts 3) claim it and die without an outcome; each lease expires.
    for (int i = 0; i < 3; i++) {
      assertThat(store.inbox().claim("doomed-" + i, Set.of("test"), 10, Duration.ofSeconds(30))).hasSize(1);
      clock.advance(Duration.ofSeconds(31));
    }
    processor(ev -> handled.add(ev.payload())).runOnce();
    assertThat(handled).as("not handled a fourth time").isEmpty();
    InboxEvent dead = store.inbox().find(e.id()).orElseThrow();
    assertThat(dead.status()).isEqualTo(InboxStatus.DEAD);
    assertThat(dead.lastError()).hasValueSatisfying(v -> assertThat(v).contains("claimed 3 times without finishing"));
  }

  @Test
  void aSlowBatchRenewsTheLeaseOfEachEventBeforeHandlingIt() {
    append("test", "slow");
    append("test", "next");
    List<java.time.Instant> leaseUntil = new CopyOnWriteArrayList<>();
    InboxProcessor p = InboxProcessor.builder(store.inbox()).handler("test", ev -> {
      leaseUntil.add(store.inbox().find(ev.id()).orElseThrow().lease().orElseThrow().until());
      handled.add(ev.payload());
      clock.advance(Duration.ofSeconds(90)); // longer than half the 2-minute lease
    }).clock(clock).build();
    java.time.Instant start = clock.instant();
    assertThat(p.runOnce()).isEqualTo(2);
    assertThat(handled).hasSize(2);
    assertThat(leaseUntil.get(0)).isEqualTo(start.plus(Duration.ofMinutes(2)));
    assertThat(leaseUntil.get(1)).as("renewed after the first took 90 s").isEqualTo(start.plusSeconds(90 + 120));
  }

  @Test
  void theLeaseIsRenewedWhileAHandlerRunsLongerThanIt() {
    InboxEvent e = append("test", "voice note");
    List<Integer> claimedByOthers = new CopyOnWriteArrayList<>();
    InboxProcessor p = InboxProcessor.builder(store.inbox()).handler("test", ev -> {
      for (int i = 0; i < 3; i++) {
        clock.advance(Duration.ofSeconds(25));   // 75 s in all, more than the 30-s lease
        waitForARenewal(ev);
        claimedByOthers.add(store.inbox().claim("other-node", Set.of("test"), 10, Duration.ofSeconds(30)).size());
      }
      handled.add(ev.payload());
    }).clock(clock).lease(Duration.ofSeconds(30)).leaseRenewal(Duration.ofMillis(20)).build();
    assertThat(p.runOnce()).isEqualTo(1);
    assertThat(claimedByOthers).as("no other worker got it while it was being handled").containsExactly(0, 0, 0);
    assertThat(store.inbox().find(e.id()).orElseThrow().status()).isEqualTo(InboxStatus.DONE);
    assertThat(handled).containsExactly("voice note");
  }

  @Test
  void aRenewalThatFailsWithAnErrorKeepsRenewing() {
    // The first renewal fails with an Error (a class missing after a redeploy, say); a periodic
    // task that throws is never run again, so the renewal must not let it out.
    java.util.concurrent.atomic.AtomicInteger renewals = new java.util.concurrent.atomic.AtomicInteger();
    InboxStore failingOnce = io.crmventas.core.testing.Interposed.calls(InboxStore.class, store.inbox(), (m, args) -> {
      if (m.equals("extendLease") && renewals.incrementAndGet() == 1) {
        throw new NoClassDefFoundError("simulated");
      }
    });
    InboxEvent e = append("test", "voice note");
    InboxProcessor p = InboxProcessor.builder(failingOnce).handler("test", ev -> {
      clock.advance(Duration.ofSeconds(25));
      waitForARenewal(ev);
      handled.add(ev.payload());
    }).clock(clock).lease(Duration.ofSeconds(30)).leaseRenewal(Duration.ofMillis(20)).build();
    assertThat(p.runOnce()).isEqualTo(1);
    assertThat(renewals.get()).isGreaterThanOrEqualTo(2);
    assertThat(store.inbox().find(e.id()).orElseThrow().status()).isEqualTo(InboxStatus.DONE);
    p.close();
  }

  @Test
  void aHandlerInterruptedHandsTheRestOfTheBatchBackInsteadOfFailingIt() {
    InboxEvent one = append("test", "one");
    InboxEvent two = append("test", "two");
    InboxProcessor p = processor(ev -> {
      handled.add(ev.payload());
      throw new InterruptedException("the worker was interrupted");
    });
    try {
      assertThat(p.runOnce()).isEqualTo(2);
      assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for whoever runs it").isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(handled).hasSize(1);
    InboxEvent first = store.inbox().find(handled.get(0).equals("one") ? one.id() : two.id()).orElseThrow();
    InboxEvent rest = store.inbox().find(handled.get(0).equals("one") ? two.id() : one.id()).orElseThrow();
    assertThat(first.attempts()).as("the interrupted attempt counts").isEqualTo(1);
    assertThat(rest.status()).isEqualTo(InboxStatus.PENDING);
    assertThat(rest.attempts()).as("handed back, not failed").isZero();
  }

  @Test
  void closingWhileAnEventIsHandledKeepsItsLeaseRenewedUntilItIsDone() throws Exception {
    InboxEvent e = append("test", "voice note");
    java.util.concurrent.CountDownLatch inHand = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    InboxProcessor p = InboxProcessor.builder(store.inbox()).handler("test", ev -> {
      inHand.countDown();
      assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
      clock.advance(Duration.ofSeconds(25));
      waitForARenewal(ev);   // renewed after close(), as long as the handler runs
      handled.add(ev.payload());
    }).clock(clock).lease(Duration.ofSeconds(30)).leaseRenewal(Duration.ofMillis(20)).build();
    java.util.concurrent.ExecutorService caller = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      // Run by the application's own scheduler (no start()), closed from another thread.
      java.util.concurrent.Future<Integer> run = caller.submit(p::runOnce);
      assertThat(inHand.await(10, TimeUnit.SECONDS)).isTrue();
      p.close();
      closed.countDown();
      assertThat(run.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    } finally {
      caller.shutdownNow();
    }
    assertThat(handled).containsExactly("voice note");
    assertThat(store.inbox().find(e.id()).orElseThrow().status()).isEqualTo(InboxStatus.DONE);
  }

  @Test
  void closingAProcessorEndsItsLeaseRenewalThreads() throws Exception {
    append("test", "one");
    List<Long> whileHandling = new CopyOnWriteArrayList<>();
    InboxProcessor p = InboxProcessor.builder(store.inbox()).handler("test", ev -> {
      whileHandling.add(keeperThreads("closing-node"));
      handled.add(ev.payload());
    }).clock(clock).owner("closing-node").build();
    assertThat(p.runOnce()).isEqualTo(1);
    assertThat(whileHandling).as("the processor's own renewal thread").containsExactly(1L);
    p.close();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (keeperThreads("closing-node") > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(keeperThreads("closing-node")).isZero();
  }

  private static long keeperThreads(String owner) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().equals("inbox-lease-keeper-" + owner)).count();
  }

  /** Waits (real time) until the keeper has renewed the lease past the test clock's now. */
  private void waitForARenewal(InboxEvent ev) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline) {
      java.time.Instant until = store.inbox().find(ev.id()).orElseThrow().lease().orElseThrow().until();
      if (until.isAfter(clock.instant().plusSeconds(20))) {
        return;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("the lease was not renewed");
  }

  @Test
  void aLeaseRenewalAsLongAsTheLeaseIsRefused() {
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> InboxProcessor.builder(store.inbox())
        .handler("test", ev -> { }).lease(Duration.ofSeconds(30)).leaseRenewal(Duration.ofSeconds(30)).build()))
        .isInstanceOf(io.crmventas.core.InvalidInputException.class).hasMessageContaining("leaseRenewal");
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
