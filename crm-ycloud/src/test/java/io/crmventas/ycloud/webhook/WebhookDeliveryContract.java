package io.crmventas.ycloud.webhook;

import static io.crmventas.ycloud.webhook.Fixtures.bytes;
import static io.crmventas.ycloud.webhook.Fixtures.signed;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmventas.core.inbox.InboxEvent;
import io.crmventas.core.inbox.InboxStatus;
import io.crmventas.core.inbox.InboxWriter;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.testing.MutableClock;
import io.crmventas.core.testing.TenantFixture;
import io.crmventas.core.testing.TestData;
import io.crmventas.ycloud.dedup.EventDeduplicator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once storage of webhook deliveries, run against each store and deduplicator: YCloud
 * delivers the same event many times, concurrently, and the inbox ends with it once.
 */
public abstract class WebhookDeliveryContract {
  protected MutableClock clock;
  protected CrmStore store;
  protected TenantFixture tenant;
  protected WebhookHandler handler;

  /** The store under test. */
  protected abstract CrmStore createStore(Clock clock);

  /** The deduplicator under test. */
  protected abstract EventDeduplicator createDeduplicator(Clock clock);

  /** How accepted events reach the inbox; one commit each unless a suite says otherwise. */
  protected InboxWriter createInboxWriter(CrmStore store) {
    return InboxWriter.direct(store.inbox());
  }

  /** Further settings of the handler under test; none unless a suite says otherwise. */
  protected WebhookHandler.Builder configure(WebhookHandler.Builder builder) {
    return builder;
  }

  private InboxWriter inboxWriter;
  /** The deduplicator of {@link #handler}. */
  protected EventDeduplicator dedup;

  @BeforeEach
  void setUp() {
    clock = MutableClock.at(TestData.T0);
    store = createStore(clock);
    tenant = TenantFixture.create(store, clock);
    handler = configure(WebhookHandler.builder(store, WebhookSecrets.of(Map.of(tenant.id, List.of(Fixtures.SECRET))))
        .clock(clock).deduplicator(dedup = createDeduplicator(clock)).inboxWriter(inboxWriter = createInboxWriter(store)))
        .build();
  }

  @AfterEach
  void tearDownDeduplicator() throws Exception {
    handler.close();
    closeDeduplicator();
    if (inboxWriter instanceof AutoCloseable c) {
      c.close();
    }
  }

  /** Releases what {@link #createDeduplicator} opened. */
  protected void closeDeduplicator() {}

  protected WebhookResult deliver(String json) {
    byte[] body = bytes(json);
    return handler.handle(tenant.id, signed(body, clock.instant().getEpochSecond()), body);
  }

  protected long storedEvents() {
    return tenant.t.inbox().countByStatus().values().stream().mapToLong(Long::longValue).sum();
  }

  @Test
  void anEventIsStoredWithItsRawBodyAndARedeliveryIsADuplicate() {
    String json = Fixtures.withEventId("inbound-text", "evt-" + tenant.id.value());
    WebhookResult first = deliver(json);
    assertThat(first).isInstanceOf(WebhookResult.Accepted.class);
    assertThat(first.status()).isEqualTo(200);
    InboxEvent stored = tenant.t.inbox().find(((WebhookResult.Accepted) first).inboxId()).orElseThrow();
    assertThat(stored.payload()).isEqualTo(json);
    assertThat(stored.provider()).isEqualTo("ycloud");
    assertThat(stored.eventType()).isEqualTo("whatsapp.inbound_message.received");
    assertThat(stored.status()).isEqualTo(InboxStatus.PENDING);

    WebhookResult again = deliver(json);
    assertThat(again).isInstanceOf(WebhookResult.Duplicate.class);
    assertThat(again.status()).isEqualTo(200);
    assertThat(storedEvents()).isEqualTo(1);
  }

  @Test
  void aThousandConcurrentDeliveriesOfAHundredEventsStoreEachOnce() throws Exception {
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      bodies.add(Fixtures.withEventId("inbound-text", "evt-" + (i % 100)));
    }
    Collections.shuffle(bodies);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<WebhookResult>> futures = new ArrayList<>();
    try {
      for (String b : bodies) {
        futures.add(pool.submit(() -> {
          start.await();
          return deliver(b);
        }));
      }
      start.countDown();
      List<WebhookResult> results = new ArrayList<>();
      for (Future<WebhookResult> f : futures) {
        results.add(f.get());
      }
      Map<Class<?>, Long> byKind = results.stream().collect(Collectors.groupingBy(Object::getClass, Collectors.counting()));
      assertThat(byKind).containsOnlyKeys(WebhookResult.Accepted.class, WebhookResult.Duplicate.class);
      assertThat(byKind.get(WebhookResult.Accepted.class)).isEqualTo(100);
      assertThat(results).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    } finally {
      pool.shutdownNow();
    }
    assertThat(storedEvents()).isEqualTo(100);
    List<String> ids = tenant.t.inbox().list(InboxStatus.PENDING, PageRequest.first(200)).items().stream()
        .map(InboxEvent::eventId).sorted().toList();
    assertThat(ids).hasSize(100).doesNotHaveDuplicates();
  }

  @Test
  void aDeliveryForATenantTheStoreDoesNotKnowFailsAloneAmongConcurrentOnes() throws Exception {
    TenantId ghost = TestData.newTenantId();
    WebhookSecrets secrets = WebhookSecrets.of(Map.of(tenant.id, List.of(Fixtures.SECRET), ghost, List.of(Fixtures.SECRET)));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (WebhookHandler both = configure(WebhookHandler.builder(store, secrets).clock(clock).deduplicator(dedup)).build()) {
      CountDownLatch start = new CountDownLatch(1);
      Map<Integer, Future<WebhookResult>> futures = new java.util.TreeMap<>();
      for (int i = 0; i < 40; i++) {
        TenantId to = i % 5 == 0 ? ghost : tenant.id;
        byte[] body = bytes(Fixtures.withEventId("inbound-text", "evt-mixed-" + i));
        futures.put(i, pool.submit(() -> {
          start.await();
          return both.handle(to, signed(body, clock.instant().getEpochSecond()), body);
        }));
      }
      start.countDown();
      for (Map.Entry<Integer, Future<WebhookResult>> e : futures.entrySet()) {
        WebhookResult r = e.getValue().get();
        if (e.getKey() % 5 == 0) {
          assertThat(r.status()).as("delivery %d, for the unknown tenant", e.getKey()).isEqualTo(404);
        } else {
          assertThat(r).as("delivery %d", e.getKey()).isInstanceOf(WebhookResult.Accepted.class);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(storedEvents()).isEqualTo(32);
  }

  @Test
  void everyKindOfEventIsStoredButUnknownTypesAreOnlyAcknowledged() {
    List<String> fixtures = List.of("inbound-text", "inbound-text-meta-ad", "inbound-image", "inbound-audio",
        "inbound-document", "inbound-video", "inbound-sticker", "inbound-location", "inbound-contacts",
        "inbound-interactive-button", "inbound-interactive-list", "inbound-button", "inbound-reaction",
        "inbound-unsupported-type", "echo-text", "status-sent", "status-delivered", "status-read", "status-failed");
    Function<String, WebhookResult> send = f -> deliver(Fixtures.json(f));
    for (String f : fixtures) {
      assertThat(send.apply(f)).as(f).isInstanceOf(WebhookResult.Accepted.class);
    }
    WebhookResult unknown = send.apply("unknown-event-type");
    assertThat(unknown).isInstanceOf(WebhookResult.Ignored.class);
    assertThat(unknown.status()).isEqualTo(200);
    assertThat(storedEvents()).isEqualTo(fixtures.size());
  }
}
