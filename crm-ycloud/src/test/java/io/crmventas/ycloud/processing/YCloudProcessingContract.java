package io.crmventas.ycloud.processing;

import static io.crmventas.ycloud.webhook.Fixtures.bytes;
import static io.crmventas.ycloud.webhook.Fixtures.signed;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmventas.core.IdGenerator;
import io.crmventas.core.channel.DeliveryFailure;
import io.crmventas.core.channel.InboundRecorder;
import io.crmventas.core.channel.LeadContactChanged;
import io.crmventas.core.channel.MessageDeliveryFailed;
import io.crmventas.core.channel.MessageReceived;
import io.crmventas.core.channel.MetaLeadReceived;
import io.crmventas.core.contact.ChannelUserId;
import io.crmventas.core.contact.ContactAddress;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.conversation.Author;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.conversation.DeliveryStatus;
import io.crmventas.core.conversation.Direction;
import io.crmventas.core.conversation.Message;
import io.crmventas.core.conversation.MessageId;
import io.crmventas.core.event.DomainEvent;
import io.crmventas.core.event.EventBus;
import io.crmventas.core.inbox.InboxEvent;
import io.crmventas.core.inbox.InboxEventId;
import io.crmventas.core.inbox.InboxProcessor;
import io.crmventas.core.inbox.InboxStatus;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadQuery;
import io.crmventas.core.lead.LeadSource;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.testing.MutableClock;
import io.crmventas.core.testing.TenantFixture;
import io.crmventas.core.testing.TestData;
import io.crmventas.ycloud.webhook.Fixtures;
import io.crmventas.ycloud.webhook.WebhookHandler;
import io.crmventas.ycloud.webhook.WebhookResult;
import io.crmventas.ycloud.webhook.WebhookSecrets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** From webhook to CRM: the inbox worker with the YCloud handler, on each store. */
public abstract class YCloudProcessingContract {
  private static final PhoneNumber ANA = PhoneNumber.parse("+5491155550001");
  protected MutableClock clock;
  protected CrmStore store;
  protected TenantFixture tenant;
  private WebhookHandler webhook;
  private YCloudInboxHandler handler;
  private InboxProcessor worker;
  private final List<DomainEvent> events = new CopyOnWriteArrayList<>();

  protected abstract CrmStore createStore(Clock clock);

  @BeforeEach
  void setUp() {
    clock = MutableClock.at(TestData.T0);
    store = createStore(clock);
    tenant = TenantFixture.create(store, clock);
    webhook = WebhookHandler.builder(store, WebhookSecrets.of(Map.of(tenant.id, List.of(Fixtures.SECRET))))
        .clock(clock).build();
    EventBus bus = new EventBus().subscribe(DomainEvent.class, e -> {
      if (e.tenantId().equals(tenant.id)) {
        events.add(e);
      }
    });
    handler = new YCloudInboxHandler(store, new InboundRecorder(store, bus, clock, IdGenerator.timeOrdered(clock),
        Optional.empty()));
    worker = worker(3);
  }

  private InboxProcessor worker(int maxAttempts) {
    return InboxProcessor.builder(store.inbox()).handler("ycloud", handler).clock(clock).owner("test-" + tenant.id)
        .maxAttempts(maxAttempts).backoff(Duration.ofSeconds(10), Duration.ofMinutes(5)).lease(Duration.ofSeconds(30))
        .build();
  }

  private void deliver(String json) {
    byte[] body = bytes(json);
    WebhookResult r = webhook.handle(tenant.id, signed(body, clock.instant().getEpochSecond()), body);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  /** Works the inbox until nothing of ours is due (other tests' events may share a database). */
  private void drain() {
    while (worker.runOnce() > 0) {
      // keep going
    }
  }

  private Lead ana() {
    return tenant.t.leads().findByPhone(ANA).orElseThrow();
  }

  private List<Message> messagesOf(Lead lead) {
    Conversation c = tenant.t.conversations().findByLead(lead.id(), Conversation.WHATSAPP).orElseThrow();
    return tenant.t.messages().list(c.id(), PageRequest.first(1000)).items();
  }

  private long count(InboxStatus s) {
    return tenant.t.inbox().countByStatus().get(s);
  }

  @Test
  void anInboundTextBecomesALeadAConversationAndAMessage() {
    deliver(Fixtures.json("inbound-text"));
    drain();
    Lead lead = ana();
    assertThat(lead.name()).contains("Ana Gómez");
    assertThat(lead.source()).isEqualTo(LeadSource.ORGANIC);
    List<Message> messages = messagesOf(lead);
    assertThat(messages).singleElement().satisfies(m -> {
      assertThat(m.author()).isEqualTo(Author.LEAD);
      assertThat(m.body()).contains("Hola, quiero saber el precio del plan anual");
      assertThat(m.providerMessageId()).contains("63f5d7d6b4a7c2inbound-text");
    });
    assertThat(count(InboxStatus.DONE)).isEqualTo(1);
    assertThat(events).filteredOn(e -> e instanceof MessageReceived).singleElement()
        .satisfies(e -> assertThat(((MessageReceived) e).fromCustomer()).isTrue());
  }

  @Test
  void aMessageForAnotherNumberOfTheAccountIsNotRecordedUnderTheTenant() {
    // Ana wrote while the tenant had no number: hers, as every event then.
    deliver(Fixtures.json("inbound-text"));
    drain();
    Lead ana = ana();
    events.clear();
    // Stored before the tenant's number was set: the worker checks again, and records none of them
    // (not the echo, not the other number's notice that would move Ana's lead).
    deliver(Fixtures.json("echo-text"));
    deliver(Fixtures.json("inbound-system-number"));
    deliver(Fixtures.withIds("inbound-text", "evt-before-number", "msg-before-number"));
    store.tenants().update(tenant.tenant().withWhatsappNumber(PhoneNumber.parse("+5491199999999")));
    drain();
    assertThat(tenant.t.leads().find(ana.id())).contains(ana);
    assertThat(messagesOf(ana)).hasSize(1);
    assertThat(count(InboxStatus.DONE)).isEqualTo(4);
    assertThat(events).isEmpty();
    // Once another tenant of the account has that number, the handler does not store them at all.
    TenantFixture owner = TenantFixture.create(store, clock);
    store.tenants().update(owner.tenant().withWhatsappNumber(PhoneNumber.parse("+5491100000000")));
    clock.advance(java.time.Duration.ofSeconds(31));
    deliver(Fixtures.withIds("inbound-text", "evt-other-number", "msg-other-number"));
    assertThat(tenant.t.inbox().find(WebhookHandler.PROVIDER, "evt-other-number")).isEmpty();
    // The tenant's own number, written as YCloud writes it or not, is recorded.
    store.tenants().update(tenant.tenant().withWhatsappNumber(PhoneNumber.parse("+54 9 11 0000-0000")));
    clock.advance(java.time.Duration.ofSeconds(31));
    deliver(Fixtures.withIds("inbound-text", "evt-own-number", "msg-own-number"));
    drain();
    assertThat(messagesOf(ana())).hasSize(2);
  }

  @Test
  void aMetaAdReferralMakesAMetaAdsLeadAndIsAnnounced() {
    deliver(Fixtures.json("inbound-text-meta-ad"));
    drain();
    Lead lead = ana();
    assertThat(lead.source()).isEqualTo(LeadSource.META_ADS);
    assertThat(lead.attribution()).hasValueSatisfying(a -> {
      assertThat(a.adId()).isEqualTo("120208765432109876");
      assertThat(a.sourceUrl()).contains("https://fb.me/8xKq2ZbT1");
      assertThat(a.headline()).contains("Plan anual con 30% off");
      assertThat(a.clickId()).isPresent();
    });
    assertThat(events).filteredOn(e -> e instanceof MetaLeadReceived).singleElement()
        .satisfies(e -> assertThat(((MetaLeadReceived) e).leadId()).isEqualTo(lead.id()));
  }

  @Test
  void aKnownLeadWhoClicksAnAdIsAttributedToIt() {
    deliver(Fixtures.json("inbound-text"));
    drain();
    assertThat(ana().source()).isEqualTo(LeadSource.ORGANIC);
    deliver(Fixtures.json("inbound-text-meta-ad"));
    drain();
    assertThat(ana().source()).isEqualTo(LeadSource.META_ADS);
    assertThat(events).filteredOn(e -> e instanceof MetaLeadReceived).hasSize(1);
  }

  @Test
  void everyMessageTypeIsStoredWithItsMediaOrSummary() {
    for (String f : List.of("inbound-image", "inbound-audio", "inbound-document", "inbound-video", "inbound-sticker",
        "inbound-location", "inbound-contacts", "inbound-interactive-button", "inbound-interactive-list",
        "inbound-button", "inbound-reaction", "inbound-unsupported-type")) {
      deliver(Fixtures.json(f));
    }
    drain();
    assertThat(count(InboxStatus.DONE)).isEqualTo(12);
    List<Message> messages = messagesOf(ana());
    assertThat(messages).hasSize(12);
    Message image = messages.stream().filter(m -> m.providerMessageId().orElseThrow().endsWith("inbound-image"))
        .findFirst().orElseThrow();
    assertThat(image.media().flatMap(x -> x.url())).hasValueSatisfying(u -> assertThat(u).contains("1178734379637920"));
    assertThat(image.body()).contains("¿Tienen este modelo en negro?");
    Message location = messages.stream().filter(m -> m.providerMessageId().orElseThrow().endsWith("inbound-location"))
        .findFirst().orElseThrow();
    // The tenant speaks Spanish: summaries read in Spanish.
    assertThat(location.body()).contains("Ubicación: Obelisco, Av. 9 de Julio s/n, CABA (-34.603722, -58.381592)");
    assertThat(bodyOf(messages, "inbound-contacts")).contains("Contacto compartido: Carlos Pérez +54 9 11 5555-0002");
    assertThat(bodyOf(messages, "inbound-reaction")).contains("Reaccionó con 👍");
    assertThat(bodyOf(messages, "inbound-unsupported-type")).contains("Tipo de mensaje no soportado: order");
  }

  private static Optional<String> bodyOf(List<Message> messages, String fixture) {
    return messages.stream().filter(m -> m.providerMessageId().orElseThrow().endsWith(fixture)).findFirst()
        .orElseThrow().body();
  }

  @Test
  void anEchoIsStoredAsTheSellersMessageAndNotAsTheLeads() {
    deliver(Fixtures.json("echo-text"));
    drain();
    assertThat(messagesOf(ana())).singleElement().satisfies(m -> {
      assertThat(m.author()).isEqualTo(Author.SELLER);
      assertThat(m.direction()).isEqualTo(Direction.OUTBOUND);
      assertThat(m.deliveryStatus()).isEqualTo(DeliveryStatus.SENT);
    });
    assertThat(events).filteredOn(e -> e instanceof MessageReceived).singleElement()
        .satisfies(e -> assertThat(((MessageReceived) e).fromCustomer()).isFalse());
  }

  /** A reply of the assistant to Ana, stored as sending it would, not yet marked sent. */
  private Message botReplyToAna() {
    Lead lead = tenant.t.leads().create(tenant.leadBuilder().phone(ANA).name("Ana").build());
    Conversation c = tenant.conversation(lead);
    return tenant.t.conversations().append(Message.outboundText(MessageId.of(UUID.randomUUID()), tenant.id,
        c.id(), lead.id(), Author.BOT, Optional.empty(), "¡Hola Ana!", clock.instant())).value();
  }

  @Test
  void statusUpdatesOnlyMoveForwardWhateverTheirOrder() {
    Message reply = botReplyToAna();
    tenant.t.messages().markSent(reply.id(), "63f5d9b2c3d4e5f6a7b8c9d0", DeliveryStatus.ACCEPTED);

    deliver(Fixtures.json("status-sent"));
    deliver(Fixtures.json("status-read"));
    deliver(Fixtures.json("status-delivered"));
    drain();
    assertThat(tenant.t.messages().find(reply.id()).orElseThrow().deliveryStatus()).isEqualTo(DeliveryStatus.READ);
    deliver(Fixtures.json("status-failed"));
    drain();
    assertThat(tenant.t.messages().find(reply.id()).orElseThrow().deliveryStatus()).isEqualTo(DeliveryStatus.READ);
    assertThat(count(InboxStatus.DONE)).isEqualTo(4);
  }

  @Test
  void aFailedSendIsPublishedWithWhyItFailedUnlessTheMessageGotFurther() {
    Message reply = botReplyToAna();
    tenant.t.messages().markSent(reply.id(), "63f5d9b2c3d4e5f6a7b8c9d0", DeliveryStatus.ACCEPTED);
    deliver(Fixtures.json("status-sent"));
    deliver(Fixtures.json("status-failed"));
    drain();
    assertThat(tenant.t.messages().find(reply.id()).orElseThrow().deliveryStatus()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(events).filteredOn(e -> e instanceof MessageDeliveryFailed).singleElement().satisfies(e -> {
      MessageDeliveryFailed f = (MessageDeliveryFailed) e;
      assertThat(f.tenantId()).isEqualTo(tenant.id);
      assertThat(f.messageId()).isEqualTo(reply.id());
      assertThat(f.leadId()).isEqualTo(reply.leadId());
      assertThat(f.providerMessageId()).isEqualTo("63f5d9b2c3d4e5f6a7b8c9d0");
      assertThat(f.failure().reason()).isEqualTo(DeliveryFailure.Reason.WINDOW_CLOSED);
      assertThat(f.failure().code()).contains("131047");
      assertThat(f.failure().detail()).hasValueSatisfying(d -> assertThat(d).startsWith("Re-engagement message"));
    });
    // A message already delivered stays delivered, and nothing says it failed.
    Message other = tenant.t.conversations().append(Message.outboundText(MessageId.of(UUID.randomUUID()), tenant.id,
        reply.conversationId(), reply.leadId(), Author.BOT, Optional.empty(), "¿Seguís ahí?", clock.instant())).value();
    tenant.t.messages().markSent(other.id(), "63f5d9b2c3d4e5f6a7b8c9d1", DeliveryStatus.ACCEPTED);
    events.clear();
    deliver(Fixtures.json("status-delivered").replace("evt_status_delivered_01", "evt_other_delivered")
        .replace("63f5d9b2c3d4e5f6a7b8c9d0", "63f5d9b2c3d4e5f6a7b8c9d1"));
    deliver(Fixtures.json("status-failed").replace("evt_status_failed_01", "evt_other_failed")
        .replace("63f5d9b2c3d4e5f6a7b8c9d0", "63f5d9b2c3d4e5f6a7b8c9d1"));
    drain();
    assertThat(tenant.t.messages().find(other.id()).orElseThrow().deliveryStatus()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(events).noneMatch(e -> e instanceof MessageDeliveryFailed);
  }

  @Test
  void aUsernameUsersMessageMakesALeadKnownByUserIdThatASystemNoticeMovesToItsNewId() {
    ChannelUserId before = new ChannelUserId("AR.13491208655302741918");
    deliver(Fixtures.json("inbound-username-text"));
    drain();
    Lead lead = tenant.t.leads().findByChannelUserId(before).orElseThrow();
    assertThat(lead.phone()).isEmpty();
    assertThat(lead.name()).contains("Ana Gómez");
    assertThat(lead.username()).contains("@anagomez");
    Conversation c = tenant.t.conversations().findByLead(lead.id(), Conversation.WHATSAPP).orElseThrow();
    assertThat(tenant.t.messages().list(c.id(), PageRequest.first(10)).items())
        .extracting(m -> m.body().orElseThrow()).containsExactly("Hola, ¿tienen el plan anual?");

    deliver(Fixtures.json("inbound-system"));
    drain();
    ChannelUserId after = new ChannelUserId("AR.55501112223334445556");
    assertThat(tenant.t.leads().findByChannelUserId(after)).map(Lead::id).contains(lead.id());
    assertThat(tenant.t.leads().findByChannelUserId(before)).isEmpty();
    assertThat(tenant.t.messages().list(c.id(), PageRequest.first(10)).items()).hasSize(1);
    assertThat(count(InboxStatus.DONE)).isEqualTo(2);
  }

  @Test
  void aSystemNoticeForAnUnknownOrTakenUserIdChangesNoLead() {
    deliver(Fixtures.json("inbound-system"));
    drain();
    assertThat(tenant.t.leads().count(LeadQuery.ALL)).isZero();
    Lead old = tenant.t.leads().create(tenant.leadBuilder(ContactAddress.of(new ChannelUserId("AR.13491208655302741918"))).build());
    Lead taken = tenant.t.leads().create(tenant.leadBuilder(ContactAddress.of(new ChannelUserId("AR.55501112223334445556"))).build());
    deliver(Fixtures.json("inbound-system").replace("evt_inbound-system_01", "evt_inbound-system_02"));
    drain();
    assertThat(tenant.t.leads().find(old.id())).contains(old);
    assertThat(tenant.t.leads().find(taken.id())).contains(taken);
    // A changed number that does not say what the new number is moves nothing.
    tenant.t.leads().update(taken.toBuilder().channelUserId(new ChannelUserId("AR.999")).build());
    deliver(Fixtures.json("inbound-system").replace("evt_inbound-system_01", "evt_inbound-system_03")
        .replace("user_changed_user_id", "user_changed_number"));
    drain();
    assertThat(tenant.t.leads().find(old.id())).contains(old);
    assertThat(count(InboxStatus.DONE)).isEqualTo(3);
    assertThat(events).noneMatch(e -> e instanceof LeadContactChanged);
  }

  @Test
  void aChangedNumberMovesTheLeadSoTheNewNumberFindsItAndTheOldOneIsFree() {
    deliver(Fixtures.json("inbound-text").replace("\"from\":", "\"fromUserId\": \"AR.13491208655302741918\", \"from\":"));
    drain();
    Lead lead = tenant.t.leads().findByPhone(ANA).orElseThrow();
    assertThat(lead.channelUserId()).contains(new ChannelUserId("AR.13491208655302741918"));

    deliver(Fixtures.json("inbound-system-number"));
    drain();
    PhoneNumber newNumber = PhoneNumber.parse("+5491166660001");
    ChannelUserId newId = new ChannelUserId("AR.66602223334445556667");
    Lead moved = tenant.t.leads().find(lead.id()).orElseThrow();
    assertThat(moved.contact()).isEqualTo(ContactAddress.of(Optional.of(newNumber), Optional.of(newId)));
    assertThat(events).filteredOn(e -> e instanceof LeadContactChanged).singleElement()
        .satisfies(e -> assertThat(((LeadContactChanged) e).leadId()).isEqualTo(lead.id()));
    Conversation c = tenant.t.conversations().findByLead(lead.id(), Conversation.WHATSAPP).orElseThrow();
    assertThat(tenant.t.messages().list(c.id(), PageRequest.first(10)).items()).as("a notice is not a message")
        .hasSize(1);

    // The user's next message, from the new number, is the same lead's.
    deliver(Fixtures.json("inbound-text").replace("evt_inbound-text_01", "evt_inbound-text_02")
        .replace("63f5d7d6b4a7c2inbound-text", "63f5d7d6b4a7c2inbound-text-2")
        .replace("\"from\": \"+5491155550001\"", "\"fromUserId\": \"AR.66602223334445556667\", \"from\": \"+5491166660001\""));
    // A new owner of the old number, with an id of their own, is someone else.
    deliver(Fixtures.json("inbound-text").replace("evt_inbound-text_01", "evt_inbound-text_03")
        .replace("63f5d7d6b4a7c2inbound-text", "63f5d7d6b4a7c2inbound-text-3")
        .replace("\"from\":", "\"fromUserId\": \"AR.88801112223334445556\", \"from\":"));
    drain();
    assertThat(tenant.t.messages().list(c.id(), PageRequest.first(10)).items()).hasSize(2);
    assertThat(tenant.t.leads().findByPhone(ANA)).hasValueSatisfying(l -> {
      assertThat(l.id()).isNotEqualTo(lead.id());
      assertThat(l.channelUserId()).contains(new ChannelUserId("AR.88801112223334445556"));
    });
    assertThat(tenant.t.leads().count(LeadQuery.ALL)).isEqualTo(2);
    assertThat(count(InboxStatus.DONE)).isEqualTo(4);
  }

  @Test
  void aChangedNumberAfterTheNewNumbersFirstMessageLeavesBothLeads() {
    deliver(Fixtures.json("inbound-text").replace("\"from\":", "\"fromUserId\": \"AR.13491208655302741918\", \"from\":"));
    deliver(Fixtures.json("inbound-text").replace("evt_inbound-text_01", "evt_inbound-text_02")
        .replace("63f5d7d6b4a7c2inbound-text", "63f5d7d6b4a7c2inbound-text-2")
        .replace("\"from\": \"+5491155550001\"", "\"fromUserId\": \"AR.66602223334445556667\", \"from\": \"+5491166660001\""));
    drain();
    Lead old = tenant.t.leads().findByPhone(ANA).orElseThrow();
    Lead newer = tenant.t.leads().findByPhone(PhoneNumber.parse("+5491166660001")).orElseThrow();
    deliver(Fixtures.json("inbound-system-number"));
    drain();
    assertThat(tenant.t.leads().find(old.id())).contains(old);
    assertThat(tenant.t.leads().find(newer.id())).contains(newer);
    assertThat(count(InboxStatus.DONE)).isEqualTo(3);
    assertThat(events).noneMatch(e -> e instanceof LeadContactChanged);
  }

  @Test
  void aLaterAttemptOfAChangedNumberAlreadyStoredAnnouncesItAgain() {
    deliver(Fixtures.json("inbound-text").replace("\"from\":", "\"fromUserId\": \"AR.13491208655302741918\", \"from\":"));
    drain();
    deliver(Fixtures.json("inbound-system-number"));
    InboxEvent stored = store.inbox().claim("peek-" + tenant.id, Set.of("ycloud"), 100, Duration.ofSeconds(1)).stream()
        .filter(e -> e.tenantId().equals(tenant.id)).findFirst().orElseThrow();
    handler.handle(stored);
    handler.handle(stored);
    assertThat(events).filteredOn(e -> e instanceof LeadContactChanged).hasSize(1);
    // A later attempt (its worker may have died after committing, before publishing).
    handler.handle(new InboxEvent(stored.id(), stored.tenantId(), stored.provider(), stored.eventId(),
        stored.eventType(), stored.payload(), stored.status(), 2, stored.nextAttemptAt(), stored.lease(),
        stored.lastError(), stored.receivedAt(), stored.completedAt()));
    assertThat(events).filteredOn(e -> e instanceof LeadContactChanged).hasSize(2);
    assertThat(tenant.t.leads().findByPhone(PhoneNumber.parse("+5491166660001"))).isPresent();
  }

  @Test
  void theFirstAttemptOfADeadLetterPutBackAnnouncesItsStoredMessageAgain() {
    deliver(Fixtures.json("inbound-text"));
    InboxEvent stored = store.inbox().claim("peek-" + tenant.id, Set.of("ycloud"), 100, Duration.ofSeconds(1)).stream()
        .filter(e -> e.tenantId().equals(tenant.id)).findFirst().orElseThrow();
    handler.handle(stored);
    handler.handle(stored);
    assertThat(events).filteredOn(e -> e instanceof MessageReceived).hasSize(1);
    // TenantInbox.retry counts attempts from zero again but keeps the last error: the attempt
    // that died may have stored the message without announcing it.
    handler.handle(new InboxEvent(stored.id(), stored.tenantId(), stored.provider(), stored.eventId(),
        stored.eventType(), stored.payload(), stored.status(), 1, stored.nextAttemptAt(), stored.lease(),
        Optional.of("java.net.SocketTimeoutException: transcription"), stored.receivedAt(), stored.completedAt()));
    assertThat(events).filteredOn(e -> e instanceof MessageReceived).hasSize(2);
    assertThat(messagesOf(ana())).hasSize(1);
  }

  @Test
  void aMessageNamingTheUserByNeitherIsKeptAsADeadLetterThatSaysWhy() {
    deliver(Fixtures.json("inbound-username-text").replace("\"fromUserId\": \"AR.13491208655302741918\",", ""));
    for (int i = 0; i < 3; i++) {
      drain();
      clock.advance(Duration.ofMinutes(6));
    }
    assertThat(count(InboxStatus.DEAD)).isEqualTo(1);
    InboxEvent dead = tenant.t.inbox().list(InboxStatus.DEAD, PageRequest.first(10)).items().get(0);
    assertThat(dead.lastError()).hasValueSatisfying(e -> assertThat(e)
        .contains("neither phone number nor business-scoped user id"));
    assertThat(tenant.t.leads().list(LeadQuery.ALL, PageRequest.first(10)).items()).isEmpty();
  }

  @Test
  void aStatusThatOvertakesItsSendIsAppliedOnceTheSendIsRecorded() {
    Message reply = botReplyToAna();
    deliver(Fixtures.json("status-delivered"));
    drain();
    assertThat(count(InboxStatus.PENDING)).as("waits for the send to be recorded").isEqualTo(1);
    tenant.t.messages().markSent(reply.id(), "63f5d9b2c3d4e5f6a7b8c9d0", DeliveryStatus.ACCEPTED);
    clock.advance(Duration.ofSeconds(11));
    drain();
    assertThat(tenant.t.messages().find(reply.id()).orElseThrow().deliveryStatus())
        .isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(count(InboxStatus.DONE)).isEqualTo(1);
  }

  @Test
  void aStatusOfAMessageTheCrmNeverSentIsDroppedAfterItsTries() {
    deliver(Fixtures.json("status-read"));
    for (int i = 0; i < YCloudInboxHandler.STATUS_TRIES; i++) {
      drain();
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(count(InboxStatus.DONE)).isEqualTo(1);
    assertThat(count(InboxStatus.DEAD)).isZero();
  }

  @Test
  void aThousandConcurrentDeliveriesOfAHundredEventsEndAsAHundredMessages() throws Exception {
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      bodies.add(Fixtures.withIds("inbound-text", "evt-" + (i % 100), "msg-" + (i % 100)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (String b : bodies) {
        fs.add(pool.submit(() -> deliver(b)));
      }
      for (Future<?> f : fs) {
        f.get();
      }
      // Two workers, as on two nodes.
      InboxProcessor other = worker(3);
      List<Future<?>> workers = List.of(pool.submit(this::drain), pool.submit(() -> {
        while (other.runOnce() > 0) {
          // keep going
        }
      }));
      for (Future<?> f : workers) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(count(InboxStatus.DONE)).isEqualTo(100);
    assertThat(messagesOf(ana())).hasSize(100);
    assertThat(events).filteredOn(e -> e instanceof MessageReceived).hasSize(100);
  }

  @Test
  void processingAnEventAgainDuplicatesNothing() throws Exception {
    deliver(Fixtures.json("inbound-text"));
    InboxEvent stored = store.inbox().claim("peek-" + tenant.id, Set.of("ycloud"), 100, Duration.ofSeconds(1)).stream()
        .filter(e -> e.tenantId().equals(tenant.id)).findFirst().orElseThrow();
    handler.handle(stored);
    handler.handle(stored);
    assertThat(messagesOf(ana())).hasSize(1);
    assertThat(events).filteredOn(e -> e instanceof MessageReceived).hasSize(1);
    // A later attempt (its worker may have died after committing, before publishing) publishes
    // again, and still stores nothing twice.
    handler.handle(new InboxEvent(stored.id(), stored.tenantId(), stored.provider(), stored.eventId(),
        stored.eventType(), stored.payload(), stored.status(), 2, stored.nextAttemptAt(), stored.lease(),
        stored.lastError(), stored.receivedAt(), stored.completedAt()));
    assertThat(messagesOf(ana())).hasSize(1);
    assertThat(events).filteredOn(e -> e instanceof MessageReceived).hasSize(2);
  }

  @Test
  void aFailingEventIsRetriedWithBackoffThenDeadLettered() {
    store.inbox().append(InboxEvent.received(InboxEventId.of(UUID.randomUUID()), tenant.id, "ycloud", "evt-broken",
        "whatsapp.inbound_message.received", "{\"id\":\"evt-broken\",\"type\":\"whatsapp.inbound_message.received\"}",
        clock.instant()));
    drain();
    InboxEvent first = tenant.t.inbox().list(InboxStatus.PENDING, PageRequest.first(10)).items().get(0);
    assertThat(first.attempts()).isEqualTo(1);
    assertThat(first.lastError()).hasValueSatisfying(e -> assertThat(e).contains("createTime is required"));
    assertThat(first.nextAttemptAt()).isAfterOrEqualTo(clock.instant().plusSeconds(5));
    assertThat(worker.runOnce()).as("not due yet").isZero();

    clock.advance(Duration.ofSeconds(11));
    drain();
    assertThat(count(InboxStatus.PENDING)).isEqualTo(1);
    clock.advance(Duration.ofSeconds(21));
    drain();
    assertThat(count(InboxStatus.DEAD)).isEqualTo(1);
    InboxEvent dead = tenant.t.inbox().list(InboxStatus.DEAD, PageRequest.first(10)).items().get(0);
    assertThat(dead.attempts()).isEqualTo(3);
    assertThat(dead.lastError()).hasValueSatisfying(e -> assertThat(e).contains("createTime is required"));
  }

  @Test
  void aCrashedWorkersEventIsReclaimedWhenItsLeaseExpires() {
    deliver(Fixtures.json("inbound-text"));
    assertThat(store.inbox().claim("crashed-" + tenant.id, Set.of("ycloud"), 100, Duration.ofSeconds(30))).isNotEmpty();
    drain();
    assertThat(count(InboxStatus.PROCESSING)).isEqualTo(1);
    clock.advance(Duration.ofSeconds(31));
    drain();
    assertThat(count(InboxStatus.DONE)).isEqualTo(1);
    assertThat(messagesOf(ana())).hasSize(1);
  }

  @Test
  void aClosedWorkerHandsItsClaimsBackUncounted() {
    deliver(Fixtures.json("inbound-text"));
    worker.close();
    worker.runOnce();
    InboxEvent e = tenant.t.inbox().list(InboxStatus.PENDING, PageRequest.first(10)).items().get(0);
    assertThat(e.attempts()).isZero();
    assertThat(tenant.t.leads().findByPhone(ANA)).isEmpty();
  }
}
