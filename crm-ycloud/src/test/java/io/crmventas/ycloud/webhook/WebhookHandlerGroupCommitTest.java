package io.crmventas.ycloud.webhook;

import static io.crmventas.ycloud.webhook.Fixtures.bytes;
import static io.crmventas.ycloud.webhook.Fixtures.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.inbox.InboxStatus;
import io.crmventas.core.store.memory.InMemoryCrmStore;
import io.crmventas.core.testing.MutableClock;
import io.crmventas.core.testing.TenantFixture;
import io.crmventas.core.testing.TestData;
import io.crmventas.ycloud.dedup.InMemoryEventDeduplicator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The handler's group commit: which deliveries share a batch. */
class WebhookHandlerGroupCommitTest {
  private static final int DELIVERIES = 8;

  private final MutableClock storeClock = MutableClock.at(TestData.T0);
  private final InMemoryCrmStore store = InMemoryCrmStore.create(storeClock);
  private final TenantFixture tenant = TenantFixture.create(store, storeClock);
  private final ExecutorService producers = Executors.newFixedThreadPool(DELIVERIES);

  @AfterEach
  void tearDown() {
    producers.shutdownNow();
  }

  /**
   * A clock at T0 that holds each producer thread at its first reading (the signature check)
   * until all of them are there: every delivery is inside the handler before any is stored.
   */
  private static final class GatheringClock extends Clock {
    private final CountDownLatch allInside = new CountDownLatch(DELIVERIES);
    private final Set<Thread> seen = ConcurrentHashMap.newKeySet();
    private final Set<Thread> producers;

    GatheringClock(Set<Thread> producers) {
      this.producers = producers;
    }

    @Override
    public Instant instant() {
      Thread me = Thread.currentThread();
      if (producers.contains(me) && seen.add(me)) {
        allInside.countDown();
        try {
          allInside.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return TestData.T0;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  private List<WebhookResult> deliverAtOnce(WebhookHandler.Builder builder, Set<Thread> producerThreads)
      throws Exception {
    long now = TestData.T0.getEpochSecond();
    // Load and warm up the classes on the way first, so that a cold JVM on a busy machine does not
    // keep a delivery parsing for longer than the linger once the producers are let go.
    byte[] warmUp = bytes(Fixtures.withEventId("inbound-text", "evt-warm-up"));
    try (WebhookHandler first = builder.build()) {
      assertThat(first.handle(tenant.id, signed(warmUp, now), warmUp)).isInstanceOf(WebhookResult.Accepted.class);
    }
    List<Future<WebhookResult>> futures = new ArrayList<>();
    try (WebhookHandler handler = builder.build()) {
      for (int i = 0; i < DELIVERIES; i++) {
        byte[] body = bytes(Fixtures.withEventId("inbound-text", "evt-gather-" + i));
        futures.add(producers.submit(() -> {
          producerThreads.add(Thread.currentThread());
          return handler.handle(tenant.id, signed(body, now), body);
        }));
      }
      List<WebhookResult> results = new ArrayList<>();
      for (Future<WebhookResult> f : futures) {
        results.add(f.get(20, TimeUnit.SECONDS));
      }
      lastMeanBatch = handler.meanBatch();
      return results;
    }
  }

  private double lastMeanBatch;

  private WebhookHandler.Builder builder(Set<Thread> producerThreads) {
    return WebhookHandler.builder(store, WebhookSecrets.of(Map.of(tenant.id, List.of(Fixtures.SECRET))))
        .clock(new GatheringClock(producerThreads)).deduplicator(InMemoryEventDeduplicator.create(storeClock));
  }

  @Test
  void deliveriesInsideTheHandlerTogetherAreStoredInOneBatch() throws Exception {
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    List<WebhookResult> results = deliverAtOnce(builder(threads).groupCommit(64, 2, Duration.ofSeconds(1)), threads);

    assertThat(results).allMatch(r -> r instanceof WebhookResult.Accepted);
    assertThat(lastMeanBatch).isEqualTo(DELIVERIES);
    assertThat(tenant.t.inbox().countByStatus()).containsEntry(InboxStatus.PENDING, DELIVERIES + 1L);
  }

  @Test
  void lingerIsRefusedByNameOutOfRange() {
    WebhookHandler.Builder b = WebhookHandler.builder(store, WebhookSecrets.of(Map.of(tenant.id, List.of(Fixtures.SECRET))));
    assertThatThrownBy(() -> b.groupCommit(8, 1, Duration.ofMillis(-1))).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("linger");
    assertThatThrownBy(() -> b.groupCommit(8, 1, Duration.ofSeconds(2))).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("linger");
  }
}
