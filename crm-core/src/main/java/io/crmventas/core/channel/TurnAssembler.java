package io.crmventas.core.channel;

import io.crmventas.core.IdGenerator;
import io.crmventas.core.conversation.Author;
import io.crmventas.core.conversation.Message;
import io.crmventas.core.conversation.MessageId;
import io.crmventas.core.conversation.MessageType;
import io.crmventas.core.event.EventPublisher;
import io.crmventas.core.inbox.InboxEvent;
import io.crmventas.core.inbox.InboxEventId;
import io.crmventas.core.inbox.InboxProcessor;
import io.crmventas.core.inbox.InboxStatus;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.TenantStore;
import io.crmventas.core.tenant.Setting;
import io.crmventas.core.tenant.Tenant;
import io.crmventas.core.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns bursts of a lead's messages into one turn for the assistant, durably and on any node.
 *
 * <p>A conversation's messages are taken in the order they were stored. A turn is a run of the
 * lead's messages, each stored within one window (tenant setting {@link #WINDOW}, default 8 s)
 * of the one before, with no other message between them. Each message the lead sends schedules
 * a check in the inbox (provider {@link #PROVIDER}) once it is ready (a voice note once it is
 * transcribed), due one window and a second later. A check whose message is followed, within
 * the window, by another message of the lead does nothing: the later message's check will.
 * Otherwise the message ends its turn, and {@link ConversationTurnReady} is published with the
 * turn's texts joined by line breaks; a turn of nothing but reactions asks for no answer and is
 * not published.
 *
 * <p>Every message of a burst of up to {@link #MAX_TURN} messages is in exactly one turn, however
 * late a message arrives: turns are cut by when messages were stored, which never changes, not by
 * when the lead's phone sent them. A message that arrives after its neighbour's turn was
 * published starts a turn of its own. Changing the window while a burst is in flight can cut
 * that burst differently from one check to the next (a message left out, or in two turns); later
 * bursts follow the new window.
 *
 * <p>A turn waits for its messages that are not ready yet (a voice note being transcribed, its
 * check not scheduled): it looks again every few seconds, through follow-up checks in the inbox
 * (no failed attempts), for up to {@link #READY_WAIT} after its last message's window; then it is
 * published with what those messages hold. A voice note that never becomes ready (its event
 * dead-lettered) and would end a turn holds that turn until the dead letter is retried.
 *
 * <p>Thread-safe; the event may be published again if a worker dies after publishing and before
 * completing.
 */
public final class TurnAssembler implements InboxProcessor.Handler {
  /** The inbox provider of turn checks. */
  public static final String PROVIDER = "crm-turn";
  /** How long the lead may pause between messages of one turn. */
  public static final Setting<Duration> WINDOW = Setting.duration("channel.turn.window", Duration.ofSeconds(8),
      Duration.ofSeconds(1), Duration.ofMinutes(5));
  /** How long, after a turn's window, it waits for a message of the turn that is not ready yet. */
  public static final Duration READY_WAIT = Duration.ofMinutes(2);
  /**
   * Added to the window before a check is due, so that a message timed just before the window
   * ends has committed by then and both checks see it. This holds as long as storing a message
   * takes less than this from the moment it is timed, and the nodes' clocks agree within it.
   */
  private static final Duration SETTLE = Duration.ofSeconds(1);
  /** How often a turn waiting for a message that is not ready looks again. */
  private static final Duration READY_POLL = Duration.ofSeconds(5);
  /**
   * The most messages in one turn. A burst longer than this (each message within a window of the
   * next) loses its earliest messages: each deferred to the next, and no turn reaches back to them.
   */
  public static final int MAX_TURN = 200;
  private static final Logger LOG = LoggerFactory.getLogger(TurnAssembler.class);

  private final CrmStore store;
  private final EventPublisher events;
  private final Clock clock;
  private final IdGenerator ids;

  public TurnAssembler(CrmStore store, EventPublisher events, Clock clock, IdGenerator ids) {
    this.store = Objects.requireNonNull(store, "store");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
  }

  /**
   * Schedules the check for a lead's message that was just stored and is ready (a voice note
   * once transcribed); again for the same message does nothing.
   */
  public void messageArrived(Message message) {
    Objects.requireNonNull(message, "message");
    if (message.author() != Author.LEAD) {
      return;
    }
    Instant now = clock.instant();
    Duration window = window(message.tenantId());
    store.inbox().append(new InboxEvent(InboxEventId.of(ids.next()), message.tenantId(), PROVIDER, checkId(message),
        "conversation.turn", message.id().toString(), InboxStatus.PENDING, 0, now.plus(window).plus(SETTLE),
        Optional.empty(), Optional.empty(), now, Optional.empty()));
  }

  private static String checkId(Message m) {
    return "turn:" + m.id();
  }

  @Override
  public void handle(InboxEvent event) {
    TenantStore t = store.tenant(event.tenantId());
    Optional<Message> found = t.messages().find(MessageId.parse(event.payload()));
    if (found.isEmpty()) {
      return;
    }
    if (t.inbox().find(PROVIDER, followUpId(event.eventId())).isPresent()) {
      // An earlier attempt of this check handed the turn to its follow-up, then its worker died
      // before completing it: the follow-up decides, or this would publish the turn twice.
      return;
    }
    Message last = found.get();
    Duration window = window(event.tenantId());
    // The message with the ones stored just before it (as many as a turn may hold) and the next.
    List<Message> stored = t.messages().storedAround(last.id(), MAX_TURN - 1, 1);
    int at = indexOf(stored, last);
    if (at < 0) {
      return;
    }
    if (at + 1 < stored.size() && sameTurn(last, stored.get(at + 1), window)) {
      return;
    }
    List<Message> turn = new ArrayList<>();
    turn.add(last);
    for (int i = at - 1; i >= 0 && turn.size() < MAX_TURN; i--) {
      if (!sameTurn(stored.get(i), turn.get(turn.size() - 1), window)) {
        break;
      }
      turn.add(stored.get(i));
    }
    Collections.reverse(turn);
    Optional<Message> unready = turn.stream()
        .filter(m -> m != last && t.inbox().find(PROVIDER, checkId(m)).isEmpty()).findFirst();
    if (unready.isPresent()) {
      Instant now = clock.instant();
      Instant giveUp = last.createdAt().plus(window).plus(READY_WAIT);
      if (now.isBefore(giveUp)) {
        // Checked again later by a follow-up check: waiting costs the worker no attempt.
        Instant next = min(now.plus(READY_POLL), giveUp);
        store.inbox().append(new InboxEvent(InboxEventId.of(ids.next()), event.tenantId(), PROVIDER,
            followUpId(event.eventId()), "conversation.turn", event.payload(), InboxStatus.PENDING, 0, next,
            Optional.empty(), Optional.empty(), now, Optional.empty()));
        LOG.debug("tenant={} turn ending at message {} waits for message {} (not ready yet) until {}",
            event.tenantId(), last.id(), unready.get().id(), next);
        return;
      }
      LOG.warn("tenant={} turn ending at message {} published without waiting longer for message {}",
          event.tenantId(), last.id(), unready.get().id());
    }
    if (turn.stream().allMatch(m -> m.type() == MessageType.REACTION)) {
      // A reaction on its own (a thumbs-up to a reply) asks for no answer.
      LOG.debug("tenant={} turn ending at message {} holds only reactions: not published", event.tenantId(), last.id());
      return;
    }
    List<String> texts = turn.stream().map(m -> m.text().orElse("")).filter(s -> !s.isBlank()).toList();
    events.publish(new ConversationTurnReady(event.tenantId(), last.leadId(), last.conversationId(),
        turn.stream().map(Message::id).toList(), String.join("\n", texts), last.providerMessageId().orElse(""),
        clock.instant()));
  }

  private static int indexOf(List<Message> stored, Message m) {
    for (int i = 0; i < stored.size(); i++) {
      if (stored.get(i).id().equals(m.id())) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The follow-up of check {@code eventId}: "turn:&lt;id&gt;" is followed by "turn:&lt;id&gt;/1", that
   * by "/2"... The same every time, so a check handled twice (a worker that died) adds one.
   */
  static String followUpId(String eventId) {
    int slash = eventId.lastIndexOf('/');
    if (slash < 0) {
      return eventId + "/1";
    }
    return eventId.substring(0, slash + 1) + (Integer.parseInt(eventId.substring(slash + 1)) + 1);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /** Whether {@code later}, stored right after {@code earlier}, continues its turn. */
  private static boolean sameTurn(Message earlier, Message later, Duration window) {
    return earlier.author() == Author.LEAD && later.author() == Author.LEAD
        && Duration.between(earlier.createdAt(), later.createdAt()).compareTo(window) <= 0;
  }

  private Duration window(TenantId tenant) {
    return store.tenants().find(tenant).map(Tenant::settings).map(s -> s.get(WINDOW)).orElse(WINDOW.defaultValue());
  }
}
