package io.crmventas.ycloud.webhook;

import static io.crmventas.ycloud.webhook.Fixtures.bytes;
import static io.crmventas.ycloud.webhook.Fixtures.signed;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.jdbc.JdbcCrmStore;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.testing.MutableClock;
import io.crmventas.core.testing.PostgresTestDatabase;
import io.crmventas.core.testing.TenantFixture;
import io.crmventas.core.testing.TestData;
import io.crmventas.ycloud.dedup.InMemoryEventDeduplicator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The handler's group commit with batches of several deliveries for sure: the inbox table is
 * locked while the first delivery's batch waits on it, so the next deliveries queue and go
 * together. Then: a delivery the store refuses fails alone, and a store that fails answers the
 * whole batch 503 with every claim released.
 */
class PostgresGroupCommitBatchIT {
  @RegisterExtension
  static final PostgresTestDatabase DB = new PostgresTestDatabase(8);
  private final MutableClock clock = MutableClock.at(TestData.T0);
  private final InMemoryEventDeduplicator dedup = InMemoryEventDeduplicator.create(clock);
  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  private Future<WebhookResult> deliver(WebhookHandler handler, TenantId to, String eventId) {
    byte[] body = bytes(Fixtures.withEventId("inbound-text", eventId));
    return pool.submit(() -> handler.handle(to, signed(body, clock.instant().getEpochSecond()), body));
  }

  private static void await(IntSupplier queued, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (queued.getAsInt() != expected) {
      assertThat(System.nanoTime()).as("waiting for %d queued deliveries", expected).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  /** Sends one delivery (whose batch then waits on the lock) and {@code more} that queue behind it. */
  private List<Future<WebhookResult>> deliverInTwoBatches(WebhookHandler handler, List<TenantId> tenants, String run)
      throws InterruptedException {
    List<Future<WebhookResult>> results = new ArrayList<>();
    results.add(deliver(handler, tenants.get(0), run + "-0"));
    await(handler::queued, 0);
    DB.awaitStatementWaitingForLock("INSERT INTO inbox %"); // its batch waits on the locked table
    for (int i = 1; i < tenants.size(); i++) {
      results.add(deliver(handler, tenants.get(i), run + "-" + i));
    }
    await(handler::queued, tenants.size() - 1);
    return results;
  }

  @Test
  void aDeliveryForATenantTheStoreDoesNotKnowFailsAloneInItsBatch() throws Exception {
    CrmStore store = JdbcCrmStore.create(DB.dataSource(), clock);
    TenantFixture known = TenantFixture.create(store, clock);
    TenantId ghost = TestData.newTenantId();
    WebhookSecrets secrets = WebhookSecrets.of(Map.of(known.id, List.of(Fixtures.SECRET), ghost, List.of(Fixtures.SECRET)));
    List<TenantId> to = List.of(known.id, known.id, ghost, known.id, known.id, ghost, known.id, known.id);
    List<Future<WebhookResult>> results;
    try (WebhookHandler handler = WebhookHandler.builder(store, secrets).clock(clock).deduplicator(dedup)
        .groupCommit(64, 1).build()) {
      try (AutoCloseable lock = DB.lockTable("inbox")) {
        results = deliverInTwoBatches(handler, to, "evt-mixed");
      }
      for (int i = 0; i < to.size(); i++) {
        WebhookResult r = results.get(i).get(30, TimeUnit.SECONDS);
        if (to.get(i).equals(ghost)) {
          assertThat(r.status()).as("delivery %d, for the unknown tenant", i).isEqualTo(404);
        } else {
          assertThat(r).as("delivery %d", i).isInstanceOf(WebhookResult.Accepted.class);
        }
      }
      assertThat(handler.meanBatch()).as("one batch of 1, one of 7").isEqualTo(4.0);
    }
    assertThat(known.t.inbox().countByStatus().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(6);
  }

  // The locked table makes the insert fail after a while instead of waiting: a store error, by
  // the lock's timeout (55P03) or by the statement's (57014, "canceling statement").
  @ParameterizedTest
  @ValueSource(strings = {"SET lock_timeout = '2s'", "SET statement_timeout = '2s'"})
  void aStoreThatFailsAnswersTheWholeBatch503AndReleasesEveryClaim(String timeout) throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(PostgresTestDatabase.url());
    config.setSchema(DB.schema());
    config.setMaximumPoolSize(4);
    config.setConnectionInitSql(timeout);
    // As the schema's own pool names its sessions, so the helper that waits for a locked insert finds them.
    config.addDataSourceProperty("ApplicationName", DB.schema());
    try (HikariDataSource impatient = new HikariDataSource(config)) {
      CrmStore store = JdbcCrmStore.create(impatient, clock);
      TenantFixture t = TenantFixture.create(store, clock);
      WebhookSecrets secrets = WebhookSecrets.of(Map.of(t.id, List.of(Fixtures.SECRET)));
      List<TenantId> to = List.of(t.id, t.id, t.id, t.id, t.id);
      try (WebhookHandler handler = WebhookHandler.builder(store, secrets).clock(clock).deduplicator(dedup)
          .groupCommit(64, 1).build()) {
        try (AutoCloseable lock = DB.lockTable("inbox")) {
          List<Future<WebhookResult>> results = deliverInTwoBatches(handler, to, "evt-down-" + timeout.length());
          for (Future<WebhookResult> f : results) {
            assertThat(f.get(30, TimeUnit.SECONDS).status()).isEqualTo(503);
          }
        }
        assertThat(handler.meanBatch()).as("one batch of 1, one of 4").isEqualTo(2.5);
        assertThat(dedup.size()).as("every claim released").isZero();
        assertThat(t.t.inbox().countByStatus().values().stream().mapToLong(Long::longValue).sum()).isZero();

        for (int i = 0; i < to.size(); i++) {
          assertThat(deliver(handler, t.id, "evt-down-" + timeout.length() + "-" + i).get(30, TimeUnit.SECONDS))
              .isInstanceOf(WebhookResult.Accepted.class);
        }
      }
    }
  }
}
