package io.crmventas.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmventas.core.IdGenerator;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.conversation.MediaRef;
import io.crmventas.core.conversation.Message;
import io.crmventas.core.conversation.MessageId;
import io.crmventas.core.conversation.MessageType;
import io.crmventas.core.event.EventBus;
import io.crmventas.core.inbox.InboxEvent;
import io.crmventas.core.inbox.InboxProcessor;
import io.crmventas.core.inbox.InboxStatus;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.store.memory.InMemoryCrmStore;
import io.crmventas.core.testing.MutableClock;
import io.crmventas.core.testing.TenantFixture;
import io.crmventas.core.testing.TestData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Turns cut by when messages were stored: every message in exactly one turn, late arrivals
 * included, and turns that wait for a voice note being transcribed.
 */
class TurnAssemblerTest {
  private static final PhoneNumber LEAD = PhoneNumber.parse("+5491155550001");
  private final MutableClock clock = MutableClock.at(TestData.T0);
  private final InMemoryCrmStore store = InMemoryCrmStore.create(clock);
  private final TenantFixture tenant = TenantFixture.create(store, clock);
  private final List<ConversationTurnReady> turns = new CopyOnWriteArrayList<>();
  private final IdGenerator ids = IdGenerator.timeOrdered(clock);
  private final EventBus bus = new EventBus().subscribe(ConversationTurnReady.class, turns::add);
  private final InboundRecorder recorder = new InboundRecorder(store, bus, clock, ids, Optional.empty());
  private final TurnAssembler assembler = new TurnAssembler(store, bus, clock, ids);
  private final InboxProcessor worker = InboxProcessor.builder(store.inbox()).handler(TurnAssembler.PROVIDER, assembler)
      .clock(clock).maxAttempts(1).build(); // waiting for a voice note must cost no attempt
  private int n;

  /** Stores a message the lead sent at {@code sentAt}, now; not yet handed to the assembler. */
  private Message store(MessageType type, String text, Instant sentAt) {
    n++;
    InboundMessage.Builder b = InboundMessage.builder("whatsapp", "msg-" + n, LEAD, "+5491100000000", sentAt, type);
    if (type == MessageType.AUDIO) {
      b.media(MediaRef.ofUrl("https://api.ycloud.com/v2/whatsapp/media/download/" + n, "audio/ogg"));
    } else {
      b.text(text);
    }
    return recorder.record(tenant.id, b.build()).message();
  }

  private Message leadWrites(String text) {
    Message m = store(MessageType.TEXT, text, clock.instant());
    assembler.messageArrived(m);
    return m;
  }

  private void after(Duration d) {
    clock.advance(d);
    while (worker.runOnce() > 0) {
      // keep going
    }
  }

  private void assertEachMessageInOneTurnAtMost() {
    Set<MessageId> seen = new HashSet<>();
    for (ConversationTurnReady t : turns) {
      for (MessageId id : t.messageIds()) {
        assertThat(seen.add(id)).as("message %s is in two turns: %s", id, turns).isTrue();
      }
    }
  }

  @Test
  void aMessageRedeliveredLateIsItsOwnTurnNotASecondTurnForTheFirst() {
    leadWrites("hola");
    after(Duration.ofSeconds(9));
    assertThat(turns).extracting(ConversationTurnReady::text).containsExactly("hola");
    // The second message was sent 3 s after the first, but its webhook was retried: stored 12 s in.
    clock.advance(Duration.ofSeconds(3));
    assembler.messageArrived(store(MessageType.TEXT, "precio?", TestData.T0.plusSeconds(3)));
    after(Duration.ofSeconds(9));
    assertThat(turns).extracting(ConversationTurnReady::text).containsExactly("hola", "precio?");
    assertEachMessageInOneTurnAtMost();
  }

  @Test
  void aReplyBetweenTwoMessagesEndsTheFirstTurnWithoutLosingIt() {
    leadWrites("hola");
    clock.advance(Duration.ofSeconds(2));
    recorder.record(tenant.id, InboundMessage.builder("whatsapp", "echo-1", LEAD, "+5491100000000", clock.instant(),
        MessageType.TEXT).origin(InboundMessage.Origin.BUSINESS_ECHO).text("¡Hola! ¿En qué te ayudo?").build());
    clock.advance(Duration.ofSeconds(2));
    leadWrites("quiero precios");
    after(Duration.ofSeconds(9));
    assertThat(turns).extracting(ConversationTurnReady::text).containsExactly("hola", "quiero precios");
    assertEachMessageInOneTurnAtMost();
  }

  @Test
  void aReactionOnItsOwnIsNoTurnButOneAmongTextsIsPartOfIt() {
    assembler.messageArrived(store(MessageType.REACTION, "Reaccionó con 👍", clock.instant()));
    after(Duration.ofSeconds(9));
    assertThat(turns).isEmpty();
    leadWrites("dale");
    clock.advance(Duration.ofSeconds(2));
    assembler.messageArrived(store(MessageType.REACTION, "Reaccionó con ❤️", clock.instant()));
    after(Duration.ofSeconds(9));
    assertThat(turns).extracting(ConversationTurnReady::text).containsExactly("dale\nReaccionó con ❤️");
    assertEachMessageInOneTurnAtMost();
  }

  @Test
  void aTurnWaitsForItsVoiceNoteToBeTranscribed() {
    Message voice = store(MessageType.AUDIO, null, clock.instant());
    clock.advance(Duration.ofSeconds(3));
    leadWrites("¿me decís?");
    after(Duration.ofSeconds(9));
    assertThat(turns).as("the voice note is still being transcribed").isEmpty();
    // Transcribed 20 s after it arrived (a retried transcription), then handed to the assembler.
    clock.advance(Duration.ofSeconds(8));
    Message transcribed = store.tenant(tenant.id).messages().setTranscript(voice.id(), "Quiero el plan anual");
    assembler.messageArrived(transcribed);
    after(Duration.ofSeconds(5));
    assertThat(turns).singleElement().satisfies(t -> {
      assertThat(t.text()).isEqualTo("Quiero el plan anual\n¿me decís?");
      assertThat(t.lastInboundMessageId()).isEqualTo("msg-2");
    });
    after(Duration.ofSeconds(10));
    assertThat(turns).as("the voice note's own check adds no turn").hasSize(1);
    assertThat(store.tenant(tenant.id).inbox().countByStatus()).containsEntry(InboxStatus.DEAD, 0L);
  }

  @Test
  void aTurnStopsWaitingForAVoiceNoteThatNeverBecomesReady() {
    store(MessageType.AUDIO, null, clock.instant());
    clock.advance(Duration.ofSeconds(3));
    leadWrites("¿me decís?");
    after(Duration.ofSeconds(9));
    for (int i = 0; i < 30 && turns.isEmpty(); i++) {
      after(Duration.ofSeconds(5));
    }
    assertThat(turns).singleElement().satisfies(t -> {
      assertThat(t.text()).isEqualTo("¿me decís?");
      assertThat(t.messageIds()).hasSize(2);
      assertThat(t.occurredAt()).isAfterOrEqualTo(TestData.T0.plusSeconds(3 + 8).plus(TurnAssembler.READY_WAIT));
    });
    assertThat(store.tenant(tenant.id).inbox().countByStatus()).containsEntry(InboxStatus.DEAD, 0L)
        .containsEntry(InboxStatus.PENDING, 0L);
  }

  @Test
  void aWaitingCheckHandledTwiceAddsOneFollowUp() throws Exception {
    store(MessageType.AUDIO, null, clock.instant());
    clock.advance(Duration.ofSeconds(3));
    Message text = leadWrites("¿me decís?");
    after(Duration.ofSeconds(9));
    InboxEvent check = store.tenant(tenant.id).inbox().find(TurnAssembler.PROVIDER, "turn:" + text.id()).orElseThrow();
    assembler.handle(check); // a worker that died after handling it, before completing it
    assertThat(store.tenant(tenant.id).inbox().list(InboxStatus.PENDING, PageRequest.first(10)).items())
        .extracting(InboxEvent::eventId).containsExactly("turn:" + text.id() + "/1");
    assertThat(TurnAssembler.followUpId("turn:abc/41")).isEqualTo("turn:abc/42");
  }

  @Test
  void aCheckReclaimedAfterItHandedItsTurnToAFollowUpDoesNotPublishItToo() {
    Message voice = store(MessageType.AUDIO, null, clock.instant());
    clock.advance(Duration.ofSeconds(3));
    Message text = leadWrites("¿me decís?");
    after(Duration.ofSeconds(9));
    InboxEvent check = store.tenant(tenant.id).inbox().find(TurnAssembler.PROVIDER, "turn:" + text.id()).orElseThrow();
    Message transcribed = store.tenant(tenant.id).messages().setTranscript(voice.id(), "Quiero el plan anual");
    assembler.messageArrived(transcribed);
    // Its worker died before completing it; claimed again once the voice note is ready.
    assembler.handle(check);
    assertThat(turns).isEmpty();
    after(Duration.ofSeconds(5));
    assertThat(turns).singleElement().satisfies(t -> assertThat(t.messageIds()).containsExactly(voice.id(), text.id()));
  }

  @Test
  void aBurstAfterALongConversationIsOneTurn() {
    Message first = leadWrites("hola");
    for (int i = 0; i < 300; i++) {
      clock.advance(Duration.ofMillis(100));
      recorder.record(tenant.id, InboundMessage.builder("whatsapp", "echo-" + i, LEAD, "+5491100000000",
          clock.instant(), MessageType.TEXT).origin(InboundMessage.Origin.BUSINESS_ECHO).text("ok " + i).build());
    }
    Message second = leadWrites("¿y el precio?");
    clock.advance(Duration.ofSeconds(4));
    Message third = leadWrites("¿y la cuota?");
    after(Duration.ofSeconds(9));
    assertThat(turns).extracting(ConversationTurnReady::messageIds)
        .containsExactly(List.of(first.id()), List.of(second.id(), third.id()));
  }

  @Test
  void aRedeliveryWithAnOldSendTimeIsFoundBehindManyNewerMessages() {
    // 60 messages of the conversation's history, sent before now but after the redelivered one.
    for (int i = 0; i < 60; i++) {
      recorder.record(tenant.id, InboundMessage.builder("whatsapp", "old-" + i, LEAD, "+5491100000000",
          TestData.T0.minus(Duration.ofHours(60 - i)), MessageType.TEXT).origin(InboundMessage.Origin.BUSINESS_ECHO)
          .text("historia " + i).build());
    }
    clock.advance(Duration.ofMinutes(5));
    Message now = leadWrites("¿siguen ahí?");
    clock.advance(Duration.ofSeconds(2));
    // Sent a day ago, delivered only now: its send time is older than all 60.
    Message late = store(MessageType.TEXT, "hola, quería info", TestData.T0.minus(Duration.ofDays(3)));
    assembler.messageArrived(late);
    after(Duration.ofSeconds(12));
    assertThat(turns).extracting(ConversationTurnReady::messageIds).containsExactly(List.of(now.id(), late.id()));
  }

  @Test
  void aBurstLongerThanATurnLosesOnlyItsEarliestMessages() {
    List<MessageId> sent = new ArrayList<>();
    for (int i = 0; i <= TurnAssembler.MAX_TURN; i++) {
      sent.add(leadWrites("foto " + i).id());
      clock.advance(Duration.ofSeconds(1));
    }
    after(Duration.ofSeconds(10));
    assertThat(turns).singleElement().satisfies(t ->
        assertThat(t.messageIds()).containsExactlyElementsOf(sent.subList(1, sent.size())));
  }

  @Test
  void everyMessageOfAnIrregularConversationIsInExactlyOneTurn() {
    // Pauses around the window, replies, late deliveries: each message once, none lost.
    long[] pauses = {0, 3, 8, 9, 1, 2, 15, 7, 7, 30, 4};
    List<MessageId> sent = new ArrayList<>();
    for (int i = 0; i < pauses.length; i++) {
      clock.advance(Duration.ofSeconds(pauses[i]));
      if (i == 5) {
        recorder.record(tenant.id, InboundMessage.builder("whatsapp", "echo-" + i, LEAD, "+5491100000000",
            clock.instant(), MessageType.TEXT).origin(InboundMessage.Origin.BUSINESS_ECHO).text("ok").build());
      }
      Instant sentAt = i % 4 == 3 ? clock.instant().minusSeconds(20) : clock.instant();
      Message m = store(MessageType.TEXT, "m" + i, sentAt);
      assembler.messageArrived(m);
      sent.add(m.id());
      after(Duration.ZERO);
    }
    after(Duration.ofSeconds(10));
    assertEachMessageInOneTurnAtMost();
    assertThat(turns.stream().flatMap(t -> t.messageIds().stream()).toList()).containsExactlyInAnyOrderElementsOf(sent);
  }
}
