package io.crmventas.core.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.IdGenerator;
import io.crmventas.core.InvalidInputException;
import io.crmventas.core.contact.ChannelUserId;
import io.crmventas.core.contact.ContactAddress;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.conversation.Author;
import io.crmventas.core.conversation.ConversationStatus;
import io.crmventas.core.conversation.DeliveryStatus;
import io.crmventas.core.conversation.Message;
import io.crmventas.core.conversation.MessageType;
import io.crmventas.core.event.DomainEvent;
import io.crmventas.core.event.EventBus;
import io.crmventas.core.event.EventPublisher;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadSource;
import io.crmventas.core.lead.LeadStatus;
import io.crmventas.core.scoring.LeadScoringService;
import io.crmventas.core.scoring.ScoringRule;
import io.crmventas.core.store.memory.InMemoryCrmStore;
import io.crmventas.core.testing.MutableClock;
import io.crmventas.core.testing.TenantFixture;
import io.crmventas.core.testing.TestData;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class InboundRecorderTest {
  private static final PhoneNumber LEAD = PhoneNumber.parse("+5491155550009");
  /** A click-to-WhatsApp ad, as a referral carries it. */
  private static final Referral AD = new Referral(Optional.of("ad"), Optional.of("120201"), Optional.empty(),
      Optional.of("Promo"), Optional.empty(), Optional.empty(), Optional.of("clid"));
  private final MutableClock clock = MutableClock.at(TestData.T0);
  private final InMemoryCrmStore store = InMemoryCrmStore.create(clock);
  private final TenantFixture t = TenantFixture.create(store, clock);
  private final List<DomainEvent> events = new CopyOnWriteArrayList<>();
  private final InboundRecorder recorder = new InboundRecorder(store,
      new EventBus().subscribe(DomainEvent.class, events::add), clock, IdGenerator.timeOrdered(clock), Optional.empty());

  private InboundMessage.Builder text(String id, String body) {
    return InboundMessage.builder("whatsapp", id, LEAD, "+5491100000000", clock.instant(), MessageType.TEXT).text(body);
  }

  @Test
  void aFirstMessageCreatesTheLeadAndRecordingItAgainChangesNothing() {
    InboundRecorder.Recorded first = recorder.record(t.id, text("m1", "hola").customerName("Ana").build());
    InboundRecorder.Recorded again = recorder.record(t.id, text("m1", "hola").customerName("Ana").build());
    assertThat(first.newMessage()).isTrue();
    assertThat(again.newMessage()).isFalse();
    assertThat(again.message().id()).isEqualTo(first.message().id());
    assertThat(first.lead().name()).contains("Ana");
    assertThat(first.lead().source()).isEqualTo(LeadSource.ORGANIC);
    assertThat(events).filteredOn(e -> e instanceof MessageReceived).hasSize(1);
  }

  @Test
  void anAdReferralAttributesTheLeadOnce() {
    InboundRecorder.Recorded r = recorder.record(t.id, text("m1", "vi el anuncio").referral(AD).build());
    recorder.record(t.id, text("m2", "otra vez").referral(AD).build());
    assertThat(r.lead().source()).isEqualTo(LeadSource.META_ADS);
    assertThat(r.lead().attribution()).hasValueSatisfying(a -> assertThat(a.adId()).isEqualTo("120201"));
    assertThat(events).filteredOn(e -> e instanceof MetaLeadReceived).hasSize(1);
  }

  @Test
  void aDeliveryRecordedAgainAfterAnAttemptThatDiedBeforePublishingPublishesItsEvents() {
    // The first attempt commits, then its worker dies: its events are never published.
    new InboundRecorder(store, EventPublisher.none(), clock, IdGenerator.timeOrdered(clock), Optional.empty())
        .record(t.id, text("m1", "vi el anuncio").referral(AD).build());
    assertThat(events).isEmpty();
    InboundRecorder.Recorded r = recorder.record(t.id, text("m1", "vi el anuncio").referral(AD).build(), true);
    assertThat(r.newMessage()).isFalse();
    assertThat(events).filteredOn(e -> e instanceof MessageReceived).hasSize(1);
    assertThat(events).filteredOn(e -> e instanceof MetaLeadReceived).singleElement()
        .satisfies(e -> assertThat(((MetaLeadReceived) e).attribution().adId()).isEqualTo("120201"));
    recorder.record(t.id, text("m1", "vi el anuncio").referral(AD).build(), false);
    assertThat(events).as("a first attempt of a stored message publishes nothing").hasSize(2);
  }

  @Test
  void aLaterAttemptAnnouncesTheNewAdLeadEvenAfterTheLeadWroteAgain() {
    // The first attempt commits and dies before publishing; the lead writes again meanwhile.
    new InboundRecorder(store, EventPublisher.none(), clock, IdGenerator.timeOrdered(clock), Optional.empty())
        .record(t.id, text("m1", "vi el anuncio").referral(AD).build());
    clock.advance(java.time.Duration.ofMinutes(1));
    recorder.record(t.id, text("m2", "¿hola?").build());
    recorder.record(t.id, text("m1", "vi el anuncio").referral(AD).build(), true);
    assertThat(events).filteredOn(e -> e instanceof MetaLeadReceived).hasSize(1);
  }

  @Test
  void aLaterAttemptForALeadAlreadyAttributedToTheAdDoesNotAnnounceANewAdLead() {
    recorder.record(t.id, text("m1", "vi el anuncio").referral(AD).build());
    // Days later the lead clicks the same ad again; that message's processing is retried.
    recorder.record(t.id, text("m2", "otra vez el anuncio").referral(AD).build());
    recorder.record(t.id, text("m2", "otra vez el anuncio").referral(AD).build(), true);
    assertThat(events).filteredOn(e -> e instanceof MetaLeadReceived).hasSize(1);
    assertThat(events).filteredOn(e -> e instanceof MessageReceived).hasSize(3);
  }

  @Test
  void aUsernameUsersMessagesMakeALeadByUserIdThatLaterGetsThePhone() {
    ChannelUserId bsuid = new ChannelUserId("AR.13491208655302741918");
    InboundRecorder.Recorded first = recorder.record(t.id, InboundMessage.builder("whatsapp", "u1",
        ContactAddress.of(bsuid), "+5491100000000", clock.instant(), MessageType.TEXT).text("hola").customerName("Ana")
        .build());
    assertThat(first.lead().phone()).isEmpty();
    assertThat(first.lead().channelUserId()).contains(bsuid);
    assertThat(first.lead().name()).contains("Ana");

    // Once they have talked, WhatsApp shows the number too: the same lead, now with both.
    InboundRecorder.Recorded second = recorder.record(t.id, InboundMessage.builder("whatsapp", "u2",
        ContactAddress.of(Optional.of(LEAD), Optional.of(bsuid)), "+5491100000000", clock.instant(), MessageType.TEXT)
        .text("mi número ya lo ves").build());
    assertThat(second.lead().id()).isEqualTo(first.lead().id());
    assertThat(second.conversation().id()).isEqualTo(first.conversation().id());
    assertThat(second.lead().phone()).contains(LEAD);
    assertThat(store.tenant(t.id).leads().findByPhone(LEAD)).map(l -> l.id()).contains(first.lead().id());
    assertThat(store.tenant(t.id).leads().count(io.crmventas.core.lead.LeadQuery.ALL)).isEqualTo(1);
  }

  @Test
  void anEchoIsTheSellersSentMessage() {
    InboundRecorder.Recorded r = recorder.record(t.id,
        text("e1", "te escribo desde el celu").origin(InboundMessage.Origin.BUSINESS_ECHO).build());
    assertThat(r.message().author()).isEqualTo(Author.SELLER);
    assertThat(r.message().deliveryStatus()).isEqualTo(DeliveryStatus.SENT);
    assertThat(events).filteredOn(e -> e instanceof MessageReceived)
        .singleElement().satisfies(e -> assertThat(((MessageReceived) e).fromCustomer()).isFalse());
  }

  private InboundRecorder recorderScoringWith(List<ScoringRule> rules) {
    LeadScoringService scoring = LeadScoringService.builder(store).clock(clock).rules(rules).build();
    return new InboundRecorder(store, new EventBus().subscribe(DomainEvent.class, events::add), clock,
        IdGenerator.timeOrdered(clock), Optional.of(scoring));
  }

  @Test
  void aCustomersNewMessageRescoresTheLeadAndAnEchoOrARepeatDoesNot() {
    java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
    ScoringRule counting = ScoringRule.of("counting", (ctx, out) -> runs.incrementAndGet());
    InboundRecorder scored = recorderScoringWith(List.of(counting));

    InboundRecorder.Recorded r = scored.record(t.id, text("m1", "quiero precio del plan anual").build());
    assertThat(runs).hasValue(1);
    assertThat(store.tenant(t.id).leads().find(r.lead().id()).orElseThrow().score()).isPresent();

    scored.record(t.id, text("m1", "quiero precio del plan anual").build());
    scored.record(t.id, text("e1", "hola, te paso el precio").origin(InboundMessage.Origin.BUSINESS_ECHO).build());
    assertThat(runs).hasValue(1);
  }

  @Test
  void aScoringFailureIsSwallowedAndTheMessageStaysRecorded() {
    ScoringRule broken = ScoringRule.of("broken", (ctx, out) -> {
      throw new IllegalStateException("rule exploded");
    });
    InboundRecorder.Recorded r = recorderScoringWith(List.of(broken)).record(t.id, text("m1", "hola").build());

    assertThat(r.newMessage()).isTrue();
    assertThat(store.tenant(t.id).messages().find(r.message().id())).isPresent();
    assertThat(store.tenant(t.id).leads().find(r.lead().id()).orElseThrow().score()).isEmpty();
    assertThat(events).filteredOn(e -> e instanceof MessageReceived).hasSize(1);
  }

  @Test
  void aNameOrTextLongerThanTheLeadOrMessageKeepsIsCutNotRefused() {
    String name = "Ana ".repeat(70);
    String text = "hola ".repeat(14_000);
    InboundRecorder.Recorded r = recorder.record(t.id, text("m1", text).customerName(name).build());
    assertThat(r.lead().name()).hasValueSatisfying(n -> assertThat(n).hasSize(Lead.MAX_NAME).endsWith("…"));
    assertThat(r.message().body()).hasValueSatisfying(b -> assertThat(b).hasSize(Message.MAX_TEXT).endsWith("…")
        .startsWith("hola hola"));
  }

  @Test
  void theLeadWritingIntoAClosedConversationOpensItAgain() {
    InboundRecorder.Recorded first = recorder.record(t.id, text("m1", "hola").build());
    store.tenant(t.id).conversations().setStatus(first.conversation().id(), ConversationStatus.CLOSED);
    InboundRecorder.Recorded again = recorder.record(t.id, text("m2", "¿siguen ahí?").build());
    assertThat(again.conversation().id()).isEqualTo(first.conversation().id());
    assertThat(store.tenant(t.id).conversations().find(first.conversation().id()).orElseThrow().status())
        .isEqualTo(ConversationStatus.OPEN);
    assertThat(again.conversation().awaitingReplySince()).isPresent();
    // A message recorded before (redelivered) does not undo a seller closing the conversation.
    store.tenant(t.id).conversations().setStatus(first.conversation().id(), ConversationStatus.CLOSED);
    recorder.record(t.id, text("m2", "¿siguen ahí?").build(), true);
    assertThat(store.tenant(t.id).conversations().find(first.conversation().id()).orElseThrow().status())
        .isEqualTo(ConversationStatus.CLOSED);
  }

  @Test
  void aFailingRescoreAfterAStatusChangeIsLoggedAndTheChangeStands() {
    ScoringRule broken = ScoringRule.of("broken", (ctx, out) -> {
      throw new IllegalStateException("rule exploded");
    });
    LeadScoringService scoring = LeadScoringService.builder(store).clock(clock).rules(List.of(broken)).build();
    Lead lead = t.lead();
    Lead qualified = scoring.changeStatus(t.id, lead.id(), LeadStatus.QUALIFIED);
    assertThat(qualified.status()).isEqualTo(LeadStatus.QUALIFIED);
    assertThat(store.tenant(t.id).leads().find(lead.id()).orElseThrow().status()).isEqualTo(LeadStatus.QUALIFIED);
    assertThat(scoring.updateQualification(t.id, lead.id(), q -> q).id()).isEqualTo(lead.id());
  }

  private static final ChannelUserId OLD_ID = new ChannelUserId("AR.13491208655302741918");
  private static final ChannelUserId NEW_ID = new ChannelUserId("AR.55501112223334445556");
  private static final PhoneNumber NEW_PHONE = PhoneNumber.parse("+5491166660001");
  /** {@code user_changed_number} as WhatsApp reports it now: old number and id, new number and id. */
  private static final ContactChange NUMBER_CHANGED = new ContactChange(
      ContactAddress.of(Optional.of(LEAD), Optional.of(OLD_ID)), ContactAddress.of(Optional.of(NEW_PHONE), Optional.of(NEW_ID)));

  @Test
  void aNumberChangeMovesTheLeadToTheNewNumberAndIdAndTheNextMessageFindsIt() {
    var lead = t.t.leads().create(t.leadBuilder(ContactAddress.of(Optional.of(LEAD), Optional.of(OLD_ID))).build());
    ContactChange.Applied applied = recorder.recordContactChange(t.id, NUMBER_CHANGED, false);
    assertThat(applied.outcome()).isEqualTo(ContactChange.Outcome.MOVED);
    var moved = t.t.leads().find(lead.id()).orElseThrow();
    assertThat(moved.phone()).contains(NEW_PHONE);
    assertThat(moved.channelUserId()).contains(NEW_ID);
    assertThat(t.t.leads().findByPhone(LEAD)).as("the old number is free for whoever gets it next").isEmpty();
    assertThat(events).singleElement().isEqualTo(new LeadContactChanged(t.id, lead.id(), NUMBER_CHANGED.previous(),
        moved.contact(), clock.instant()));

    InboundRecorder.Recorded next = recorder.record(t.id, InboundMessage.builder("whatsapp", "m1",
        ContactAddress.of(Optional.of(NEW_PHONE), Optional.of(NEW_ID)), "+5491100000000", clock.instant(),
        MessageType.TEXT).text("hola desde mi número nuevo").build());
    assertThat(next.lead().id()).isEqualTo(lead.id());
    InboundRecorder.Recorded recycled = recorder.record(t.id, text("m2", "hola, soy nuevo con este número").build());
    assertThat(recycled.lead().id()).as("a new owner of the old number").isNotEqualTo(lead.id());
  }

  @Test
  void aNumberChangeThatReportsNoNewIdDropsTheOldIdAndFindsAPhoneLeadWithoutOne() {
    var byPhone = t.t.leads().create(t.leadBuilder(ContactAddress.of(LEAD)).build());
    ContactChange noNewId = new ContactChange(ContactAddress.of(Optional.of(LEAD), Optional.of(OLD_ID)),
        ContactAddress.of(NEW_PHONE));
    assertThat(recorder.recordContactChange(t.id, noNewId, false).outcome()).isEqualTo(ContactChange.Outcome.MOVED);
    assertThat(t.t.leads().find(byPhone.id()).orElseThrow().contact()).isEqualTo(ContactAddress.of(NEW_PHONE));

    var withId = t.t.leads().create(t.leadBuilder(ContactAddress.of(Optional.of(LEAD), Optional.of(OLD_ID))).build());
    ContactChange phoneOnly = new ContactChange(ContactAddress.of(LEAD), ContactAddress.of(PhoneNumber.parse("+5491166660002")));
    assertThat(recorder.recordContactChange(t.id, phoneOnly, false).outcome()).isEqualTo(ContactChange.Outcome.MOVED);
    assertThat(t.t.leads().find(withId.id()).orElseThrow().contact()).as("an id the change does not name is kept")
        .isEqualTo(ContactAddress.of(Optional.of(PhoneNumber.parse("+5491166660002")), Optional.of(OLD_ID)));
  }

  @Test
  void aPhoneLeadWithAnotherUserIdIsNotTheOneAChangeNamingAnOldIdMoves() {
    var other = t.t.leads().create(t.leadBuilder(ContactAddress.of(Optional.of(LEAD),
        Optional.of(new ChannelUserId("AR.777")))).build());
    assertThat(recorder.recordContactChange(t.id, NUMBER_CHANGED, false).outcome())
        .isEqualTo(ContactChange.Outcome.NO_LEAD);
    assertThat(t.t.leads().find(other.id())).contains(other);
    assertThat(events).isEmpty();
  }

  @Test
  void aNewAddressAnotherLeadHasChangesNothing() {
    var lead = t.t.leads().create(t.leadBuilder(ContactAddress.of(Optional.of(LEAD), Optional.of(OLD_ID))).build());
    // The person's first message from the new number was recorded before the notice.
    var newer = t.t.leads().create(t.leadBuilder(ContactAddress.of(Optional.of(NEW_PHONE), Optional.of(NEW_ID))).build());
    ContactChange.Applied applied = recorder.recordContactChange(t.id, NUMBER_CHANGED, false);
    assertThat(applied.outcome()).isEqualTo(ContactChange.Outcome.TAKEN);
    assertThat(applied.lead()).contains(lead);
    assertThat(t.t.leads().find(lead.id())).contains(lead);
    assertThat(t.t.leads().find(newer.id())).contains(newer);
    // Only the id taken: still nothing, rather than half a move.
    t.t.leads().update(t.t.leads().find(newer.id()).orElseThrow().toBuilder()
        .phone(PhoneNumber.parse("+5491166660003")).build());
    assertThat(recorder.recordContactChange(t.id, NUMBER_CHANGED, false).outcome())
        .isEqualTo(ContactChange.Outcome.TAKEN);
    assertThat(t.t.leads().find(lead.id())).contains(lead);
    assertThat(events).isEmpty();
  }

  @Test
  void aChangeAppliedAgainChangesNothingAndALaterAttemptPublishesItsEventAgain() {
    var lead = t.t.leads().create(t.leadBuilder(ContactAddress.of(Optional.of(LEAD), Optional.of(OLD_ID))).build());
    // The first attempt stores the move, then its worker dies before publishing.
    new InboundRecorder(store, EventPublisher.none(), clock, IdGenerator.timeOrdered(clock), Optional.empty())
        .recordContactChange(t.id, NUMBER_CHANGED, false);
    var moved = t.t.leads().find(lead.id()).orElseThrow();
    assertThat(recorder.recordContactChange(t.id, NUMBER_CHANGED, false).outcome())
        .isEqualTo(ContactChange.Outcome.NO_LEAD);
    assertThat(events).isEmpty();
    assertThat(recorder.recordContactChange(t.id, NUMBER_CHANGED, true))
        .isEqualTo(new ContactChange.Applied(ContactChange.Outcome.UNCHANGED, Optional.of(moved)));
    assertThat(events).singleElement().isInstanceOf(LeadContactChanged.class);
    assertThat(t.t.leads().find(lead.id())).contains(moved);
    assertThat(recorder.recordContactChange(t.id, new ContactChange(ContactAddress.of(OLD_ID),
        ContactAddress.of(new ChannelUserId("AR.1"))), true).outcome()).isEqualTo(ContactChange.Outcome.NO_LEAD);
  }

  @Test
  void aChangeToTheSameAddressIsRefusedNamingTheField() {
    assertThatThrownBy(() -> new ContactChange(ContactAddress.of(OLD_ID), ContactAddress.of(OLD_ID)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("current");
  }
}
