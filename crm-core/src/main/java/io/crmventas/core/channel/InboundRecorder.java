package io.crmventas.core.channel;

import io.crmventas.core.ConflictException;
import io.crmventas.core.IdGenerator;
import io.crmventas.core.contact.ChannelUserId;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.conversation.Author;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.conversation.ConversationId;
import io.crmventas.core.conversation.ConversationStatus;
import io.crmventas.core.conversation.DeliveryStatus;
import io.crmventas.core.conversation.Direction;
import io.crmventas.core.conversation.Message;
import io.crmventas.core.conversation.MessageId;
import io.crmventas.core.event.EventPublisher;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.lead.LeadSource;
import io.crmventas.core.lead.LeadStore;
import io.crmventas.core.lead.MetaAttribution;
import io.crmventas.core.scoring.LeadScoringService;
import io.crmventas.core.scoring.ScoreTrigger;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.InsertResult;
import io.crmventas.core.store.TenantStore;
import io.crmventas.core.tenant.TenantId;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores what a channel received: upserts the lead by phone or channel user id
 * ({@link io.crmventas.core.lead.LeadStore#upsertByContact}; name from the profile, and the
 * username from the lead's own messages; a Meta ad referral makes the source META_ADS with its
 * attribution), opens its conversation on the channel and appends the message, all in one unit
 * of work. A change of address the channel reports (a new number or user id) moves the lead:
 * {@link #recordContactChange}. Recording the same message again
 * (a redelivered or reprocessed event) changes nothing: messages are unique by provider id.
 *
 * <p>After the unit commits: {@link MessageReceived} for a new message, {@link MetaLeadReceived}
 * when this message attributed the lead to an ad, and a rescore for the lead's messages when a
 * scoring service is given (side work: its failure is logged, never thrown). Echoes of the
 * business's own messages are stored as the seller's, already sent.
 *
 * <p>Events are published at least once. A delivery recorded again after an earlier attempt (an
 * inbox event's later attempt: {@link #record(TenantId, InboundMessage, boolean)} with
 * {@code again}) publishes them again when the message is already stored, because the earlier
 * attempt may have committed and died before publishing: {@link MessageReceived} always, and
 * {@link MetaLeadReceived} when the message was the first of its conversation (a known lead
 * attributed by a later message, in an attempt that died, is not announced again). Listeners must
 * be idempotent.
 *
 * <p>Thread-safe.
 */
public final class InboundRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(InboundRecorder.class);

  /** How many times {@link #recordContactChange} decides again after a concurrent change. */
  public static final int CONTACT_CHANGE_ROUNDS = 3;
  /** How many times a message is recorded again after its conversation appeared meanwhile. */
  private static final int RECORD_ROUNDS = 3;

  private final CrmStore store;
  private final EventPublisher events;
  private final Clock clock;
  private final IdGenerator ids;
  private final Optional<LeadScoringService> scoring;

  /** What recording did. */
  public record Recorded(Lead lead, Conversation conversation, Message message, boolean newMessage) {}

  public InboundRecorder(CrmStore store, EventPublisher events, Clock clock, IdGenerator ids,
      Optional<LeadScoringService> scoring) {
    this.store = Objects.requireNonNull(store, "store");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
    this.scoring = Objects.requireNonNull(scoring, "scoring");
  }

  /** Records {@code m} for {@code tenant}, a first attempt; see the class description. */
  public Recorded record(TenantId tenant, InboundMessage m) {
    return record(tenant, m, false);
  }

  /**
   * Records {@code m} for {@code tenant}; see the class description.
   *
   * @param again whether this delivery was attempted before: if so and the message is already
   *     stored, its events are published (and the lead rescored) again
   */
  public Recorded record(TenantId tenant, InboundMessage m, boolean again) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(m, "message");
    AtomicReference<Optional<MetaAttribution>> attributed = new AtomicReference<>(Optional.empty());
    Recorded r;
    for (int round = 1; ; round++) {
      try {
        r = recordOnce(tenant, m, attributed);
        break;
      } catch (ConversationAppeared e) {
        if (round >= RECORD_ROUNDS) {
          throw e;
        }
        // Again, now finding the conversation, without taking the lead first.
      }
    }
    if (!r.newMessage() && !again) {
      return r;
    }
    return announce(tenant, m, r, attributed.get());
  }

  /**
   * Another unit opened the lead's conversation on this channel after this one looked for it and
   * locked the lead: writing that conversation now would take the lead before it, the other way
   * round from every other unit. The unit is rolled back and made again.
   */
  private static final class ConversationAppeared extends io.crmventas.core.RetriableException {
    ConversationAppeared() {
      super("the conversation appeared while the lead was locked; recorded again", null);
    }
  }

  private Recorded recordOnce(TenantId tenant, InboundMessage m,
      AtomicReference<Optional<MetaAttribution>> attributed) {
    return store.inTransaction(tx -> {
      TenantStore t = tx.tenant(tenant);
      LeadOutcome outcome = lead(t, tenant, m);
      attributed.set(outcome.attributed());
      Lead lead = outcome.lead();
      Optional<Conversation> existing = t.conversations().findByLead(lead.id(), m.channel());
      if (existing.isEmpty()) {
        // A first message on this channel: the new conversation takes the lead's seller, read
        // under the lead's lock. An assignment holding the lead gives its seller only to the
        // conversations it can see, so the lock waits for it to commit. Locked before the insert:
        // the insert's foreign key check shares the lead, and two first messages on two channels
        // each waiting to lock what the other shares would deadlock.
        lead = t.leads().lock(lead.id()).orElseThrow();
      }
      Conversation c;
      if (existing.isPresent()) {
        c = existing.get();
      } else {
        InsertResult<Conversation> opened = t.conversations().openOrGet(Conversation.open(
            ConversationId.of(ids.next()), tenant, lead.id(), m.channel(), lead.assignedSellerId(), clock.instant()));
        if (!opened.inserted()) {
          throw new ConversationAppeared();
        }
        c = opened.value();
      }
      InsertResult<Message> appended = t.conversations().append(message(tenant, c, lead.id(), m));
      if (m.fromCustomer() && appended.inserted() && c.status() == ConversationStatus.CLOSED) {
        // The lead writes again: the conversation is live (alerts, the seller's load) even if
        // the lead stays closed until a seller reopens it. Not for a message recorded before (a
        // redelivery), which must not undo a seller closing the conversation since.
        t.conversations().setStatus(c.id(), ConversationStatus.OPEN);
        c = t.conversations().find(c.id()).orElseThrow();
      }
      return new Recorded(lead, c, appended.value(), appended.inserted());
    });
  }

  /** Publishes what recording {@code m} did (and rescores the lead), once it is stored. */
  private Recorded announce(TenantId tenant, InboundMessage m, Recorded r, Optional<MetaAttribution> attributedNow) {
    Optional<MetaAttribution> ad = r.newMessage() ? attributedNow : attributedBefore(tenant, r, m);
    ad.ifPresent(a -> events.publish(new MetaLeadReceived(tenant, r.lead().id(), a, clock.instant())));
    events.publish(new MessageReceived(tenant, r.lead().id(), r.conversation().id(), r.message().id(), m.channel(),
        m.fromCustomer(), clock.instant()));
    if (m.fromCustomer()) {
      scoring.ifPresent(s -> {
        try {
          s.rescore(tenant, r.lead().id(), ScoreTrigger.INBOUND_MESSAGE);
        } catch (RuntimeException e) {
          LOG.warn("tenant={} lead={} rescore after an inbound message failed: {}", tenant, r.lead().id(), e.toString());
        }
      });
    }
    return r;
  }

  /**
   * Moves the person's lead to the new address a channel reported ({@link ContactChange}), in one
   * unit of work, and publishes {@link LeadContactChanged} once it is stored.
   *
   * <p>The lead is the one with the previous user id; else, when the change names no previous user
   * id or that lead has none, the one with the previous phone number. It takes the current
   * address as {@link ContactChange} describes. Nothing changes when no lead has the previous
   * address ({@link ContactChange.Outcome#NO_LEAD}) or when another lead already has the new
   * phone number or user id ({@link ContactChange.Outcome#TAKEN}: the person's next message was
   * recorded first; the two leads are not merged). Work committed concurrently is taken into
   * account: if the lead changes between the read that chose it and its lock (a message recorded
   * for it meanwhile), or another unit takes the new number or user id before this one commits,
   * the change is decided again on what is committed, up to {@value #CONTACT_CHANGE_ROUNDS}
   * times, then a {@link ConflictException} is thrown (without the contested value).
   *
   * @param again whether this change was attempted before: if so, no lead has the previous
   *     address and a lead already has the new one (an earlier attempt stored the move and may
   *     have died before publishing), the outcome is {@link ContactChange.Outcome#UNCHANGED} and
   *     {@link LeadContactChanged} is published again for that lead (also if it got the address
   *     some other way, which listeners cannot tell from a repeat)
   */
  public ContactChange.Applied recordContactChange(TenantId tenant, ContactChange change, boolean again) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(change, "change");
    ContactChange.Applied applied;
    for (int round = 1; ; round++) {
      try {
        applied = store.inTransaction(tx -> applyContactChange(tx.tenant(tenant).leads(), change, again));
        break;
      } catch (ConflictException e) {
        // Another unit changed the lead, or took the new number or id, after this one read them
        // (PostgreSQL waits for it, then refuses the update): decide again on what is committed.
        if (round == CONTACT_CHANGE_ROUNDS) {
          // Without the conflicting value: it is a phone number or user id, and this ends in logs.
          throw new ConflictException(e.rule(), "the lead of a contact change kept changing concurrently ("
              + e.rule() + ")");
        }
      }
    }
    boolean publish = applied.outcome() == ContactChange.Outcome.MOVED
        || again && applied.outcome() == ContactChange.Outcome.UNCHANGED;
    if (publish) {
      Lead lead = applied.lead().orElseThrow();
      events.publish(new LeadContactChanged(tenant, lead.id(), change.previous(), lead.contact(), clock.instant()));
    }
    return applied;
  }

  /**
   * Records a channel's delivery status for the message it sent with {@code providerMessageId}
   * ({@link io.crmventas.core.conversation.MessageStore#advanceDeliveryStatus}: forward only; a
   * failed message answers nothing). When the message is failed afterwards and the update said
   * failed, publishes {@link MessageDeliveryFailed} with {@code failure}; again on every such
   * update, so listeners should be idempotent.
   *
   * @param failure why it failed, for a {@link DeliveryStatus#FAILED} update (ignored otherwise;
   *     {@link DeliveryFailure.Reason#OTHER} with nothing else if empty)
   * @return the message as stored afterwards; empty if no message has that provider id
   */
  public Optional<Message> recordDeliveryStatus(TenantId tenant, String providerMessageId, DeliveryStatus status,
      Optional<DeliveryFailure> failure) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(providerMessageId, "providerMessageId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(failure, "failure");
    Optional<Message> stored = store.tenant(tenant).messages().advanceDeliveryStatus(providerMessageId, status);
    if (status == DeliveryStatus.FAILED && stored.filter(m -> m.deliveryStatus() == DeliveryStatus.FAILED).isPresent()) {
      Message m = stored.get();
      DeliveryFailure why = failure.orElseGet(
          () -> new DeliveryFailure(DeliveryFailure.Reason.OTHER, Optional.empty(), Optional.empty()));
      LOG.info("tenant={} message {} could not be delivered: {}{}", tenant, m.id(), why.reason(),
          why.code().map(c -> " (" + c + ")").orElse(""));
      events.publish(new MessageDeliveryFailed(tenant, m.leadId(), m.conversationId(), m.id(), providerMessageId, why,
          clock.instant()));
    }
    return stored;
  }

  private static ContactChange.Applied applyContactChange(LeadStore leads, ContactChange change, boolean again) {
    Optional<Lead> found = change.previous().userId().flatMap(leads::findByChannelUserId)
        .or(() -> change.previous().phone().flatMap(leads::findByPhone)
            .filter(l -> change.previous().userId().isEmpty() || l.channelUserId().isEmpty()));
    if (found.isEmpty()) {
      // On a later attempt: the lead an earlier attempt moved, if that is what happened.
      Optional<Lead> moved = !again ? Optional.empty()
          : Stream.of(change.current().userId().flatMap(leads::findByChannelUserId),
                  change.current().phone().flatMap(leads::findByPhone))
              .flatMap(Optional::stream).filter(l -> change.phoneOf(l).equals(l.phone())
                  && change.userIdOf(l).equals(l.channelUserId()))
              .findFirst();
      return moved.map(l -> new ContactChange.Applied(ContactChange.Outcome.UNCHANGED, Optional.of(l)))
          .orElseGet(() -> new ContactChange.Applied(ContactChange.Outcome.NO_LEAD, Optional.empty()));
    }
    Lead lead = leads.lock(found.get().id()).orElseThrow();
    if (lead.version() != found.get().version()) {
      // Changed between the read that chose it and the lock: it may no longer be the one.
      throw new ConflictException("lead.version", "lead " + lead.id() + " changed while a contact change chose it");
    }
    Optional<PhoneNumber> phone = change.phoneOf(lead);
    Optional<ChannelUserId> userId = change.userIdOf(lead);
    if (phone.equals(lead.phone()) && userId.equals(lead.channelUserId())) {
      return new ContactChange.Applied(ContactChange.Outcome.UNCHANGED, Optional.of(lead));
    }
    boolean taken = !phone.equals(lead.phone()) && phone.flatMap(leads::findByPhone).isPresent()
        || !userId.equals(lead.channelUserId()) && userId.flatMap(leads::findByChannelUserId).isPresent();
    if (taken) {
      return new ContactChange.Applied(ContactChange.Outcome.TAKEN, Optional.of(lead));
    }
    Lead updated = leads.update(lead.toBuilder().phone(phone.orElse(null)).channelUserId(userId.orElse(null)).build());
    return new ContactChange.Applied(ContactChange.Outcome.MOVED, Optional.of(updated));
  }

  /**
   * The ad an earlier attempt attributed the lead to with this message: the message is the first
   * stored in its conversation (the lead's first on this channel) and the lead carries its ad. A
   * known lead clicking an ad it is already attributed to gets nothing: that is not a new ad lead.
   */
  private Optional<MetaAttribution> attributedBefore(TenantId tenant, Recorded r, InboundMessage m) {
    if (!m.fromCustomer()) {
      return Optional.empty();
    }
    return m.referral().flatMap(Referral::metaAttribution)
        .filter(a -> r.lead().attribution().filter(a::equals).isPresent())
        .filter(a -> store.tenant(tenant).messages().storedAround(r.message().id(), 1, 0).size() == 1);
  }

  private record LeadOutcome(Lead lead, Optional<MetaAttribution> attributed) {}

  private LeadOutcome lead(TenantStore t, TenantId tenant, InboundMessage m) {
    Optional<MetaAttribution> ad = m.fromCustomer()
        ? m.referral().flatMap(Referral::metaAttribution) : Optional.empty();
    Lead.Builder candidate = Lead.builder(LeadId.of(ids.next()), tenant, m.customer(), clock.instant())
        .name(m.customerName().map(n -> io.crmventas.core.internal.Check.clip(n, Lead.MAX_NAME)).orElse(null))
        // The lead's own message says how they show now; an echo's profile may be older.
        .username(m.fromCustomer() ? m.customerUsername().orElse(null) : null);
    ad.ifPresent(a -> candidate.source(LeadSource.META_ADS).attribution(a));
    InsertResult<Lead> upserted = t.leads().upsertByContact(candidate.build());
    Lead lead = upserted.value();
    if (upserted.inserted()) {
      return new LeadOutcome(lead, ad);
    }
    if (ad.isPresent() && lead.attribution().isEmpty()) {
      // A known lead who now clicked an ad: the ad is where this conversation came from.
      Lead locked = t.leads().lock(lead.id()).orElse(lead);
      if (locked.attribution().isEmpty()) {
        return new LeadOutcome(
            t.leads().update(locked.toBuilder().source(LeadSource.META_ADS).attribution(ad.get()).build()), ad);
      }
      return new LeadOutcome(locked, Optional.empty());
    }
    return new LeadOutcome(lead, Optional.empty());
  }

  private Message message(TenantId tenant, Conversation c, LeadId lead, InboundMessage m) {
    Map<String, String> metadata = new HashMap<>();
    metadata.put("channel", m.channel());
    m.externalId().ifPresent(v -> metadata.put("externalId", v));
    m.replyToId().ifPresent(v -> metadata.put("replyTo", v));
    m.summary().ifPresent(v -> metadata.put("summary", io.crmventas.core.internal.Check.clip(v, 1000)));
    boolean echo = !m.fromCustomer();
    // Cut, never refused: the webhook acknowledged it, and a message is never dropped.
    Optional<String> body = m.readableText().map(t -> io.crmventas.core.internal.Check.clip(t, Message.MAX_TEXT));
    return new Message(MessageId.of(ids.next()), tenant, c.id(), lead, echo ? Direction.OUTBOUND : Direction.INBOUND,
        echo ? Author.SELLER : Author.LEAD, Optional.empty(), m.type(), body, m.media(), Optional.empty(),
        Optional.of(m.providerMessageId()), echo ? DeliveryStatus.SENT : DeliveryStatus.RECEIVED, metadata, m.sentAt(),
        clock.instant());
  }
}
