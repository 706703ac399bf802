package io.crmventas.core.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.IdGenerator;
import io.crmventas.core.InvalidInputException;
import io.crmventas.core.channel.RecordingOutboundChannel.Call;
import io.crmventas.core.channel.RecordingOutboundChannel.Kind;
import io.crmventas.core.conversation.Author;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.conversation.ConversationId;
import io.crmventas.core.conversation.DeliveryStatus;
import io.crmventas.core.conversation.Message;
import io.crmventas.core.conversation.MessageId;
import io.crmventas.core.contact.ContactAddress;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.tenant.SellerKind;
import io.crmventas.core.tenant.SellerProfile;
import io.crmventas.core.tenant.UserId;
import io.crmventas.core.store.memory.InMemoryCrmStore;
import io.crmventas.core.testing.MutableClock;
import io.crmventas.core.testing.TenantFixture;
import io.crmventas.core.testing.TestData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReplySenderTest {
  private final MutableClock clock = MutableClock.at(TestData.T0);
  private final InMemoryCrmStore store = InMemoryCrmStore.create(clock);
  private final TenantFixture t = TenantFixture.create(store, clock);
  private final RecordingOutboundChannel channel = new RecordingOutboundChannel("whatsapp", IdGenerator.random());
  private final List<Duration> pauses = new ArrayList<>();
  private final ReplySender sender = new ReplySender(store, channel, new ReplySplitter(40), Duration.ofSeconds(4),
      pauses::add, clock, IdGenerator.timeOrdered(clock));

  @Test
  void theAnsweredMessageIsReadThenEachBubbleFollowsATypingIndicatorAndAPauseAndIsStoredWithItsProviderId() {
    Lead lead = t.lead();
    Conversation c = t.conversation(lead);
    List<Message> sent = sender.send(lead, c, "Hola Ana, gracias por escribir. El plan anual sale 120.000 pesos.",
        Optional.of("inbound-1"), Author.BOT, Optional.empty());
    assertThat(sent).hasSize(2);
    assertThat(channel.calls()).extracting(Call::kind)
        .containsExactly(Kind.READ, Kind.TYPING, Kind.TEXT, Kind.TYPING, Kind.TEXT);
    assertThat(channel.calls().get(0).target()).isEqualTo("inbound-1");
    assertThat(channel.calls().get(1).target()).isEqualTo("inbound-1");
    assertThat(pauses).containsExactly(Duration.ofSeconds(4), Duration.ofSeconds(4));
    List<Message> stored = t.t.messages().list(c.id(), PageRequest.first(10)).items();
    assertThat(stored).hasSize(2).allSatisfy(m -> {
      assertThat(m.author()).isEqualTo(Author.BOT);
      assertThat(m.deliveryStatus()).isEqualTo(DeliveryStatus.ACCEPTED);
      assertThat(m.providerMessageId()).isPresent();
    });
    assertThat(t.t.messages().findByProviderId(channel.calls().get(2).providerMessageId().orElseThrow())).isPresent();
  }

  @Test
  void aLeadKnownOnlyByItsUserIdIsAnsweredThroughIt() {
    Lead lead = t.t.leads().create(t.leadBuilder(ContactAddress.of(TestData.userId())).build());
    Lead withPhone = t.lead();
    sender.send(lead, t.conversation(lead), "Hola.", Optional.empty(), Author.BOT, Optional.empty());
    sender.send(withPhone, t.conversation(withPhone), "Hola.", Optional.empty(), Author.BOT, Optional.empty());
    assertThat(channel.calls()).filteredOn(call -> call.kind() == Kind.TEXT).extracting(Call::target)
        .containsExactly(lead.channelUserId().orElseThrow().value(), withPhone.phone().orElseThrow().value());
  }

  @Test
  void aFailingSendStopsTheReplyStoresNoBubbleForItAndTheLeadStillAwaitsAnAnswer() {
    Lead lead = t.lead();
    Conversation c = t.conversation(lead);
    t.t.conversations().append(Message.inboundText(MessageId.of(UUID.randomUUID()), t.id, c.id(), lead.id(), "hola",
        "inbound-1", clock.instant(), clock.instant()));
    channel.simulate(RecordingOutboundChannel.Fault.UNAVAILABLE);
    assertThatThrownBy(() -> sender.send(lead, c, "Uno. Dos.", Optional.empty(), Author.BOT, Optional.empty()))
        .isInstanceOf(ChannelUnavailableException.class);
    assertThat(t.t.messages().list(c.id(), PageRequest.first(10)).items()).singleElement()
        .satisfies(m -> assertThat(m.author()).isEqualTo(Author.LEAD));
    assertThat(t.t.conversations().find(c.id()).orElseThrow().awaitingReplySince()).contains(clock.instant());
  }

  @Test
  void aReplyStoppedPartWaySaysWhichBubblesWentOutAndItsRestFinishesItWithoutRepeatingOne() {
    Lead lead = t.lead();
    Conversation c = t.conversation(lead);
    // The channel goes down just before the second bubble.
    ReplySender failing = new ReplySender(store, channel, new ReplySplitter(40), Duration.ofSeconds(4), d -> {
      if (channel.calls().stream().anyMatch(call -> call.kind() == Kind.TEXT)) {
        channel.simulate(RecordingOutboundChannel.Fault.UNAVAILABLE);
      }
    }, clock, IdGenerator.timeOrdered(clock));
    String reply = "Hola Ana, gracias por escribir. El plan anual sale 120.000 pesos. ¿Te paso el link?";
    ReplyDelivery d = failing.deliver(lead, c, reply, Optional.of("inbound-1"), Author.BOT, Optional.empty());
    assertThat(d.complete()).isFalse();
    assertThat(d.failure()).get().isInstanceOf(ChannelUnavailableException.class);
    assertThat(d.sent()).extracting(Message::body).containsExactly(Optional.of("Hola Ana, gracias por escribir."));
    assertThat(d.unsent()).containsExactly("El plan anual sale 120.000 pesos.", "¿Te paso el link?");
    assertThat(t.t.messages().list(c.id(), PageRequest.first(10)).items()).containsExactlyElementsOf(d.sent());
    // send throws the same failure, as the channel threw it.
    assertThatThrownBy(() -> failing.send(lead, c, reply, Optional.empty(), Author.BOT, Optional.empty()))
        .isInstanceOf(ChannelUnavailableException.class);

    channel.heal();
    clock.advance(Duration.ofMinutes(1));
    ReplyDelivery rest = sender.deliver(lead, c, d.rest(), Optional.of("inbound-1"), Author.BOT, Optional.empty());
    assertThat(rest.complete()).isTrue();
    assertThat(rest.rest()).isEmpty();
    assertThat(t.t.messages().list(c.id(), PageRequest.first(10)).items()).extracting(Message::body)
        .containsExactly(Optional.of("Hola Ana, gracias por escribir."), Optional.of("El plan anual sale 120.000 pesos."),
            Optional.of("¿Te paso el link?"));
  }

  @Test
  void anInterruptionBetweenBubblesIsReportedAsAFailureWithTheRestLeft() {
    Lead lead = t.lead();
    Conversation c = t.conversation(lead);
    ReplySender interrupted = new ReplySender(store, channel, new ReplySplitter(40), Duration.ofSeconds(4), d -> {
      throw new InterruptedException("shutdown");
    }, clock, IdGenerator.timeOrdered(clock));
    try {
      ReplyDelivery d = interrupted.deliver(lead, c, "Uno. Dos.", Optional.empty(), Author.BOT, Optional.empty());
      assertThat(d.sent()).isEmpty();
      assertThat(d.unsent()).containsExactly("Uno. Dos.");
      assertThat(d.failure()).get().isInstanceOf(ChannelUnavailableException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void eachTenantsRepliesGoOutThroughItsOwnChannel() {
    TenantFixture other = TenantFixture.create(store, clock);
    RecordingOutboundChannel otherChannel = new RecordingOutboundChannel("whatsapp", IdGenerator.random());
    ReplySender perTenant = new ReplySender(store, tenant -> tenant.equals(other.id) ? otherChannel : channel,
        new ReplySplitter(40), Duration.ZERO, pauses::add, clock, IdGenerator.timeOrdered(clock));
    Lead theirs = other.lead();
    perTenant.send(theirs, other.conversation(theirs), "Hola.", Optional.empty(), Author.BOT, Optional.empty());
    Lead ours = t.lead();
    perTenant.send(ours, t.conversation(ours), "Buenas.", Optional.empty(), Author.BOT, Optional.empty());
    assertThat(otherChannel.calls()).extracting(Call::content).containsExactly("Hola.");
    assertThat(channel.calls()).extracting(Call::content).containsExactly("Buenas.");
  }

  @Test
  void aReplyGoesOutOnTheConversationsChannel() {
    RecordingOutboundChannel telegram = new RecordingOutboundChannel("telegram", IdGenerator.random());
    ReplySender multi = new ReplySender(store, (tenant, name) -> name.equals("telegram") ? telegram : channel,
        new ReplySplitter(40), Duration.ZERO, pauses::add, clock, IdGenerator.timeOrdered(clock));
    Lead lead = t.lead();
    Conversation onTelegram = t.t.conversations().openOrGet(Conversation.open(ConversationId.of(UUID.randomUUID()),
        t.id, lead.id(), "telegram", Optional.empty(), clock.instant())).value();
    multi.send(lead, onTelegram, "Hola por Telegram.", Optional.empty(), Author.BOT, Optional.empty());
    multi.send(lead, t.conversation(lead), "Hola por WhatsApp.", Optional.empty(), Author.BOT, Optional.empty());
    assertThat(telegram.calls()).extracting(Call::content).containsExactly("Hola por Telegram.");
    assertThat(channel.calls()).extracting(Call::content).containsExactly("Hola por WhatsApp.");
  }

  @Test
  void aConversationOnAnotherChannelOrOfAnotherLeadIsRefusedBeforeAnythingIsSent() {
    Lead lead = t.lead();
    Conversation onTelegram = t.t.conversations().openOrGet(Conversation.open(ConversationId.of(UUID.randomUUID()),
        t.id, lead.id(), "telegram", Optional.empty(), clock.instant())).value();
    // A sender with one WhatsApp channel for every tenant cannot answer a Telegram conversation.
    assertThatThrownBy(() -> sender.send(lead, onTelegram, "Hola.", Optional.of("in-1"), Author.BOT, Optional.empty()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("conversation")
        .hasMessageContaining("'telegram'").hasMessageContaining("'whatsapp'");
    Lead other = t.lead();
    assertThatThrownBy(() -> sender.send(other, t.conversation(lead), "Hola.", Optional.of("in-1"), Author.BOT,
        Optional.empty())).isInstanceOf(InvalidInputException.class).hasMessageContaining(other.id().toString());
    // The same lead id in another tenant's conversation.
    TenantFixture otherTenant = TenantFixture.create(store, clock);
    Conversation theirs = Conversation.open(ConversationId.of(UUID.randomUUID()), otherTenant.id, lead.id(),
        Conversation.WHATSAPP, Optional.empty(), clock.instant());
    assertThatThrownBy(() -> sender.send(lead, theirs, "Hola.", Optional.empty(), Author.BOT, Optional.empty()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining(theirs.id().toString());
    assertThat(channel.calls()).isEmpty();
    assertThat(t.t.messages().list(onTelegram.id(), PageRequest.first(10)).items()).isEmpty();
  }

  @Test
  void aNegativePauseIsRefusedWhenTheSenderIsMade() {
    assertThatThrownBy(() -> new ReplySender(store, channel, new ReplySplitter(40), Duration.ofSeconds(-1),
        d -> { }, clock, IdGenerator.timeOrdered(clock)))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("delay"));
  }

  @Test
  void aWrongAuthorOrSellerIsRefusedBeforeAnythingIsSent() {
    Lead lead = t.lead();
    Conversation c = t.conversation(lead);
    Optional<String> answered = Optional.of("inbound-1");
    assertThatThrownBy(() -> sender.send(lead, c, "Hola.", answered, Author.LEAD, Optional.empty()))
        .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("author");
    assertThatThrownBy(() -> sender.send(lead, c, "Hola.", answered, null, Optional.empty()))
        .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("author");
    assertThatThrownBy(() -> sender.send(lead, c, "Hola.", answered, Author.SELLER, null))
        .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("seller");
    UserId seller = t.seller("Bruno", SellerProfile.of(SellerKind.CLOSER, 10)).id();
    assertThatThrownBy(() -> sender.send(lead, c, "Hola.", answered, Author.BOT, Optional.of(seller)))
        .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("seller");
    TenantFixture other = TenantFixture.create(store, clock);
    UserId theirs = other.seller("Carla", SellerProfile.of(SellerKind.CLOSER, 10)).id();
    assertThatThrownBy(() -> sender.send(lead, c, "Hola.", answered, Author.SELLER, Optional.of(theirs)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("not an active member");
    // A blank or missing reply is refused before the lead's message is marked read.
    assertThatThrownBy(() -> sender.send(lead, c, " \n ", answered, Author.BOT, Optional.empty()))
        .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("reply");
    assertThatThrownBy(() -> sender.send(lead, c, null, answered, Author.BOT, Optional.empty()))
        .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("reply");
    assertThat(channel.calls()).isEmpty();
    sender.send(lead, c, "Hola." + (char) 0, Optional.empty(), Author.SELLER, Optional.of(seller));
    assertThat(channel.calls()).singleElement().satisfies(call -> assertThat(call.content()).isEqualTo("Hola."));
  }

  @Test
  void aFailingReadReceiptIsIgnored() {
    Lead lead = t.lead();
    Conversation c = t.conversation(lead);
    channel.failReadReceipts(true);
    assertThat(sender.send(lead, c, "Hola.", Optional.of("inbound-1"), Author.BOT, Optional.empty())).hasSize(1);
    assertThat(channel.calls()).extracting(Call::kind).containsExactly(Kind.TYPING, Kind.TEXT);
  }

  @Test
  void aFailingTypingIndicatorIsIgnoredAndEveryBubbleIsStillSent() {
    Lead lead = t.lead();
    Conversation c = t.conversation(lead);
    channel.failTypingIndicators(true);
    List<Message> sent = sender.send(lead, c, "Hola Ana, gracias por escribir. El plan anual sale 120.000 pesos.",
        Optional.of("inbound-1"), Author.BOT, Optional.empty());
    assertThat(sent).hasSize(2).allSatisfy(m -> assertThat(m.providerMessageId()).isPresent());
    assertThat(channel.calls()).extracting(Call::kind).containsExactly(Kind.READ, Kind.TEXT, Kind.TEXT);
    assertThat(pauses).containsExactly(Duration.ofSeconds(4), Duration.ofSeconds(4));
  }
}
