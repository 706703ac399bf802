package io.crmventas.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmventas.core.metrics.ActivityFacts;
import io.crmventas.core.metrics.Dashboard;
import io.crmventas.core.metrics.Durations;
import io.crmventas.core.metrics.MetricsService;
import io.crmventas.core.metrics.SellerMetrics;
import io.crmventas.core.store.memory.InMemoryCrmStore;
import io.crmventas.core.testing.MutableClock;
import io.crmventas.core.testing.RedisTestServer;
import io.crmventas.core.testing.TenantFixture;
import io.crmventas.core.testing.TestData;
import io.crmventas.core.tenant.TenantId;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link RedisDashboardCache} against a real Redis. */
class RedisDashboardCacheIT {
  static final LocalDate FROM = LocalDate.parse("2026-11-19");
  static final LocalDate TO = LocalDate.parse("2026-11-26");
  static RedisClient client;
  static StatefulRedisConnection<String, String> connection;

  @BeforeAll
  static void connect() {
    client = RedisTestServer.client();
    connection = client.connect();
  }

  @AfterAll
  static void close() {
    connection.close();
    client.shutdown();
  }

  static Dashboard dashboard(TenantId tenant, long sent) {
    ActivityFacts e = ActivityFacts.empty(Optional.empty());
    ActivityFacts team = new ActivityFacts(Optional.empty(), 1, 1, 1, 0, 0, 2, sent, 0,
        Durations.of(new long[] {1000, 3000}), Durations.NONE, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
        Optional.of(Instant.parse("2026-11-25T10:00:00Z")));
    return new Dashboard(tenant, FROM, TO, Instant.parse("2026-11-25T12:00:00Z"), List.of(), new SellerMetrics(team, 7));
  }

  @Test
  void storesReadsAndInvalidatesPerTenant() {
    RedisDashboardCache cache = new RedisDashboardCache(connection, RedisTestServer.keyPrefix("dash"));
    TenantId a = TestData.newTenantId();
    TenantId b = TestData.newTenantId();
    assertThat(cache.get(a, FROM, TO)).isEmpty();
    long gen = cache.generation(a);
    cache.put(dashboard(a, 5), Duration.ofMinutes(1), gen);
    cache.put(dashboard(b, 7), Duration.ofMinutes(1), cache.generation(b));
    assertThat(cache.get(a, FROM, TO)).contains(dashboard(a, 5));
    assertThat(cache.get(b, FROM, TO)).contains(dashboard(b, 7));
    assertThat(cache.get(a, FROM, TO.plusDays(1))).isEmpty();

    cache.invalidate(a);
    assertThat(cache.get(a, FROM, TO)).isEmpty();
    assertThat(cache.get(b, FROM, TO)).isPresent();
    // A dashboard computed before the invalidation is not stored after it.
    cache.put(dashboard(a, 6), Duration.ofMinutes(1), gen);
    assertThat(cache.get(a, FROM, TO)).isEmpty();
    cache.put(dashboard(a, 8), Duration.ofMinutes(1), cache.generation(a));
    assertThat(cache.get(a, FROM, TO)).contains(dashboard(a, 8));
  }

  @Test
  void entriesExpireAfterTheTtl() throws InterruptedException {
    RedisDashboardCache cache = new RedisDashboardCache(connection, RedisTestServer.keyPrefix("dash"));
    TenantId a = TestData.newTenantId();
    cache.put(dashboard(a, 5), Duration.ofMillis(50), cache.generation(a));
    assertThat(cache.get(a, FROM, TO)).isPresent();
    Thread.sleep(200);
    assertThat(cache.get(a, FROM, TO)).isEmpty();
  }

  @Test
  void theServiceSharesDashboardsThroughRedisAndComputesWhenRedisIsGone() {
    MutableClock clock = MutableClock.at(TestData.T0);
    var store = InMemoryCrmStore.create(clock);
    TenantFixture t = TenantFixture.create(store, clock);
    String prefix = RedisTestServer.keyPrefix("dash");
    MetricsService node1 = MetricsService.builder(store).clock(clock)
        .cache(new RedisDashboardCache(connection, prefix)).build();
    MetricsService node2 = MetricsService.builder(store).clock(clock)
        .cache(new RedisDashboardCache(connection, prefix)).build();
    Dashboard computed = node1.dashboard(t.id, FROM, TO);
    clock.advance(Duration.ofSeconds(1));
    assertThat(node2.dashboard(t.id, FROM, TO)).isEqualTo(computed);
    node2.invalidate(t.id);
    assertThat(node1.dashboard(t.id, FROM, TO).computedAt()).isEqualTo(clock.instant());

    StatefulRedisConnection<String, String> doomed = client.connect();
    doomed.close();
    MetricsService cut = MetricsService.builder(store).clock(clock).cache(new RedisDashboardCache(doomed, prefix))
        .build();
    assertThat(cut.dashboard(t.id, FROM, TO).sellers()).hasSize(2);
  }

  @Test
  void anInvalidationSkippedWhileRedisFailedIsMadeOnceItAnswersAgain() throws InterruptedException {
    String prefix = RedisTestServer.keyPrefix("dash");
    RedisDashboardCache cache = new RedisDashboardCache(connection, prefix, Duration.ofMillis(200), Duration.ofMillis(2_500));
    RedisDashboardCache otherNode = new RedisDashboardCache(connection, prefix);
    TenantId a = TestData.newTenantId();
    TenantId b = TestData.newTenantId();
    cache.put(dashboard(a, 5), Duration.ofMinutes(1), cache.generation(a));
    cache.put(dashboard(b, 7), Duration.ofMinutes(1), cache.generation(b));

    StatefulRedisConnection<String, String> admin = client.connect();
    long failedAt = System.nanoTime();
    try {
      admin.sync().clientPause(400);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> cache.get(a, FROM, TO))
          .isInstanceOf(IllegalStateException.class);
    } finally {
      admin.close();
    }
    Thread.sleep(500); // Redis answers again; the cache still skips it (back-off of 2.5 s).
    // The lead's message that changes tenant a's figures: its invalidation cannot be made now.
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> cache.invalidate(a))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("skipped");
    assertThat(otherNode.get(a, FROM, TO)).contains(dashboard(a, 5));

    // The first command after the back-off makes the pending invalidation first, for every node.
    Optional<Dashboard> afterOutage = Optional.of(dashboard(a, 5));
    long deadline = failedAt + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        afterOutage = cache.get(a, FROM, TO);
        break;
      } catch (IllegalStateException skipped) {
        Thread.sleep(50);
      }
    }
    assertThat(afterOutage).isEmpty();
    assertThat(otherNode.get(a, FROM, TO)).isEmpty();
    assertThat(cache.get(b, FROM, TO)).contains(dashboard(b, 7));
  }

  @Test
  void aRedisThatStopsAnsweringCostsTheTimeoutNotLettucesMinute() {
    MutableClock clock = MutableClock.at(TestData.T0);
    var store = InMemoryCrmStore.create(clock);
    TenantFixture t = TenantFixture.create(store, clock);
    String prefix = RedisTestServer.keyPrefix("dash");
    MetricsService metrics = MetricsService.builder(store).clock(clock)
        .cache(new RedisDashboardCache(connection, prefix, Duration.ofMillis(200))).build();
    StatefulRedisConnection<String, String> admin = client.connect();
    long pausedUntil = System.nanoTime() + Duration.ofMillis(2_500).toNanos();
    try {
      admin.sync().clientPause(2_500);   // every client's commands wait; ours give up after 200 ms
      // Without its own timeout the cache would wait lettuce's 60 s, twice per dashboard.
      Dashboard d = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(2),
          () -> metrics.dashboard(t.id, FROM, TO));
      assertThat(d.sellers()).hasSize(2);
      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(2), () -> metrics.invalidate(t.id));
    } finally {
      admin.close();
      // The pause is the server's: the other tests wait for it to end.
      long left = pausedUntil - System.nanoTime();
      if (left > 0) {
        try {
          Thread.sleep(left / 1_000_000 + 100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
