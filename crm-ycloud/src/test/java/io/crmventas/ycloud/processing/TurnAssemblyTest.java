package io.crmventas.ycloud.processing;

import static io.crmventas.ycloud.webhook.Fixtures.bytes;
import static io.crmventas.ycloud.webhook.Fixtures.signed;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmventas.core.IdGenerator;
import io.crmventas.core.channel.ConversationTurnReady;
import io.crmventas.core.channel.InboundRecorder;
import io.crmventas.core.channel.TurnAssembler;
import io.crmventas.core.event.EventBus;
import io.crmventas.core.inbox.InboxProcessor;
import io.crmventas.core.store.memory.InMemoryCrmStore;
import io.crmventas.core.testing.MutableClock;
import io.crmventas.core.testing.TenantFixture;
import io.crmventas.core.testing.TestData;
import io.crmventas.ycloud.webhook.Fixtures;
import io.crmventas.ycloud.webhook.WebhookHandler;
import io.crmventas.ycloud.webhook.WebhookSecrets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bursts of a lead's texts become one turn, after the tenant's window, through the inbox. */
class TurnAssemblyTest {
  private final MutableClock clock = MutableClock.at(TestData.T0);
  private final InMemoryCrmStore store = InMemoryCrmStore.create(clock);
  private final TenantFixture tenant = TenantFixture.create(store, clock);
  private final List<ConversationTurnReady> turns = new CopyOnWriteArrayList<>();
  private WebhookHandler webhook;
  private InboxProcessor worker;
  private int n;

  @BeforeEach
  void setUp() {
    EventBus bus = new EventBus().subscribe(ConversationTurnReady.class, turns::add);
    IdGenerator ids = IdGenerator.timeOrdered(clock);
    TurnAssembler assembler = new TurnAssembler(store, bus, clock, ids);
    YCloudInboxHandler handler = new YCloudInboxHandler(store, new InboundRecorder(store, bus, clock, ids,
        Optional.empty()), Optional.empty(), Optional.of(assembler));
    worker = InboxProcessor.builder(store.inbox()).handler("ycloud", handler)
        .handler(TurnAssembler.PROVIDER, assembler).clock(clock).build();
    webhook = WebhookHandler.builder(store, WebhookSecrets.of(Map.of(tenant.id, List.of(Fixtures.SECRET))))
        .clock(clock).build();
  }

  /** The lead writes {@code text} now; the worker stores it at once. */
  private void leadWrites(String text) {
    n++;
    Instant now = clock.instant();
    String json = Fixtures.withIds("inbound-text", "evt-" + n, "msg-" + n)
        .replace("Hola, quiero saber el precio del plan anual", text)
        .replace("\"sendTime\": \"2026-11-25T10:00:00.000Z\"", "\"sendTime\": \"" + now + "\"");
    byte[] body = bytes(json);
    assertThat(webhook.handle(tenant.id, signed(body, now.getEpochSecond()), body).status()).isEqualTo(200);
    drain();
  }

  private void drain() {
    while (worker.runOnce() > 0) {
      // keep going
    }
  }

  @Test
  void messagesWithinTheWindowBecomeOneTurnAfterTheLeadStops() {
    leadWrites("hola");
    clock.advance(Duration.ofSeconds(3));
    leadWrites("quería saber el precio");
    clock.advance(Duration.ofSeconds(5));
    leadWrites("del plan anual");
    clock.advance(Duration.ofSeconds(7));
    drain();
    assertThat(turns).as("the window after the last message has not passed").isEmpty();
    clock.advance(Duration.ofSeconds(2));
    drain();
    assertThat(turns).singleElement().satisfies(t -> {
      assertThat(t.text()).isEqualTo("hola\nquería saber el precio\ndel plan anual");
      assertThat(t.messageIds()).hasSize(3);
      assertThat(t.lastInboundMessageId()).isEqualTo("msg-3");
    });
  }

  @Test
  void aPauseLongerThanTheWindowStartsANewTurn() {
    leadWrites("hola");
    clock.advance(Duration.ofSeconds(9));
    drain();
    leadWrites("¿siguen ahí?");
    clock.advance(Duration.ofSeconds(9));
    drain();
    assertThat(turns).extracting(ConversationTurnReady::text).containsExactly("hola", "¿siguen ahí?");
  }

  @Test
  void theWindowIsATenantSetting() {
    store.tenants().update(tenant.tenant().withSettings(tenant.tenant().settings()
        .with(TurnAssembler.WINDOW, Duration.ofSeconds(20))));
    leadWrites("hola");
    clock.advance(Duration.ofSeconds(15));
    leadWrites("¿me pasás precios?");
    clock.advance(Duration.ofSeconds(19));
    drain();
    assertThat(turns).isEmpty();
    clock.advance(Duration.ofSeconds(2));
    drain();
    assertThat(turns).singleElement().satisfies(t -> assertThat(t.text()).isEqualTo("hola\n¿me pasás precios?"));
  }
}
