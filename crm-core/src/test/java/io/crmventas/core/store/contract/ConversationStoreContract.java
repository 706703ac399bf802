package io.crmventas.core.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.ConflictException;
import io.crmventas.core.InvalidInputException;
import io.crmventas.core.NotFoundException;
import io.crmventas.core.conversation.Author;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.conversation.ConversationId;
import io.crmventas.core.conversation.ConversationQuery;
import io.crmventas.core.conversation.ConversationStatus;
import io.crmventas.core.conversation.DeliveryStatus;
import io.crmventas.core.conversation.Direction;
import io.crmventas.core.conversation.MediaRef;
import io.crmventas.core.conversation.Message;
import io.crmventas.core.conversation.MessageId;
import io.crmventas.core.conversation.MessageType;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.store.InsertResult;
import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Contract for {@link io.crmventas.core.conversation.ConversationStore} and the message store. */
public abstract class ConversationStoreContract extends StoreContract {

  @Test
  void openOrGetCreatesOneConversationPerLeadAndChannel() {
    Lead lead = a.lead();
    Conversation c = Conversation.open(ConversationId.of(UUID.randomUUID()), a.id, lead.id(), "whatsapp",
        Optional.of(a.seller1.id()), clock.instant());
    InsertResult<Conversation> first = a.t.conversations().openOrGet(c);
    assertThat(first.inserted()).isTrue();
    assertThat(first.value()).isEqualTo(c);

    Conversation again = Conversation.open(ConversationId.of(UUID.randomUUID()), a.id, lead.id(), "whatsapp",
        Optional.empty(), clock.instant());
    InsertResult<Conversation> second = a.t.conversations().openOrGet(again);
    assertThat(second.inserted()).isFalse();
    assertThat(second.value()).isEqualTo(c);

    Conversation telegram = Conversation.open(ConversationId.of(UUID.randomUUID()), a.id, lead.id(), "telegram",
        Optional.empty(), clock.instant());
    assertThat(a.t.conversations().openOrGet(telegram).inserted()).isTrue();
    assertThat(a.t.conversations().findByLead(lead.id(), "telegram")).contains(telegram);
    assertThat(a.t.conversations().find(c.id())).contains(c);
  }

  @Test
  void concurrentOpensForOneLeadEndWithOneConversation() throws Exception {
    Lead lead = a.lead();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Conversation>> fs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        fs.add(pool.submit(() -> {
          start.await();
          return a.t.conversations().openOrGet(Conversation.open(ConversationId.of(UUID.randomUUID()), a.id, lead.id(),
              "whatsapp", Optional.empty(), clock.instant())).value();
        }));
      }
      start.countDown();
      Set<ConversationId> ids = new HashSet<>();
      for (Future<Conversation> f : fs) {
        ids.add(f.get().id());
      }
      assertThat(ids).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aCandidateWithCountersOrClosedIsRefusedNamingTheField() {
    Lead lead = a.lead();
    Conversation fresh = Conversation.open(ConversationId.of(UUID.randomUUID()), a.id, lead.id(), "whatsapp",
        Optional.empty(), clock.instant());
    assertThatThrownBy(() -> a.t.conversations().openOrGet(fresh.withStatus(ConversationStatus.CLOSED)))
        .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("status");
    assertThat(a.t.conversations().findByLead(lead.id(), "whatsapp")).isEmpty();
  }

  @Test
  void aConversationForAnotherTenantsLeadIsRejected() {
    var b = anotherTenant();
    Lead bLead = b.lead();
    Conversation c = Conversation.open(ConversationId.of(UUID.randomUUID()), a.id, bLead.id(), "whatsapp",
        Optional.empty(), clock.instant());
    assertThatThrownBy(() -> a.t.conversations().openOrGet(c))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("leadId");
    assertThat(b.t.conversations().findByLead(bLead.id(), "whatsapp")).isEmpty();
  }

  @Test
  void appendUpdatesConversationAndLeadTogether() {
    Lead lead = a.lead();
    Conversation c = a.conversation(lead);
    Instant t1 = clock.instant().plusSeconds(10);
    Message in1 = a.inboundText(c, "Hola, cuánto cuesta?", "wamid.1", t1);
    InsertResult<Message> r = a.t.conversations().append(in1);
    assertThat(r.inserted()).isTrue();
    assertThat(r.value()).isEqualTo(in1);

    Conversation after1 = a.t.conversations().find(c.id()).orElseThrow();
    assertThat(after1.messageCount()).isEqualTo(1);
    assertThat(after1.lastMessageAt()).contains(t1);
    assertThat(after1.lastLeadMessageAt()).contains(t1);
    assertThat(after1.awaitingReplySince()).contains(t1);
    Lead leadAfter1 = a.t.leads().find(lead.id()).orElseThrow();
    assertThat(leadAfter1.lastInboundAt()).contains(t1);
    assertThat(leadAfter1.version()).isEqualTo(lead.version() + 1);

    Instant t2 = t1.plusSeconds(5);
    a.t.conversations().append(a.inboundText(c, "Sigo esperando", "wamid.2", t2));
    assertThat(a.t.conversations().find(c.id()).orElseThrow().awaitingReplySince()).contains(t1);

    Instant t3 = t2.plusSeconds(60);
    a.t.conversations().append(a.reply(c, Author.SELLER, Optional.of(a.seller1.id()), "Te cuento!", t3));
    Conversation after3 = a.t.conversations().find(c.id()).orElseThrow();
    assertThat(after3.awaitingReplySince()).isEmpty();
    assertThat(after3.lastSellerMessageAt()).contains(t3);
    assertThat(after3.lastLeadMessageAt()).contains(t2);
    assertThat(after3.messageCount()).isEqualTo(3);
    assertThat(a.t.leads().find(lead.id()).orElseThrow().lastOutboundAt()).contains(t3);

    Instant t4 = t3.plusSeconds(60);
    a.t.conversations().append(a.inboundText(c, "Gracias", "wamid.4", t4));
    a.t.conversations().append(a.reply(c, Author.BOT, Optional.empty(), "De nada", t4.plusSeconds(1)));
    Conversation after5 = a.t.conversations().find(c.id()).orElseThrow();
    assertThat(after5.awaitingReplySince()).isEmpty();
    assertThat(after5.lastBotMessageAt()).contains(t4.plusSeconds(1));
    assertThat(after5).isEqualTo(expectedAfterReplaying(c, a.t.messages().latest(c.id(), 100)));
  }

  private static Conversation expectedAfterReplaying(Conversation start, List<Message> messages) {
    Conversation c = start;
    for (Message m : messages) {
      c = c.withMessage(m);
    }
    return c;
  }

  @Test
  void aLateReplySentBeforeTheWaitingMessageDoesNotClearIt() {
    Conversation c = a.conversation(a.lead());
    Instant t = clock.instant();
    a.t.conversations().append(a.inboundText(c, "Hola", "w1", t));
    a.t.conversations().append(a.reply(c, Author.BOT, Optional.empty(), "old", t.minusSeconds(30)));
    Conversation after = a.t.conversations().find(c.id()).orElseThrow();
    assertThat(after.awaitingReplySince()).contains(t);
    assertThat(after.lastMessageAt()).contains(t);
  }

  @Test
  void aDuplicateProviderIdIsDetectedAndChangesNothing() {
    Lead lead = a.lead();
    Conversation c = a.conversation(lead);
    Message first = a.inboundText(c, "Hola", "wamid.dup", clock.instant());
    a.t.conversations().append(first);
    Conversation before = a.t.conversations().find(c.id()).orElseThrow();
    Lead leadBefore = a.t.leads().find(lead.id()).orElseThrow();

    Message again = a.inboundText(c, "Hola (retry)", "wamid.dup", clock.instant().plusSeconds(1));
    InsertResult<Message> r = a.t.conversations().append(again);
    assertThat(r.inserted()).isFalse();
    assertThat(r.value()).isEqualTo(first);
    assertThat(a.t.conversations().find(c.id())).contains(before);
    assertThat(a.t.leads().find(lead.id())).contains(leadBefore);
    assertThat(a.t.messages().find(again.id())).isEmpty();
  }

  @Test
  void messagesWithoutProviderIdsAreNeverDuplicates() {
    Conversation c = a.conversation(a.lead());
    a.t.conversations().append(a.reply(c, Author.BOT, Optional.empty(), "uno", clock.instant()));
    a.t.conversations().append(a.reply(c, Author.BOT, Optional.empty(), "dos", clock.instant()));
    assertThat(a.t.messages().latest(c.id(), 10)).hasSize(2);
  }

  @Test
  void appendRejectsAConversationOfAnotherTenantOrLead() {
    var b = anotherTenant();
    Conversation bConv = b.conversation(b.lead());
    Message intoB = new Message(MessageId.of(UUID.randomUUID()), a.id, bConv.id(), bConv.leadId(), Direction.INBOUND,
        Author.LEAD, Optional.empty(), MessageType.TEXT, Optional.of("x"), Optional.empty(), Optional.empty(),
        Optional.of("w-x"), DeliveryStatus.RECEIVED, Map.of(), clock.instant(), clock.instant());
    assertThatThrownBy(() -> a.t.conversations().append(intoB))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("conversationId");
    assertThat(b.t.conversations().find(bConv.id()).orElseThrow().messageCount()).isZero();

    Conversation mine = a.conversation(a.lead());
    Lead otherLead = a.lead();
    Message wrongLead = new Message(MessageId.of(UUID.randomUUID()), a.id, mine.id(), otherLead.id(), Direction.INBOUND,
        Author.LEAD, Optional.empty(), MessageType.TEXT, Optional.of("x"), Optional.empty(), Optional.empty(),
        Optional.empty(), DeliveryStatus.RECEIVED, Map.of(), clock.instant(), clock.instant());
    assertThatThrownBy(() -> a.t.conversations().append(wrongLead))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("conversationId");
  }

  @Test
  void aSellerAuthorMustBeAMember() {
    var b = anotherTenant();
    Conversation c = a.conversation(a.lead());
    Message m = a.reply(c, Author.SELLER, Optional.of(b.seller1.id()), "hola", clock.instant());
    assertThatThrownBy(() -> a.t.conversations().append(m))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("authorUserId");
    assertThat(a.t.conversations().find(c.id()).orElseThrow().messageCount()).isZero();
  }

  @Test
  void mediaTranscriptAndMetadataRoundTrip() {
    Conversation c = a.conversation(a.lead());
    MediaRef media = new MediaRef(Optional.of("media-123"), Optional.of("https://api.ycloud.com/v2/whatsapp/media/download/media-123"),
        Optional.of("audio/ogg; codecs=opus"), Optional.of("voice.ogg"), Optional.of(20480L), Optional.of("abc123"));
    Message audio = new Message(MessageId.of(UUID.randomUUID()), a.id, c.id(), c.leadId(), Direction.INBOUND, Author.LEAD,
        Optional.empty(), MessageType.AUDIO, Optional.empty(), Optional.of(media), Optional.empty(),
        Optional.of("wamid.audio"), DeliveryStatus.RECEIVED, Map.of("voice", "true", "ñandú", "sí"), clock.instant(),
        clock.instant());
    a.t.conversations().append(audio);
    assertThat(a.t.messages().find(audio.id())).contains(audio);
    assertThat(a.t.messages().findByProviderId("wamid.audio")).contains(audio);

    Message marked = a.t.messages().setTranscriptIfAbsent(audio.id(), "[audio: transcription failed]");
    assertThat(marked.transcript()).contains("[audio: transcription failed]");
    Message transcribed = a.t.messages().setTranscript(audio.id(), "Quiero saber el precio");
    assertThat(transcribed.text()).contains("Quiero saber el precio");
    assertThat(a.t.messages().find(audio.id())).contains(transcribed);
    // A placeholder never replaces a transcript that is there.
    assertThat(a.t.messages().setTranscriptIfAbsent(audio.id(), "[audio: transcription failed]")).isEqualTo(transcribed);
    assertThat(a.t.messages().find(audio.id())).contains(transcribed);
    assertThatThrownBy(() -> a.t.messages().setTranscriptIfAbsent(MessageId.of(UUID.randomUUID()), "x"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void messagesPageOldestFirstAndLatestReturnsTheTail() {
    Conversation c = a.conversation(a.lead());
    List<Message> all = new ArrayList<>();
    Instant base = clock.instant();
    for (int i = 0; i < 12; i++) {
      Message m = a.inboundText(c, "m" + i, "w-" + i, base.plusSeconds(i / 3));
      a.t.conversations().append(m);
      all.add(m);
    }
    all.sort(Comparator.comparing(Message::sentAt).thenComparing(Message::id, (x, y) -> x.compareTo(y)));

    List<Message> paged = new ArrayList<>();
    PageRequest req = PageRequest.first(5);
    while (true) {
      Page<Message> p = a.t.messages().list(c.id(), req);
      paged.addAll(p.items());
      if (!p.hasNext()) {
        break;
      }
      req = p.next(5).orElseThrow();
    }
    assertThat(paged).containsExactlyElementsOf(all);
    assertThat(a.t.messages().latest(c.id(), 4)).containsExactlyElementsOf(all.subList(8, 12));
    assertThat(a.t.messages().latest(c.id(), 100)).containsExactlyElementsOf(all);
  }

  @Test
  void storedAroundListsWhatArrivedAroundAMessageInTheOrderItWasStoredWhateverItsSendTime() {
    Conversation c = a.conversation(a.lead());
    Conversation other = a.conversation(a.lead());
    Instant t0 = clock.instant();
    Message first = a.inboundText(c, "hola", "s-1", t0);
    a.t.conversations().append(first);
    clock.advance(Duration.ofSeconds(1));
    // Sent an hour ago, redelivered now: stored after "hola" though sent long before it.
    Message late = a.inboundText(c, "¿precio?", "s-2", t0.minus(Duration.ofHours(1)));
    a.t.conversations().append(late);
    a.t.conversations().append(a.inboundText(other, "otra conversación", "s-x", clock.instant()));
    clock.advance(Duration.ofSeconds(1));
    // Two stored at the same instant: ordered by id, compared as PostgreSQL compares uuids
    // (unsigned: 7fff... before 8000..., where Java's UUID.compareTo says the opposite).
    Message high = Message.inboundText(MessageId.of(UUID.fromString("80000000-0000-4000-8000-000000000001")), a.id,
        c.id(), c.leadId(), "gracias", "s-3", clock.instant(), clock.instant());
    Message low = Message.inboundText(MessageId.of(UUID.fromString("7fffffff-0000-4000-8000-000000000001")), a.id,
        c.id(), c.leadId(), "chau", "s-4", clock.instant(), clock.instant());
    a.t.conversations().append(high);
    a.t.conversations().append(low);
    List<Message> sameInstant = List.of(low, high);

    assertThat(a.t.messages().storedAround(late.id(), 10, 10)).containsExactly(first, late, sameInstant.get(0),
        sameInstant.get(1));
    assertThat(a.t.messages().storedAround(late.id(), 0, 1)).containsExactly(late, sameInstant.get(0));
    assertThat(a.t.messages().storedAround(sameInstant.get(1).id(), 2, 0))
        .containsExactly(late, sameInstant.get(0), sameInstant.get(1));
    assertThat(a.t.messages().storedAround(first.id(), 5, 0)).containsExactly(first);
    assertThat(anotherTenant().t.messages().storedAround(late.id(), 10, 10)).as("another tenant's view").isEmpty();
    assertThat(a.t.messages().storedAround(MessageId.of(UUID.randomUUID()), 1, 1)).isEmpty();
    assertThatThrownBy(() -> a.t.messages().storedAround(late.id(), -1, 0)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("before");
  }

  @Test
  void deliveryStatusOnlyMovesForward() {
    Conversation c = a.conversation(a.lead());
    Message out = a.reply(c, Author.BOT, Optional.empty(), "hola", clock.instant());
    a.t.conversations().append(out);
    Message sent = a.t.messages().markSent(out.id(), "wamid.out", DeliveryStatus.ACCEPTED);
    assertThat(sent.providerMessageId()).contains("wamid.out");
    assertThat(sent.deliveryStatus()).isEqualTo(DeliveryStatus.ACCEPTED);

    assertThat(a.t.messages().advanceDeliveryStatus("wamid.out", DeliveryStatus.READ))
        .map(Message::deliveryStatus).contains(DeliveryStatus.READ);
    assertThat(a.t.messages().advanceDeliveryStatus("wamid.out", DeliveryStatus.DELIVERED))
        .map(Message::deliveryStatus).contains(DeliveryStatus.READ);
    assertThat(a.t.messages().advanceDeliveryStatus("wamid.out", DeliveryStatus.FAILED))
        .map(Message::deliveryStatus).contains(DeliveryStatus.READ);
    assertThat(a.t.messages().advanceDeliveryStatus("wamid.unknown", DeliveryStatus.READ)).isEmpty();
    assertThat(a.t.messages().find(out.id()).orElseThrow().deliveryStatus()).isEqualTo(DeliveryStatus.READ);
  }

  @Test
  void aFailedSendCanBeRecorded() {
    Conversation c = a.conversation(a.lead());
    Message out = a.reply(c, Author.BOT, Optional.empty(), "hola", clock.instant());
    a.t.conversations().append(out);
    a.t.messages().markSent(out.id(), "wamid.f", DeliveryStatus.SENT);
    assertThat(a.t.messages().advanceDeliveryStatus("wamid.f", DeliveryStatus.FAILED))
        .map(Message::deliveryStatus).contains(DeliveryStatus.FAILED);
    assertThat(a.t.messages().advanceDeliveryStatus("wamid.f", DeliveryStatus.SENT))
        .map(Message::deliveryStatus).contains(DeliveryStatus.FAILED);
    // Failed on one of the person's devices, read on another: read wins, and no failure comes back.
    assertThat(a.t.messages().advanceDeliveryStatus("wamid.f", DeliveryStatus.READ))
        .map(Message::deliveryStatus).contains(DeliveryStatus.READ);
    assertThat(a.t.messages().advanceDeliveryStatus("wamid.f", DeliveryStatus.FAILED))
        .map(Message::deliveryStatus).contains(DeliveryStatus.READ);
  }

  @Test
  void aReplyReportedFailedAndThenDeliveredAnswersAgain() {
    Instant t0 = clock.instant();
    Conversation c = leadGreetedAndBotAnswered(t0, "wamid.bot-2");
    Conversation answered = a.t.conversations().find(c.id()).orElseThrow();
    Lead before = a.t.leads().find(c.leadId()).orElseThrow();
    a.t.messages().advanceDeliveryStatus("wamid.bot-2", DeliveryStatus.FAILED);
    assertThat(a.t.conversations().find(c.id()).orElseThrow().awaitingReplySince()).contains(t0);
    assertThat(a.t.leads().find(c.leadId()).orElseThrow().lastOutboundAt()).isEmpty();

    assertThat(a.t.messages().advanceDeliveryStatus("wamid.bot-2", DeliveryStatus.DELIVERED))
        .map(Message::deliveryStatus).contains(DeliveryStatus.DELIVERED);
    Conversation again = a.t.conversations().find(c.id()).orElseThrow();
    assertThat(again.awaitingReplySince()).isEmpty();
    assertThat(again.lastBotMessageAt()).isEqualTo(answered.lastBotMessageAt());
    assertThat(a.t.leads().find(c.leadId()).orElseThrow().lastOutboundAt()).isEqualTo(before.lastOutboundAt());
  }

  /**
   * Stores, in an assigned lead's new conversation, the lead's "hola" at {@code t0} and then the
   * bot's reply at t0 + 1 s, sent as {@code botProviderId}; each message of these tests is stored
   * a millisecond after the one before (the order answers are counted in).
   */
  private Conversation leadGreetedAndBotAnswered(Instant t0, String botProviderId) {
    Lead lead = a.t.leads().create(a.leadBuilder().assignedSellerId(a.seller1.id()).build());
    Conversation c = a.conversation(lead);
    a.t.conversations().append(a.inboundText(c, "hola", "in-1", t0));
    clock.advance(Duration.ofMillis(1));
    Message bot = a.reply(c, Author.BOT, Optional.empty(), "te respondo enseguida", t0.plusSeconds(1));
    a.t.conversations().append(bot);
    a.t.messages().markSent(bot.id(), botProviderId, DeliveryStatus.ACCEPTED);
    clock.advance(Duration.ofMillis(1));
    return c;
  }

  @Test
  void aReplyThatFailsLaterLeavesTheLeadWaitingAgainAndTheLastAnswerIsTheOneThatArrived() {
    Instant t0 = clock.instant();
    Conversation c = leadGreetedAndBotAnswered(t0, "wamid.bot-1");
    Lead lead = a.t.leads().find(c.leadId()).orElseThrow();
    a.t.conversations().append(a.inboundText(c, "¿precio?", "in-2", t0.plusSeconds(2)));
    clock.advance(Duration.ofMillis(1));
    Message seller = a.reply(c, Author.SELLER, Optional.of(a.seller1.id()), "sale 100", t0.plusSeconds(3));
    a.t.conversations().append(seller);
    a.t.messages().markSent(seller.id(), "wamid.seller-1", DeliveryStatus.ACCEPTED);
    Conversation answered = a.t.conversations().find(c.id()).orElseThrow();
    assertThat(answered.awaitingReplySince()).isEmpty();
    long version = a.t.leads().find(lead.id()).orElseThrow().version();

    // WhatsApp reports the seller's message undeliverable: the question it answered waits again.
    assertThat(a.t.messages().advanceDeliveryStatus("wamid.seller-1", DeliveryStatus.FAILED))
        .map(Message::deliveryStatus).contains(DeliveryStatus.FAILED);
    Conversation waiting = a.t.conversations().find(c.id()).orElseThrow();
    assertThat(waiting.awaitingReplySince()).contains(t0.plusSeconds(2));
    assertThat(waiting.lastSellerMessageAt()).isEmpty();
    assertThat(waiting.lastBotMessageAt()).contains(t0.plusSeconds(1));
    assertThat(waiting.lastMessageAt()).isEqualTo(answered.lastMessageAt());
    assertThat(waiting.messageCount()).isEqualTo(answered.messageCount());
    Lead after = a.t.leads().find(lead.id()).orElseThrow();
    assertThat(after.lastOutboundAt()).contains(t0.plusSeconds(1));
    assertThat(after.version()).isEqualTo(version + 1);

    // The same report again changes nothing; the bot's failing too leaves the first message waiting.
    a.t.messages().advanceDeliveryStatus("wamid.seller-1", DeliveryStatus.FAILED);
    assertThat(a.t.conversations().find(c.id())).contains(waiting);
    a.t.messages().advanceDeliveryStatus("wamid.bot-1", DeliveryStatus.FAILED);
    Conversation none = a.t.conversations().find(c.id()).orElseThrow();
    assertThat(none.awaitingReplySince()).contains(t0);
    assertThat(none.lastBotMessageAt()).isEmpty();
    assertThat(a.t.leads().find(lead.id()).orElseThrow().lastOutboundAt()).isEmpty();
    assertThat(a.t.alerts().waitingSince(t0.plusSeconds(1), "unanswered", Optional.empty()))
        .extracting(w -> w.conversationId(), w -> w.since()).containsExactly(org.assertj.core.groups.Tuple.tuple(c.id(), t0));
  }

  @Test
  void aFailureCountsTheAnswersAgainInTheOrderTheMessagesWereStored() {
    Instant t0 = clock.instant();
    Conversation c = leadGreetedAndBotAnswered(t0, "wamid.b");
    a.t.conversations().append(a.reply(c, Author.SELLER, Optional.of(a.seller1.id()), "sale 100", t0.plusSeconds(3)));
    clock.advance(Duration.ofMillis(1));
    // A lead message that arrives late, stamped before the seller's reply: it waits, as appended.
    a.t.conversations().append(a.inboundText(c, "¿y envío?", "in-late", t0.plusSeconds(2)));
    assertThat(a.t.conversations().find(c.id()).orElseThrow().awaitingReplySince()).contains(t0.plusSeconds(2));

    a.t.messages().advanceDeliveryStatus("wamid.b", DeliveryStatus.FAILED);
    Conversation recounted = a.t.conversations().find(c.id()).orElseThrow();
    assertThat(recounted.awaitingReplySince()).as("as if the bot had never written").contains(t0.plusSeconds(2));
    assertThat(recounted.lastBotMessageAt()).isEmpty();
    assertThat(recounted.lastSellerMessageAt()).contains(t0.plusSeconds(3));
  }

  @Test
  void aLeadsLastOutboundTimeIsCountedOverAllItsConversations() {
    Lead lead = a.lead();
    Conversation whatsapp = a.conversation(lead);
    Conversation other = a.t.conversations().openOrGet(Conversation.open(ConversationId.of(UUID.randomUUID()), a.id,
        lead.id(), "telegram", Optional.empty(), clock.instant())).value();
    Instant t0 = clock.instant();
    a.t.conversations().append(a.reply(whatsapp, Author.BOT, Optional.empty(), "uno", t0.plusSeconds(1)));
    clock.advance(Duration.ofMillis(1));
    Message later = a.reply(other, Author.BOT, Optional.empty(), "dos", t0.plusSeconds(5));
    a.t.conversations().append(later);
    a.t.messages().markSent(later.id(), "tg-2", DeliveryStatus.SENT);
    assertThat(a.t.leads().find(lead.id()).orElseThrow().lastOutboundAt()).contains(t0.plusSeconds(5));
    a.t.messages().advanceDeliveryStatus("tg-2", DeliveryStatus.FAILED);
    assertThat(a.t.leads().find(lead.id()).orElseThrow().lastOutboundAt()).contains(t0.plusSeconds(1));
  }

  @Test
  void aReplyStoredAsAlreadyFailedAnswersNothing() {
    Lead lead = a.lead();
    Conversation c = a.conversation(lead);
    a.t.conversations().append(a.inboundText(c, "hola", "in-1", clock.instant()));
    clock.advance(Duration.ofMillis(1));
    Message refused = a.reply(c, Author.BOT, Optional.empty(), "hola", clock.instant()).withDeliveryStatus(
        DeliveryStatus.FAILED);
    a.t.conversations().append(refused);
    Conversation after = a.t.conversations().find(c.id()).orElseThrow();
    assertThat(after.awaitingReplySince()).contains(clock.instant().minusMillis(1));
    assertThat(after.lastBotMessageAt()).isEmpty();
    assertThat(after.lastMessageAt()).contains(clock.instant());
    assertThat(after.messageCount()).isEqualTo(2);
    assertThat(a.t.leads().find(lead.id()).orElseThrow().lastOutboundAt()).isEmpty();
  }

  @Test
  void aSendRecordedAsFailedAnswersNothing() {
    Lead lead = a.lead();
    Conversation c = a.conversation(lead);
    Instant t0 = clock.instant();
    a.t.conversations().append(a.inboundText(c, "hola", "in-1", t0));
    clock.advance(Duration.ofMillis(1));
    Message bot = a.reply(c, Author.BOT, Optional.empty(), "hola", t0.plusSeconds(1));
    a.t.conversations().append(bot);
    assertThat(a.t.conversations().find(c.id()).orElseThrow().awaitingReplySince()).isEmpty();
    a.t.messages().markSent(bot.id(), "wamid.refused", DeliveryStatus.FAILED);
    assertThat(a.t.conversations().find(c.id()).orElseThrow().awaitingReplySince()).contains(t0);
    assertThat(a.t.leads().find(lead.id()).orElseThrow().lastOutboundAt()).isEmpty();
  }

  @Test
  void markSentRejectsAProviderIdOfAnotherMessage() {
    Conversation c = a.conversation(a.lead());
    a.t.conversations().append(a.inboundText(c, "hola", "wamid.taken", clock.instant()));
    Message out = a.reply(c, Author.BOT, Optional.empty(), "x", clock.instant());
    a.t.conversations().append(out);
    assertThatThrownBy(() -> a.t.messages().markSent(out.id(), "wamid.taken", DeliveryStatus.SENT))
        .isInstanceOf(ConflictException.class);
    assertThat(a.t.messages().find(out.id()).orElseThrow().providerMessageId()).isEmpty();
    assertThatThrownBy(() -> a.t.messages().markSent(MessageId.of(UUID.randomUUID()), "w", DeliveryStatus.SENT))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void listFiltersBySellerStatusAndWaitingMostRecentFirst() {
    Lead l1 = a.t.leads().create(a.leadBuilder().assignedSellerId(a.seller1.id()).build());
    Lead l2 = a.t.leads().create(a.leadBuilder().assignedSellerId(a.seller2.id()).build());
    Lead l3 = a.lead();
    Conversation c1 = a.conversation(l1);
    Conversation c2 = a.conversation(l2);
    Conversation c3 = a.conversation(l3);
    a.t.conversations().append(a.inboundText(c2, "hola", "w2", clock.instant().plusSeconds(5)));
    a.t.conversations().append(a.inboundText(c1, "hola", "w1", clock.instant().plusSeconds(9)));
    a.t.conversations().setStatus(c3.id(), ConversationStatus.CLOSED);

    assertThat(ids(ConversationQuery.ALL)).containsExactly(c1.id(), c2.id(), c3.id());
    assertThat(ids(ConversationQuery.ofSeller(a.seller1.id()))).containsExactly(c1.id());
    assertThat(ids(ConversationQuery.ALL.unassigned())).containsExactly(c3.id());
    assertThat(ids(ConversationQuery.ALL.withStatus(ConversationStatus.CLOSED))).containsExactly(c3.id());
    assertThat(ids(ConversationQuery.ALL.awaitingReplyOnly())).containsExactly(c1.id(), c2.id());
    assertThat(a.t.conversations().count(ConversationQuery.ALL.withStatus(ConversationStatus.OPEN))).isEqualTo(2);

    List<ConversationId> paged = new ArrayList<>();
    Page<Conversation> p1 = a.t.conversations().list(ConversationQuery.ALL, PageRequest.first(2));
    p1.items().forEach(c -> paged.add(c.id()));
    a.t.conversations().list(ConversationQuery.ALL, p1.next(2).orElseThrow()).items().forEach(c -> paged.add(c.id()));
    assertThat(paged).containsExactly(c1.id(), c2.id(), c3.id());
  }

  @Test
  void assignLeadMovesEveryConversationOfTheLead() {
    Lead lead = a.lead();
    Conversation wa = a.conversation(lead);
    Conversation tg = a.t.conversations().openOrGet(Conversation.open(ConversationId.of(UUID.randomUUID()), a.id,
        lead.id(), "telegram", Optional.empty(), clock.instant())).value();
    assertThat(a.t.conversations().assignLead(lead.id(), Optional.of(a.seller2.id()))).isEqualTo(2);
    assertThat(a.t.conversations().assignLead(lead.id(), Optional.of(a.seller2.id()))).isZero();
    assertThat(a.t.conversations().find(wa.id()).orElseThrow().assignedSellerId()).contains(a.seller2.id());
    assertThat(a.t.conversations().find(tg.id()).orElseThrow().assignedSellerId()).contains(a.seller2.id());
    assertThat(a.t.conversations().assignLead(lead.id(), Optional.empty())).isEqualTo(2);

    var b = anotherTenant();
    assertThatThrownBy(() -> a.t.conversations().assignLead(lead.id(), Optional.of(b.seller1.id())))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void setStatusOfAnUnknownConversationIsNotFound() {
    assertThatThrownBy(() -> a.t.conversations().setStatus(ConversationId.of(UUID.randomUUID()), ConversationStatus.CLOSED))
        .isInstanceOf(NotFoundException.class);
  }

  private List<ConversationId> ids(ConversationQuery q) {
    return a.t.conversations().list(q, PageRequest.first(100)).items().stream().map(Conversation::id).toList();
  }
}
