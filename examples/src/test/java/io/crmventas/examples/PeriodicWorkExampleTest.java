package io.crmventas.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmventas.core.tenant.TenantId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PeriodicWorkExampleTest {
  @Test
  void theQueueRunGivesTheWaitingLeadToTheSellerWhoseCapacityWasRaised() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    // 03:30 UTC is 00:30 in Buenos Aires: the metrics snapshot of the day before is taken too.
    PeriodicWorkExample.Result r = PeriodicWorkExample.run(Clock.fixed(Instant.parse("2026-11-26T03:30:00Z"),
        ZoneOffset.UTC), new PrintStream(printed, true, StandardCharsets.UTF_8));
    assertThat(r.done()).containsKeys("assignment queue", "stale assignments", "notification checks", "score decay",
        "notification clean-up", "inbox purge", "metrics snapshot");
    assertThat(r.done()).containsEntry("assignment queue", 1).containsEntry("metrics snapshot", 1);
    assertThat(r.waitingLeadSeller()).contains(r.seller());
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("waits in the queue")
        .contains("the waiting lead now belongs to Ana");
  }

  @Test
  void aFailingTaskOrTenantNeitherStopsTheOthersNorItsOwnLaterRuns() throws Exception {
    AtomicInteger failing = new AtomicInteger();
    CountDownLatch ranThreeTimes = new CountDownLatch(3);
    List<TenantId> tenants = List.of(TenantId.of("broken"), TenantId.of("fine"));
    try (PeriodicWork work = new PeriodicWork(List.of(
        PeriodicWork.Task.perTenant("fails for one tenant", Duration.ofMillis(10), t -> {
          if (t.value().equals("broken")) {
            failing.incrementAndGet();
            throw new IllegalStateException("store down for this tenant");
          }
          ranThreeTimes.countDown();
          return 1;
        })), () -> tenants)) {
      assertThat(work.runOnce()).containsEntry("fails for one tenant", 1);
      work.start();
      assertThat(ranThreeTimes.await(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(failing.get()).isGreaterThanOrEqualTo(3);
  }
}
