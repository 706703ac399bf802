package io.crmventas.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.TenantStore;
import io.crmventas.core.store.memory.InMemoryCrmStore;
import io.crmventas.core.testing.Interposed;
import io.crmventas.core.testing.MutableClock;
import io.crmventas.core.testing.TenantFixture;
import io.crmventas.core.testing.TestData;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Many viewers asking for the same uncached dashboard at once cost one computation. */
class MetricsServiceSingleFlightTest {

  @Test
  void concurrentRequestsShareOneComputation() throws Exception {
    MutableClock clock = MutableClock.at(TestData.T0);
    CrmStore real = InMemoryCrmStore.create(clock);
    TenantFixture t = TenantFixture.create(real, clock);
    AtomicInteger computations = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    // The real in-memory store, with its metrics queries counted and held until released.
    CrmStore store = Interposed.tenantViews(real, view -> Interposed.results(TenantStore.class, view,
        (n, r) -> !n.equals("metricsQueries") ? r
            : (MetricsQueries) window -> {
              computations.incrementAndGet();
              started.countDown();
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return ((MetricsQueries) r).facts(window);
            }));
    // The real cache, with its misses counted: all 8 requests must miss it while the one
    // computation runs, or the later ones could be served by the cache instead of sharing.
    CountDownLatch misses = new CountDownLatch(8);
    DashboardCache realCache = new InMemoryDashboardCache(clock, 100);
    DashboardCache cache = Interposed.results(DashboardCache.class, realCache, (n, r) -> {
      if (n.equals("get") && ((java.util.Optional<?>) r).isEmpty()) {
        misses.countDown();
      }
      return r;
    });
    MetricsService service = MetricsService.builder(store).clock(clock).cache(cache).ttl(Duration.ofMinutes(1)).build();
    LocalDate from = LocalDate.parse("2026-11-19");
    LocalDate to = LocalDate.parse("2026-11-26");
    List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
      Thread th = new Thread(r);
      threads.add(th);
      return th;
    });
    try {
      List<Future<Dashboard>> answers = new ArrayList<>();
      answers.add(pool.submit(() -> service.dashboard(t.id, from, to)));
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 7; i++) {
        answers.add(pool.submit(() -> service.dashboard(t.id, from, to)));
      }
      assertThat(misses.await(10, TimeUnit.SECONDS)).isTrue();
      // And the 7 later ones wait for it (parked in the shared computation), not about to start their own.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (threads.stream().filter(th -> th.getState() == Thread.State.WAITING).count() < 7
          && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(threads.stream().filter(th -> th.getState() == Thread.State.WAITING).count()).isEqualTo(7);
      assertThat(computations).hasValue(1);
      release.countDown();
      Dashboard first = answers.get(0).get(10, TimeUnit.SECONDS);
      for (Future<Dashboard> f : answers) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isSameAs(first);
      }
      assertThat(computations).hasValue(1);
      // A different period is a different computation.
      service.dashboard(t.id, from, to.plusDays(1));
      assertThat(computations).hasValue(2);
    } finally {
      pool.shutdownNow();
    }
  }
}
